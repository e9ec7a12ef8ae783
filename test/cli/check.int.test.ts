import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.js';
import { crier, freePort } from './cli-helpers.js';

const SECRET = 'k'.repeat(40);

function configWith(body: string): { file: string; dir: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'crier-check-'));
  const file = path.join(dir, 'crier.yaml');
  writeFileSync(file, `redis: { prefix: ${JSON.stringify(uniquePrefix('cli-check'))}, autoStart: false }\noutbox: { dir: ${JSON.stringify(path.join(dir, 'outbox'))} }\n${body}`);
  return { file, dir };
}

const row = (stdout: string, what: string) => stdout.split('\n').find((l) => l.startsWith(`${what} `)) ?? `(no ${what} row)`;

describe('crier check (real CLI, real Redis)', { timeout: 180_000 }, () => {
  it('reaches and parses every feed, and names the reason of each that fails (exit 1)', async () => {
    const { file, dir } = configWith('');
    const page = path.join(dir, 'page.xml');
    writeFileSync(page, '<!doctype html><html><body>not a feed</body></html>');
    const port = await freePort();
    writeFileSync(
      file,
      `redis: { autoStart: false }\nfeeds:\n  - { id: good, url: ${JSON.stringify(path.resolve('config/sample-feed.xml'))} }\n` +
        `  - { id: page, url: ${JSON.stringify(page)} }\n  - { id: down, url: "http://127.0.0.1:${port}/feed.xml", timeoutSeconds: 5 }\nnetworks:\n  x: {}\n`,
    );
    const r = crier(['check', '--config', file], { REDIS_URL: TEST_REDIS_URL, CRIER_SESSION_SECRET: SECRET });
    expect(r.status, r.stdout + r.stderr).toBe(1);
    expect(row(r.stdout, 'feed good')).toMatch(/\bok\b.*\d+ item\(s\)/);
    expect(row(r.stdout, 'feed page')).toMatch(/FAIL.*not-a-feed: .*web page \(HTML\)/);
    expect(row(r.stdout, 'feed down')).toMatch(/FAIL.*network/);
    expect(row(r.stdout, 'session secret')).toMatch(/ok\s+CRIER_SESSION_SECRET: 40 characters/);
    expect(r.stdout).not.toContain(SECRET);
  });

  it('all good on loopback without users (warn only): exit 0; the same config on 0.0.0.0 fails for want of users', () => {
    const feed = `feeds:\n  - { id: good, url: ${JSON.stringify(path.resolve('config/sample-feed.xml'))} }\nnetworks:\n  x: {}\n`;
    const local = configWith(feed);
    const ok = crier(['check', '--config', local.file], { REDIS_URL: TEST_REDIS_URL, CRIER_SESSION_SECRET: undefined, CRIER_WEB_HOST: undefined });
    expect(ok.status, ok.stdout + ok.stderr).toBe(0);
    expect(row(ok.stdout, 'web users')).toMatch(/warn\s+none: on 127\.0\.0\.1/);
    expect(row(ok.stdout, 'session secret')).toMatch(/warn\s+CRIER_SESSION_SECRET is not set/);
    const open = crier(['check', '--config', local.file], { REDIS_URL: TEST_REDIS_URL, CRIER_SESSION_SECRET: SECRET, CRIER_WEB_HOST: '0.0.0.0' });
    expect(open.status, open.stdout + open.stderr).toBe(1);
    expect(row(open.stdout, 'web users')).toMatch(/FAIL\s+none, and the desk listens on 0\.0\.0\.0/);
  });

  it('a session secret that is too short is a config error (exit 2) naming the variable, never its value', () => {
    const { file } = configWith(`feeds:\n  - { id: good, url: ${JSON.stringify(path.resolve('config/sample-feed.xml'))} }\n`);
    const r = crier(['check', '--config', file], { REDIS_URL: TEST_REDIS_URL, CRIER_SESSION_SECRET: 'short-secret-123' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/CRIER_SESSION_SECRET must be at least 32 characters/);
    expect(r.stderr).not.toContain('short-secret-123');
  });
});
