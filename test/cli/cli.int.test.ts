import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pingRedis } from '../../src/queues/connection.js';
import { freePort } from '../helpers/redis-procs.js';

const CLI = ['--import', 'tsx', path.resolve('cli/main.ts')];

function crier(args: string[], env: Record<string, string | undefined> = {}, input?: string) {
  return spawnSync(process.execPath, [...CLI, ...args], { encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'warn', ...env }, timeout: 60_000, ...(input !== undefined ? { input } : {}) });
}

describe('crier CLI', { timeout: 180_000 }, () => {
  it('a bad config prints every problem with its path, exits 2, no stack trace', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'crier-cli-'));
    const file = path.join(dir, 'bad.yaml');
    writeFileSync(file, 'feeds:\n  - id: desk\n    url: ftp://nope\n  - id: desk\n    url: https://ok.example/feed\n    intervalSeconds: 0\nnetworks:\n  x: { mode: live }\n');
    const r = crier(['check', '--config', file], { X_OAUTH2_TOKEN: undefined, X_APP_KEY: undefined });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('feeds[0].url: expected a URL');
    expect(r.stderr).toContain('feeds[1].intervalSeconds');
    expect(r.stderr).toContain('networks.x: live mode needs');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stderr.split('\n').length).toBeLessThan(20);
  });

  it('CRIER_CONFIG is honoured when --config is absent', () => {
    const r = crier(['status'], { CRIER_CONFIG: '/nonexistent/crier.yaml' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('/nonexistent/crier.yaml');
  });

  it('an unreachable Redis gives one clear screen and a non-zero exit', async () => {
    const r = crier(['status'], { REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/Redis is not reachable at redis:\/\/127\.0\.0\.1:\d+/);
    expect(r.stderr).toContain('apt-get install redis-server');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('`start` with no Redis and no redis-server says what to install and exits non-zero', async () => {
    // A PATH with node and nothing else: node may live next to redis-server in /usr/bin.
    const bin = mkdtempSync(path.join(tmpdir(), 'crier-path-'));
    symlinkSync(process.execPath, path.join(bin, 'node'));
    const r = crier(['start'], { REDIS_URL: `redis://127.0.0.1:${await freePort()}`, PATH: bin });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/redis-server could not be started \(not installed\)/);
    expect(r.stderr).toContain('Install Redis');
  });

  it('user add reads the password from stdin and prints a config entry that validates', () => {
    const r = crier(['user', 'add', 'amna', '--role', 'editor', '--password-stdin'], {}, 'correct horse battery\n');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).not.toContain('correct horse battery');
    const dir = mkdtempSync(path.join(tmpdir(), 'crier-user-'));
    const file = path.join(dir, 'crier.yaml');
    writeFileSync(file, `feeds:\n  - { id: desk, url: config/sample-feed.xml }\nweb:\n  users:\n${r.stdout.replace(/^/gm, '  ')}`);
    expect(crier(['preview', 'config/sample-feed.xml', '--json', '--config', file]).status).toBe(0);
    const short = crier(['user', 'add', 'amna', '--role', 'editor', '--password-stdin'], {}, 'short\n');
    expect(short.status).toBe(1);
    expect(short.stderr).toMatch(/at least \d+ characters/);
  });

  it('preview --json prints every item with drafts within each limit, without Redis', async () => {
    const r = crier(['preview', 'config/sample-feed.xml', '--json'], { REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
    expect(r.status, r.stderr).toBe(0);
    const items = JSON.parse(r.stdout) as { key: string; title: string; url: string; drafts: Record<string, { text: string; length: number; limit: number }> }[];
    expect(items.length).toBeGreaterThanOrEqual(6);
    const defence = items.find((i) => /Turkiye/.test(i.title));
    expect(defence?.url).toMatch(/^https:\/\/southasiandesk\.example\//);
    for (const item of items) {
      expect(Object.keys(item.drafts).sort()).toEqual(['facebook', 'instagram', 'x']);
      for (const d of Object.values(item.drafts)) {
        expect(d.length).toBeLessThanOrEqual(d.limit);
        expect(d.text.length).toBeGreaterThan(0);
      }
    }
    const x = crier(['preview', 'config/sample-feed.xml', '--json', '--network', 'x'], {});
    expect(Object.keys((JSON.parse(x.stdout) as { drafts: object }[])[0]?.drafts ?? {})).toEqual(['x']);
  });

  it('`start` launches redis-server itself (AOF on), posts the sample feed to the outbox, and stops both on SIGTERM', async () => {
    const port = await freePort();
    const dir = mkdtempSync(path.join(tmpdir(), 'crier-start-'));
    const config = path.join(dir, 'crier.yaml');
    writeFileSync(
      config,
      `redis: { dataDir: ${JSON.stringify(path.join(dir, 'redis'))} }\nweb: { port: 0 }\noutbox: { dir: ${JSON.stringify(path.join(dir, 'outbox'))} }\n` +
        `feeds:\n  - { id: desk, url: ${JSON.stringify(path.resolve('config/sample-feed.xml'))}, backfill: 2 }\nnetworks:\n  x: {}\n  facebook: {}\n`,
    );
    const child = spawn(process.execPath, [...CLI, 'start', '--config', config], { env: { ...process.env, REDIS_URL: `redis://127.0.0.1:${port}`, LOG_LEVEL: 'info' } });
    let log = '';
    child.stdout.on('data', (d: Buffer) => (log += d.toString()));
    child.stderr.on('data', (d: Buffer) => (log += d.toString()));
    const outbox = path.join(dir, 'outbox', 'facebook.jsonl');
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && !(existsSync(outbox) && readFileSync(outbox, 'utf8').trim().split('\n').length === 2)) await new Promise((r) => setTimeout(r, 200));
    expect(log).toContain('started an embedded redis-server');
    expect(readFileSync(outbox, 'utf8').trim().split('\n')).toHaveLength(2);
    expect(readdirSync(path.join(dir, 'redis')).some((f) => f.startsWith('appendonly'))).toBe(true);
    const code = await new Promise<number | null>((resolve) => {
      child.once('exit', resolve);
      child.kill('SIGTERM');
    });
    expect(code).toBe(0);
    expect(log).toContain('stopped cleanly');
    expect((await pingRedis(`redis://127.0.0.1:${port}`)).ok).toBe(false);
  }, 60_000);
});
