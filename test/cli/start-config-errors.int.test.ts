import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { deletePrefix, prefixPattern, scanKeys, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.js';

const CLI = ['--import', 'tsx', path.resolve('cli/main.ts')];
const SECRET_TOKEN = 'tok-Secret-9f8e7d';

function crier(args: string[], env: Record<string, string | undefined>) {
  return spawnSync(process.execPath, [...CLI, ...args], { encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'warn', ...env }, timeout: 60_000 });
}

/** A config that would poll a real feed and post to Discord live, under its own Redis prefix. */
function configFile(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'crier-start-'));
  const file = path.join(dir, 'crier.yaml');
  writeFileSync(
    file,
    [
      'feeds:',
      `  - { id: desk, url: ${JSON.stringify(path.resolve('config/sample-feed.xml'))}, backfill: 3 }`,
      'networks:',
      '  discord: { mode: live }',
      `redis: { prefix: ${JSON.stringify(prefix)}, autoStart: false }`,
      `outbox: { dir: ${JSON.stringify(path.join(dir, 'outbox'))} }`,
      'web: { port: 0 }',
      '',
    ].join('\n'),
  );
  return file;
}

describe('crier start refuses a wrong setting before anything is polled', { timeout: 120_000 }, () => {
  const prefixes: string[] = [];
  afterAll(async () => {
    for (const p of prefixes) await deletePrefix(p);
  });

  it('a malformed DISCORD_WEBHOOK_URL: exit 2, the variable named, its value never shown, nothing in Redis', async () => {
    const prefix = uniquePrefix('start-cfg');
    prefixes.push(prefix);
    const r = crier(['start', '--config', configFile(prefix)], { REDIS_URL: TEST_REDIS_URL, DISCORD_WEBHOOK_URL: `https://discord.com/api/webhook/1/${SECRET_TOKEN}` });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/networks\.discord: DISCORD_WEBHOOK_URL is not a Discord webhook URL/);
    expect(`${r.stdout}${r.stderr}`).not.toContain(SECRET_TOKEN);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    // No feed scheduler, no poll, no article, no queue: Crier never got as far as Redis.
    const redis = new Redis(TEST_REDIS_URL);
    try {
      expect(await scanKeys(redis, prefixPattern(prefix))).toEqual([]);
    } finally {
      redis.disconnect();
    }
  });

  it('a missing webhook URL and a bad session secret are reported together by `crier check`, exit 2', () => {
    const prefix = uniquePrefix('check-cfg');
    prefixes.push(prefix);
    const r = crier(['check', '--config', configFile(prefix)], { REDIS_URL: TEST_REDIS_URL, DISCORD_WEBHOOK_URL: undefined, DISCORD_WEBHOOK_URL_FILE: undefined, CRIER_SESSION_SECRET: 'too-short' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('networks.discord: live mode needs DISCORD_WEBHOOK_URL');
    expect(r.stderr).toMatch(/web: CRIER_SESSION_SECRET must be at least 32 characters/);
    expect(r.stderr).not.toContain('too-short');
  });
});
