import { afterEach, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/web/users.js';
import { PASSWORD, startWebHarness, type WebHarness } from './web-harness.js';

/** Behind a TLS-terminating proxy (`web.trustProxy`), every cookie is Secure; without it a client's header changes nothing. */
let h: WebHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

function setCookies(res: Response): string[] {
  return res.headers.getSetCookie();
}

/** Through a real listening server: sign in and act, as the proxy forwards it, and return every Set-Cookie seen. */
async function cookiesSeen(harness: WebHarness, proxyHeaders: Record<string, string>): Promise<string[]> {
  const base = await harness.app.listen({ port: 0, host: '127.0.0.1' });
  const seen: string[] = [];
  const jar = new Map<string, string>();
  const go = async (path: string, init: RequestInit = {}) => {
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(`${base}${path}`, { ...init, redirect: 'manual', headers: { ...proxyHeaders, ...(cookie ? { cookie } : {}), ...(init.headers as Record<string, string> | undefined) } });
    for (const c of setCookies(res)) {
      seen.push(c);
      const [pair = ''] = c.split(';');
      const eq = pair.indexOf('=');
      jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    return res;
  };
  const form = await (await go('/login')).text();
  const token = /name="_csrf" value="([^"]+)"/.exec(form)?.[1] ?? '';
  const login = await go('/login', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ name: 'ed', password: PASSWORD, _csrf: token }) });
  expect(login.status).toBe(303);
  const page = await (await go('/')).text();
  const csrf = /<meta name="csrf-token" content="([^"]+)">/.exec(page)?.[1] ?? '';
  const action = await go('/channels/x/resume', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: csrf }) });
  expect(action.status).toBe(303);
  return seen;
}

const NAMES = ['crier_login_csrf', 'crier_session', 'crier_notice'];

describe('cookies behind a TLS proxy', () => {
  it('marks every cookie Secure with web.trustProxy and X-Forwarded-Proto: https', async () => {
    h = await startWebHarness({ web: { users: [{ name: 'ed', role: 'editor', passwordHash: await hashPassword(PASSWORD) }], trustProxy: true } });
    const seen = await cookiesSeen(h, { 'x-forwarded-proto': 'HTTPS', 'x-forwarded-for': '198.51.100.7' });
    for (const name of NAMES) {
      const set = seen.filter((c) => c.startsWith(`${name}=`) && !c.startsWith(`${name}=;`));
      expect(set.length, name).toBeGreaterThan(0);
      for (const c of set) expect(c, name).toMatch(/; Secure/i);
    }
  });

  it('ignores X-Forwarded-Proto from a client when the desk is not behind a trusted proxy', async () => {
    h = await startWebHarness();
    const seen = await cookiesSeen(h, { 'x-forwarded-proto': 'https' });
    const session = seen.find((c) => c.startsWith('crier_session='));
    expect(session).toBeDefined();
    expect(session).not.toMatch(/; Secure/i);
  });
});
