import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cookieHeader, PASSWORD, startWebHarness, type WebHarness } from './web-harness.js';

/** The sign-in throttle through the real server: per address and per account, in Redis, backoff not lockout. */
let h: WebHarness;
beforeAll(async () => {
  h = await startWebHarness();
});
afterAll(async () => h.close());

async function loginForm(harness: WebHarness, remoteAddress: string) {
  const form = await harness.app.inject({ method: 'GET', url: '/login', remoteAddress });
  return { cookie: cookieHeader(form.headers['set-cookie']), token: /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? '' };
}

async function signIn(harness: WebHarness, remoteAddress: string, name: string, password: string, form?: { cookie: string; token: string }) {
  const f = form ?? (await loginForm(harness, remoteAddress));
  return harness.app.inject({
    method: 'POST',
    url: '/login',
    remoteAddress,
    headers: { cookie: f.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ name, password, _csrf: f.token }).toString(),
  });
}

describe('sign-in throttle', () => {
  it('lets the editor in from another address while 120 parallel bad attempts hit their name', async () => {
    const attackerForm = await loginForm(h, '10.0.0.1');
    // Flood attempts that reached the password check (answered 401) and had answered so far.
    let floodHashed = 0;
    const flood = Promise.all(
      Array.from({ length: 120 }, (_, i) =>
        signIn(h, '10.0.0.1', 'ed', `wrong-password-${i}`, attackerForm).then((r) => {
          if (r.statusCode === 401) floodHashed += 1;
          return r;
        }),
      ),
    );
    const editor = await signIn(h, '10.0.0.2', 'ed', PASSWORD);
    const hashedBeforeEditor = floodHashed;
    const results = await flood;
    expect(editor.statusCode).toBe(303);
    // Counted, not timed: unthrottled, this sign-in waited behind all 120 hashes; now at most the few free ones ran first.
    expect(hashedBeforeEditor).toBeLessThanOrEqual(10);
    const codes = results.map((r) => r.statusCode);
    expect(codes.every((c) => c === 401 || c === 429 || c === 503)).toBe(true);
    // Refused before hashing: only the few free attempts ever reached the password check.
    expect(codes.filter((c) => c === 401).length).toBeLessThanOrEqual(10);
    expect(codes.filter((c) => c === 429).length).toBeGreaterThanOrEqual(100);
    const refused = results.find((r) => r.statusCode === 429);
    expect(Number(refused?.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused?.body).toContain('Too many failed sign-ins');
    expect((await signIn(h, '10.0.0.2', 'ed', PASSWORD)).statusCode).toBe(303);
  });

  it('backs off a failing client on an account longer with every failure there, from anywhere', async () => {
    for (let i = 1; i <= 5; i++) expect((await signIn(h, `10.1.0.${i}`, 'vi', 'wrong-password')).statusCode).toBe(401);
    const waits: number[] = [];
    for (const address of ['10.1.0.6', '10.1.0.7', '10.1.0.8']) {
      // A client's first failure is let through (it was clean); its next attempt waits on the account.
      expect((await signIn(h, address, 'vi', 'wrong-password')).statusCode).toBe(401);
      const again = await signIn(h, address, 'vi', PASSWORD);
      expect(again.statusCode).toBe(429);
      waits.push(Number(again.headers['retry-after']));
    }
    expect(waits[0]).toBeGreaterThan(0);
    expect(waits[1]).toBeGreaterThan(waits[0] ?? 0);
    expect(waits[2]).toBeGreaterThan(waits[1] ?? 0);
    // Backoff, not lockout: the viewer signs in from a clean address at once.
    expect((await signIn(h, '10.1.0.99', 'vi', PASSWORD)).statusCode).toBe(303);
  });

  it('shares the counts between two web processes on one Redis', async () => {
    const other = await startWebHarness({ redis: { prefix: h.prefix, autoStart: false } });
    try {
      // Ten different names, so only the address's count can stop the eleventh.
      for (let i = 0; i < 10; i++) {
        const res = await signIn(i % 2 ? other : h, '10.2.0.1', `nobody-${i}`, 'wrong-password');
        expect(res.statusCode, `attempt ${i}`).toBe(401);
      }
      const refused = await signIn(other, '10.2.0.1', 'nobody-10', 'wrong-password');
      expect(refused.statusCode).toBe(429);
      expect((await signIn(h, '10.2.0.1', 'nobody-11', 'wrong-password')).statusCode).toBe(429);
      expect((await signIn(other, '10.2.0.2', 'ed', PASSWORD)).statusCode).toBe(303);
    } finally {
      await other.close();
    }
  });

  it('counts an IPv6 client by its /64, so rotating addresses inside it does not reset the count', async () => {
    for (let i = 0; i < 10; i++) expect((await signIn(h, `2001:db8:1:2::${i + 1}`, `v6-nobody-${i}`, 'wrong-password')).statusCode).toBe(401);
    expect((await signIn(h, '2001:db8:1:2:ffff::9', 'v6-nobody-x', 'wrong-password')).statusCode).toBe(429);
    expect((await signIn(h, '2001:db8:1:3::1', 'v6-nobody-y', 'wrong-password')).statusCode).toBe(401);
  });
});
