import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config/load-config.js';
import { MIN_SESSION_SECRET_CHARS } from '../../src/config/web-secrets.js';
import { MIN_SESSION_SECRET_CHARS as DESK_MIN_SESSION_SECRET_CHARS } from '../../src/web/server.js';

const input = { feeds: [{ id: 'desk', url: 'f.xml' }] };
const SESSION = 's'.repeat(24) + '-0123456789abcdef';

function secretFile(value: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'crier-web-secret-')), 'secret');
  writeFileSync(file, value);
  return file;
}

describe('web secrets are read and validated with the config', () => {
  it('each accepts NAME or NAME_FILE, and none is ever serialised', () => {
    const config = parseConfig(input, {
      env: { CRIER_SESSION_SECRET_FILE: secretFile(`${SESSION}\n`), METRICS_TOKEN: 'metrics-tok', CRIER_HOOK_TOKEN_FILE: secretFile('hook-tok\n') },
    });
    expect(config.webSecrets).toEqual({ sessionSecret: SESSION, metricsToken: 'metrics-tok', hookToken: 'hook-tok' });
    const shown = JSON.stringify(config);
    for (const v of [SESSION, 'metrics-tok', 'hook-tok']) expect(shown).not.toContain(v);
  });

  it('a short session secret, an unreadable file and a token with a space are all reported, by name only', () => {
    let caught: unknown;
    try {
      parseConfig(input, { env: { CRIER_SESSION_SECRET: 'short-secret', METRICS_TOKEN_FILE: '/nonexistent/metrics', CRIER_HOOK_TOKEN: 'hook tok' } });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const lines = (caught as ConfigError).issues.map((i) => `${i.path}: ${i.message}`);
    expect(lines).toEqual([
      `web: CRIER_SESSION_SECRET must be at least ${MIN_SESSION_SECRET_CHARS} characters`,
      expect.stringMatching(/^web: METRICS_TOKEN_FILE \(\/nonexistent\/metrics\) cannot be read: ENOENT/),
      'web: CRIER_HOOK_TOKEN contains whitespace',
    ]);
    expect((caught as ConfigError).message).not.toMatch(/short-secret|hook tok/);
  });

  it('the config keeps the minimum the desk itself enforces', () => {
    expect(MIN_SESSION_SECRET_CHARS).toBe(DESK_MIN_SESSION_SECRET_CHARS);
  });

  it('none is required: the desk then uses a per-process key and the endpoints stay closed', () => {
    expect(parseConfig(input, { env: {} }).webSecrets).toEqual({});
  });
});
