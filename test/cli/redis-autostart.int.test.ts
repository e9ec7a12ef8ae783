import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { pingRedis } from '../../src/queues/connection.js';
import { markerPath } from '../../src/shared/redis-data-dir.js';
import { ensureRedis } from '../../src/shared/redis-server.js';
import { crier, freePort, startRedisServer } from './cli-helpers.js';

const tempDir = (label: string) => mkdtempSync(path.join(tmpdir(), `crier-${label}-`));

/** With redis.autoStart, an empty Redis must never stand in for the one Crier has been using (#13). */
describe('redis auto-start only on a data directory Crier owns', { timeout: 120_000 }, () => {
  it('a fresh directory is created and marked; its data survives a stop and a second start', async () => {
    const port = await freePort();
    const url = `redis://127.0.0.1:${port}`;
    const dataDir = path.join(tempDir('own'), 'redis');
    const first = await ensureRedis(url, { autoStart: true, dataDir });
    expect(first.started).toBe(true);
    expect(JSON.parse(readFileSync(markerPath(dataDir), 'utf8'))).toMatchObject({ mode: 'embedded', port: String(port), pid: expect.any(Number) });
    const client = new Redis(url);
    await client.set('crier-autostart-probe', 'kept');
    client.disconnect();
    await first.stop();
    expect(JSON.parse(readFileSync(markerPath(dataDir), 'utf8')).pid).toBeUndefined();
    const second = await ensureRedis(url, { autoStart: true, dataDir });
    try {
      expect(second.started).toBe(true);
      const again = new Redis(url);
      expect(await again.get('crier-autostart-probe')).toBe('kept');
      again.disconnect();
    } finally {
      await second.stop();
    }
  });

  it('after using a Redis it did not start, Crier refuses to start an empty one when that Redis is down', async () => {
    const port = await freePort();
    const dataDir = path.join(tempDir('ext'), 'redis');
    const usual = await startRedisServer(port, tempDir('usual'));
    const found = await ensureRedis(usual.url, { autoStart: true, dataDir });
    expect(found.started).toBe(false);
    expect(JSON.parse(readFileSync(markerPath(dataDir), 'utf8'))).toMatchObject({ mode: 'external', url: `${usual.url}` });
    await usual.stop();
    await expect(ensureRedis(usual.url, { autoStart: true, dataDir })).rejects.toThrow(/Crier has been using a Redis it did not start .*would post old stories again.*Start that Redis again/);
    expect((await pingRedis(usual.url)).ok).toBe(false);
  });

  it('a non-empty directory without the marker is refused, with how to adopt it', async () => {
    const dataDir = tempDir('foreign');
    writeFileSync(path.join(dataDir, 'dump.rdb'), 'someone else’s data');
    const url = `redis://127.0.0.1:${await freePort()}`;
    await expect(ensureRedis(url, { autoStart: true, dataDir })).rejects.toThrow(/is not empty and was not created by Crier \(no crier-redis\.json\).*adopt it with: echo/);
    expect((await pingRedis(url)).ok).toBe(false);
    expect(existsSync(markerPath(dataDir))).toBe(false);
  });

  it('`crier start` whose usual Redis is down says why and exits 1 without posting anything', async () => {
    const port = await freePort();
    const dir = tempDir('start-refused');
    const dataDir = path.join(dir, 'redis');
    mkdirSync(dataDir);
    writeFileSync(markerPath(dataDir), JSON.stringify({ mode: 'external', url: `redis://127.0.0.1:${port}` }));
    const config = path.join(dir, 'crier.yaml');
    writeFileSync(
      config,
      `redis: { dataDir: ${JSON.stringify(dataDir)} }\nweb: { port: 0 }\noutbox: { dir: ${JSON.stringify(path.join(dir, 'outbox'))} }\n` +
        `feeds:\n  - { id: desk, url: ${JSON.stringify(path.resolve('config/sample-feed.xml'))}, backfill: 2 }\nnetworks:\n  x: {}\n`,
    );
    const r = crier(['start', '--config', config], { REDIS_URL: `redis://127.0.0.1:${port}` });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('Crier will not start its own');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(path.join(dir, 'outbox'))).toBe(false);
    expect((await pingRedis(`redis://127.0.0.1:${port}`)).ok).toBe(false);
  });
});
