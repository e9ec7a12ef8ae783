import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.js';
import { crier, spawnCrier } from './cli-helpers.js';

function configFile(extra: string | ((dir: string) => string) = ''): { file: string; dir: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'crier-newcomer-'));
  const file = path.join(dir, 'crier.yaml');
  writeFileSync(
    file,
    `redis: { prefix: ${JSON.stringify(uniquePrefix('cli-newcomer'))}, autoStart: false }\noutbox: { dir: ${JSON.stringify(path.join(dir, 'outbox'))} }\n` +
      `feeds:\n  - { id: desk, url: ${JSON.stringify(path.resolve('config/sample-feed.xml'))} }\nnetworks:\n  x: {}\n${typeof extra === 'string' ? extra : extra(dir)}`,
  );
  return { file, dir };
}

/** Signs in through the real desk: the login form's token and cookie, then the POST. */
async function signIn(base: string, name: string, password: string): Promise<number> {
  const form = await fetch(`${base}/login`);
  const cookie = (form.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ');
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  const res = await fetch(`${base}/login`, { method: 'POST', redirect: 'manual', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ name, password, _csrf: token }).toString() });
  return res.status === 303 && (res.headers.getSetCookie?.() ?? []).some((c) => c.startsWith('crier_session=')) ? 303 : res.status;
}

const env = { REDIS_URL: TEST_REDIS_URL, LOG_LEVEL: 'info', LOG_FORMAT: 'json', CRIER_WEB_HOST: undefined, CRIER_SESSION_SECRET: undefined };

describe("a newcomer's first ten minutes (real CLI)", { timeout: 180_000 }, () => {
  it('no users on 127.0.0.1: start-up ends with the desk URL and a one-time demo sign-in that works', async () => {
    const { file } = configFile('web: { port: 0 }\n');
    const run = spawnCrier(['start', '--config', file], env);
    try {
      await run.waitFor(/sign in as demo \/ \S+/);
      const lines = run.output().trim().split('\n');
      // The demo sign-in closes start-up: after "crier running", nothing of start-up follows it.
      const demoAt = lines.findIndex((l) => l.includes('sign in as demo'));
      expect(demoAt).toBeGreaterThan(lines.findIndex((l) => l.includes('crier running: desk at')));
      const last = JSON.parse(lines[demoAt] ?? '{}') as { msg: string; web: string };
      const [, url, password] = /^open (http:\/\/127\.0\.0\.1:\d+) and sign in as demo \/ (\S+) /.exec(last.msg) ?? [];
      expect(url, last.msg).toBe(last.web);
      expect(lines.some((l) => l.includes(`crier running: desk at ${url}`))).toBe(true);
      expect(await signIn(url ?? '', 'demo', password ?? '')).toBe(303);
      expect(await signIn(url ?? '', 'demo', 'not-the-password')).toBe(401);
    } finally {
      expect(await run.stop()).toBe(0);
    }
  });

  it('never a demo user when the desk is not on loopback or the config has users (usersFile read by the desk)', async () => {
    const { file: open } = configFile('web: { port: 0 }\n');
    const wide = spawnCrier(['web', '--config', open], { ...env, CRIER_WEB_HOST: '0.0.0.0' });
    try {
      await wide.waitFor('crier running: desk at');
      expect(wide.output()).not.toContain('sign in as demo');
    } finally {
      await wide.stop();
    }
    const { file, dir } = configFile((d) => `web: { port: 0, usersFile: ${JSON.stringify(path.join(d, 'users.yaml'))} }\n`);
    const usersFile = path.join(dir, 'users.yaml');
    const added = crier(['user', 'add', 'amna', '--role', 'editor', '--password-stdin', '--config', file], {}, 'Correct horse 42\n');
    expect(added.status, added.stderr).toBe(0);
    expect(added.stdout).toBe('');
    expect(added.stderr).toContain(`added amna (editor) in ${usersFile}`);
    expect(statSync(usersFile).mode & 0o077).toBe(0);
    const desk = spawnCrier(['web', '--config', file], env);
    try {
      await desk.waitFor('crier running: desk at');
      expect(desk.output()).not.toContain('sign in as demo');
      const url = /crier running: desk at (http:\/\/\S+?)"/.exec(desk.output())?.[1] ?? '';
      expect(await signIn(url, 'amna', 'Correct horse 42')).toBe(303);
    } finally {
      await desk.stop();
    }
  });

  it('user add without a usersFile prints only the YAML entry (so >> works); weak passwords are refused', () => {
    const noConfig = { CRIER_CONFIG: undefined };
    const { file } = configFile();
    const r = crier(['user', 'add', 'amna', '--role', 'viewer', '--password-stdin', '--config', file], noConfig, 'Correct horse 42\n');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^ {2}- name: amna\n {4}role: viewer\n {4}passwordHash: "scrypt\$[^"]+"\n$/);
    expect(r.stderr).toBe('');
    for (const [password, why] of [['Short1!', /at least 12 characters/], ['alllowercaseletters', /at least two kinds/], ['123456789012345', /at least two kinds/]] as const) {
      const weak = crier(['user', 'add', 'amna', '--role', 'editor', '--password-stdin', '--config', file], noConfig, `${password}\n`);
      expect(weak.status).toBe(1);
      expect(weak.stderr).toMatch(why);
      expect(weak.stdout).toBe('');
    }
  });
});
