import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/web/users.js';
import { cookieHeader, startWebHarness, type WebHarness } from './web-harness.js';

/** Sessions end server-side: sign-out revokes the session, a changed password revokes all of the user's. */
let h: WebHarness;
beforeAll(async () => {
  h = await startWebHarness();
});
afterAll(async () => h.close());

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

async function sessionKeys(): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await h.ctx.redis.scan(cursor, 'MATCH', `${h.prefix}:crier:web:session:*`, 'COUNT', 1000);
    cursor = next;
    found.push(...keys);
  } while (cursor !== '0');
  return found;
}

describe('server-side sessions', () => {
  it('revokes the session on sign-out: a copy of the cookie no longer works, other sessions do', async () => {
    const first = await h.login('ed');
    const second = await h.login('ed');
    const before = await sessionKeys();
    const out = await h.app.inject({ method: 'POST', url: '/logout', headers: { ...FORM, cookie: first.cookie }, payload: new URLSearchParams({ _csrf: first.csrf }).toString() });
    expect(out.statusCode).toBe(303);
    // The cookie an attacker copied before sign-out is worth nothing now.
    const page = await h.app.inject({ method: 'GET', url: '/', headers: { cookie: first.cookie } });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toMatch(/^\/login/);
    const api = await h.app.inject({ method: 'POST', url: '/channels/x/pause', headers: { cookie: first.cookie, 'x-csrf-token': first.csrf, accept: 'application/json', ...FORM }, payload: '' });
    expect(api.statusCode).toBe(401);
    expect((await h.ctx.control.status('x')).paused).toBe(false);
    expect((await h.app.inject({ method: 'GET', url: '/', headers: { cookie: second.cookie } })).statusCode).toBe(200);
    expect(await sessionKeys()).toHaveLength(before.length - 1);
  });

  it('ends every session of a user whose password hash changed in the config, and only theirs', async () => {
    const ed = await h.login('ed');
    const vi = await h.login('vi');
    const newPassword = 'a brand new password 42';
    const users = h.ctx.config.web.users.map((u) => ({ ...u }));
    const edEntry = users.find((u) => u.name === 'ed');
    if (!edEntry) throw new Error('no ed');
    edEntry.passwordHash = await hashPassword(newPassword);
    // The same Redis and secret, restarted with the new users list (as after editing the config).
    const restarted = await startWebHarness({ web: { users }, redis: { prefix: h.prefix, autoStart: false } });
    try {
      const edPage = await restarted.app.inject({ method: 'GET', url: '/', headers: { cookie: ed.cookie } });
      expect(edPage.statusCode).toBe(303);
      expect(edPage.headers.location).toMatch(/^\/login/);
      expect((await restarted.app.inject({ method: 'GET', url: '/', headers: { cookie: vi.cookie } })).statusCode).toBe(200);
      // With the new password the editor is in again.
      const form = await restarted.app.inject({ method: 'GET', url: '/login' });
      const token = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
      const res = await restarted.app.inject({ method: 'POST', url: '/login', headers: { ...FORM, cookie: cookieHeader(form.headers['set-cookie']) }, payload: new URLSearchParams({ name: 'ed', password: newPassword, _csrf: token }).toString() });
      expect(res.statusCode).toBe(303);
      expect((await restarted.app.inject({ method: 'GET', url: '/', headers: { cookie: cookieHeader(res.headers['set-cookie']) } })).statusCode).toBe(200);
    } finally {
      await restarted.close();
    }
  });

  it('ends the live-update stream of a session when it signs out', async () => {
    const ed = await h.login('ed');
    const base = await h.app.listen({ port: 0, host: '127.0.0.1' });
    const stream = await fetch(`${base}/events`, { headers: { cookie: ed.cookie } });
    expect(stream.status).toBe(200);
    const reader = stream.body?.getReader();
    if (!reader) throw new Error('no stream');
    expect(new TextDecoder().decode((await reader.read()).value)).toContain('retry:');
    await h.app.inject({ method: 'POST', url: '/logout', headers: { ...FORM, cookie: ed.cookie }, payload: new URLSearchParams({ _csrf: ed.csrf }).toString() });
    // The stream ends (no further pings or events for a signed-out session).
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) break;
    }
    expect((await fetch(`${base}/events`, { headers: { cookie: ed.cookie, accept: 'text/event-stream' } })).status).toBe(401);
  });

  it('refuses a session whose id is not in Redis, even with a valid signature', async () => {
    const ed = await h.login('ed');
    for (const key of await sessionKeys()) await h.ctx.redis.del(key);
    expect((await h.app.inject({ method: 'GET', url: '/', headers: { cookie: ed.cookie } })).statusCode).toBe(303);
  });
});
