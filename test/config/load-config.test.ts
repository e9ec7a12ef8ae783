import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfigFile, parseConfig } from '../../src/config/load-config.js';
import { networkRegistry as networks } from '../../src/publishers/registry.js';

const feed = { id: 'desk', url: 'https://southasiandesk.example/feed.xml' };

function issues(input: unknown, env: Record<string, string> = {}): string[] {
  try {
    parseConfig(input, { env, networks });
  } catch (err) {
    if (err instanceof ConfigError) return err.issues.map((i) => `${i.path}: ${i.message}`);
    throw err;
  }
  return [];
}

describe('config', () => {
  it('fills the documented defaults', () => {
    const c = parseConfig({ feeds: [feed], networks: { x: {} } }, { env: {}, networks });
    expect(c.redis.prefix).toBe('{crier}');
    expect(c.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(c.feeds[0]).toMatchObject({ intervalSeconds: 60, backfill: 0, maxAgeHours: 24 });
    const x = c.channels[0];
    expect(x).toMatchObject({ id: 'x', network: 'x', envPrefix: 'X', mode: 'dry-run', approval: 'auto', utm: true, spacingSeconds: 0 });
    expect(x?.options.apiBaseUrl).toBe('https://api.x.com');
    expect(x?.template).toContain('{url}');
  });

  it('reports every problem at once, with its path in the file', () => {
    const found = issues({
      feeds: [feed, { id: 'Bad Id', url: 'ftp://x' }, { id: 'desk', url: 'https://b.example', intervalSeconds: 0 }],
      networks: { x: { mode: 'sometimes' } },
    });
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^feeds\[1\]\.id: /),
        expect.stringMatching(/^feeds\[1\]\.url: expected a URL/),
        expect.stringMatching(/^feeds\[2\]\.intervalSeconds: /),
        expect.stringMatching(/^networks\.x\.mode: /),
      ]),
    );
    expect(found.length).toBeGreaterThanOrEqual(4);
  });

  it('catches cross-references: duplicate feed ids, unknown channels, unknown networks', () => {
    const found = issues({
      feeds: [feed, { ...feed, networks: ['x', 'myspace'] }],
      networks: { x: {}, 'x-urdu': { network: 'friendster' } },
    });
    expect(found).toEqual(
      expect.arrayContaining([
        'feeds[1].id: duplicate feed id "desk"',
        expect.stringMatching(/^feeds\[1\]\.networks\[1\]: unknown network "myspace"/),
        expect.stringMatching(/^networks\.x-urdu\.network: unknown network "friendster"/),
      ]),
    );
  });

  it('a live channel without its credentials is a config error naming the variables', () => {
    const found = issues({ feeds: [feed], networks: { 'x-urdu': { network: 'x', envPrefix: 'X_URDU', mode: 'live' } } });
    expect(found.join('\n')).toMatch(/X_URDU_APP_KEY \+ X_URDU_APP_SECRET .* or X_URDU_OAUTH2_TOKEN/);
  });

  it('reads secrets from the environment or *_FILE, per channel prefix, and never serialises them', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'crier-secret-'));
    writeFileSync(path.join(dir, 'token'), 'file-token\n');
    const c = parseConfig(
      { feeds: [feed], networks: { x: { mode: 'live' }, 'x-urdu': { network: 'x', envPrefix: 'X_URDU', mode: 'live' } } },
      { env: { X_OAUTH2_TOKEN: 'env-token', X_URDU_OAUTH2_TOKEN_FILE: path.join(dir, 'token') }, networks },
    );
    expect(c.channels.find((ch) => ch.id === 'x')?.secrets).toEqual({ OAUTH2_TOKEN: 'env-token' });
    expect(c.channels.find((ch) => ch.id === 'x-urdu')?.secrets).toEqual({ OAUTH2_TOKEN: 'file-token' });
    const serialised = JSON.stringify(c);
    expect(serialised).not.toContain('env-token');
    expect(serialised).not.toContain('file-token');
  });

  it('REDIS_URL comes from the environment', () => {
    expect(parseConfig({ feeds: [feed] }, { env: { REDIS_URL: 'redis://10.0.0.5:6380' } }).redisUrl).toBe('redis://10.0.0.5:6380');
  });

  it('YAML syntax errors and unreadable files are ConfigErrors, not stack traces', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'crier-yaml-'));
    const file = path.join(dir, 'bad.yaml');
    writeFileSync(file, 'feeds:\n  - id: a\n   url: [unclosed\n');
    expect(() => loadConfigFile(file, { networks })).toThrow(ConfigError);
    expect(() => loadConfigFile(path.join(dir, 'missing.yaml'), { networks })).toThrow(/cannot read the file \(ENOENT\)/);
  });

  it('the documented reference config is valid once its live credentials are in the environment', () => {
    const env = { X_OAUTH2_TOKEN: 'a', X_URDU_OAUTH2_TOKEN: 'b', FACEBOOK_PAGE_TOKEN: 'c', INSTAGRAM_ACCESS_TOKEN: 'd' };
    const c = loadConfigFile(path.resolve('config/crier.example.yaml'), { env, networks });
    expect(c.channels.find((ch) => ch.id === 'x-urdu')).toMatchObject({ network: 'x', envPrefix: 'X_URDU', approval: 'manual' });
    expect(() => loadConfigFile(path.resolve('config/crier.example.yaml'), { networks })).toThrow(/X_APP_KEY/);
  });

  it('the bundled demo config is valid and entirely dry-run', () => {
    const c = loadConfigFile(path.resolve('config/crier.yaml'), { networks });
    expect(c.channels.map((ch) => ch.id).sort()).toEqual(['facebook', 'instagram', 'x']);
    expect(c.channels.every((ch) => ch.mode === 'dry-run')).toBe(true);
  });
});
