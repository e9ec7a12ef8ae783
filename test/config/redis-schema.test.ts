import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config/load-config.js';
import { hashTagOf } from '../../src/config/redis-schema.js';
import { networkRegistry as networks } from '../../src/publishers/registry.js';
import { describeRedisTarget, redisAuth } from '../../src/shared/redis-target.js';

const feed = { id: 'desk', url: 'https://southasiandesk.example/feed.xml' };

function issues(redis: unknown, env: Record<string, string> = {}): string[] {
  try {
    parseConfig({ feeds: [feed], redis }, { env, networks });
  } catch (err) {
    if (err instanceof ConfigError) return err.issues.map((i) => `${i.path}: ${i.message}`);
    throw err;
  }
  return [];
}

describe('redis config: REDIS_URL, Sentinel or Cluster', () => {
  it('REDIS_URL alone (or the default) is one server', () => {
    expect(parseConfig({ feeds: [feed] }, { env: {}, networks }).redisTarget).toEqual({ kind: 'url', url: 'redis://127.0.0.1:6379' });
    expect(parseConfig({ feeds: [feed] }, { env: { REDIS_URL: 'redis://10.0.0.5:6380' }, networks }).redisTarget).toEqual({ kind: 'url', url: 'redis://10.0.0.5:6380' });
  });

  it('sentinels + name, with both passwords from the environment, never enumerable or printed', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'crier-redis-secret-'));
    writeFileSync(path.join(dir, 'sentinel'), 'sentinel-pass-42\n');
    const env = { REDIS_PASSWORD: 'data-pass-17', REDIS_SENTINEL_PASSWORD_FILE: path.join(dir, 'sentinel') };
    const c = parseConfig({ feeds: [feed], redis: { sentinels: ['10.0.0.1:26379', '[::1]:26380'], name: 'mymaster' } }, { env, networks });
    expect(c.redisTarget).toEqual({ kind: 'sentinel', name: 'mymaster', sentinels: [{ host: '10.0.0.1', port: 26379 }, { host: '::1', port: 26380 }] });
    expect(redisAuth(c.redisTarget)).toEqual({ password: 'data-pass-17', sentinelPassword: 'sentinel-pass-42' });
    const shown = `${JSON.stringify(c)} ${describeRedisTarget(c.redisTarget)} ${c.redisUrl}`;
    expect(shown).not.toMatch(/data-pass-17|sentinel-pass-42/);
    expect(describeRedisTarget(c.redisTarget)).toBe('Sentinel master "mymaster" via 10.0.0.1:26379, ::1:26380');
  });

  it('cluster seed nodes under a hash-tag prefix', () => {
    const c = parseConfig({ feeds: [feed], redis: { cluster: ['redis-a:7000', 'redis-b:7001'], prefix: '{crier-dawn}' } }, { env: {}, networks });
    expect(c.redisTarget).toEqual({ kind: 'cluster', nodes: [{ host: 'redis-a', port: 7000 }, { host: 'redis-b', port: 7001 }] });
  });

  it('every wrong combination is a start-up error naming the key, all at once', () => {
    expect(issues({ sentinels: ['a:1'], cluster: ['b:2'], prefix: 'crier' })).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^redis\.cluster: choose one: redis\.sentinels .* or redis\.cluster/),
        expect.stringMatching(/^redis\.name: redis\.sentinels needs redis\.name/),
        expect.stringMatching(/^redis\.prefix: on a Redis Cluster the prefix must be a hash tag/),
      ]),
    );
    expect(issues({ name: 'mymaster' })).toEqual([expect.stringMatching(/^redis\.sentinels: redis\.name is the Sentinel master group name/)]);
    expect(issues({ sentinels: ['a:26379', 'nohost', 'b:70000'], name: 'm' })).toEqual([
      expect.stringMatching(/^redis\.sentinels\[1\]: expected host:port/),
      expect.stringMatching(/^redis\.sentinels\[2\]: the port must be 1-65535/),
    ]);
    expect(issues({ cluster: ['a:7000'] }, { REDIS_URL: 'redis://x:6379' })).toEqual([expect.stringMatching(/^redis\.cluster: REDIS_URL is set in the environment too/)]);
    expect(issues({}, { REDIS_SENTINEL_PASSWORD: 'p' })).toEqual([expect.stringMatching(/^redis: REDIS_SENTINEL_PASSWORD is set but redis\.sentinels is not/)]);
    expect(issues({ sentinels: ['a:1'], name: 'm' }, { REDIS_PASSWORD_FILE: '/nonexistent/redis-pass' })).toEqual([expect.stringMatching(/^redis: REDIS_PASSWORD_FILE .* cannot be read/)]);
  });

  it('passwords in the config file are refused', () => {
    expect(issues({ password: 'x', sentinelPassword: 'y' })).toEqual([
      expect.stringMatching(/^redis\.password: secrets never go in the config file: set REDIS_PASSWORD/),
      expect.stringMatching(/^redis\.sentinelPassword: secrets never go in the config file: set REDIS_SENTINEL_PASSWORD/),
    ]);
  });

  it('hash tags follow Redis Cluster rules', () => {
    expect(hashTagOf('{crier}')).toBe('crier');
    expect(hashTagOf('app{crier-geo}:x')).toBe('crier-geo');
    expect(hashTagOf('{}crier')).toBeUndefined();
    expect(hashTagOf('crier')).toBeUndefined();
  });
});
