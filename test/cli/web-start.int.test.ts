import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.js';
import { spawnCrier } from './cli-helpers.js';

function config(port: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'crier-web-'));
  const file = path.join(dir, 'crier.yaml');
  writeFileSync(file, `redis: { prefix: ${JSON.stringify(uniquePrefix('cli-web'))}, autoStart: false }\nweb: { port: ${port} }\nfeeds:\n  - { id: desk, url: ${JSON.stringify(path.resolve('config/sample-feed.xml'))} }\nnetworks:\n  x: {}\n`);
  return file;
}

/** `crier web` has nothing else to do when the desk cannot listen: it must say why and exit, not hang. */
describe('crier web that cannot start (real CLI)', { timeout: 120_000 }, () => {
  it('port in use: one clear error line and exit 1', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    try {
      const web = spawnCrier(['web', '--config', config(port)], { REDIS_URL: TEST_REDIS_URL, LOG_LEVEL: 'warn', CRIER_SESSION_SECRET: 's'.repeat(40) });
      const code = await Promise.race([web.exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 60_000))]);
      if (code === 'hung') await web.stop('SIGKILL');
      expect(code, web.output()).toBe(1);
      expect(web.output()).toContain(`web desk could not start: port ${port} on 127.0.0.1 is in use`);
      expect(web.output()).not.toMatch(/\n\s+at /);
    } finally {
      blocker.close();
    }
  });

  it('a session secret that is too short: refused before listening, exit 2, the value never printed', async () => {
    const web = spawnCrier(['web', '--config', config(0)], { REDIS_URL: TEST_REDIS_URL, LOG_LEVEL: 'warn', CRIER_SESSION_SECRET: 'tooshort-abc' });
    const code = await Promise.race([web.exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 60_000))]);
    if (code === 'hung') await web.stop('SIGKILL');
    expect(code, web.output()).toBe(2);
    expect(web.output()).toContain('CRIER_SESSION_SECRET must be at least 32 characters');
    expect(web.output()).not.toContain('tooshort-abc');
  });
});
