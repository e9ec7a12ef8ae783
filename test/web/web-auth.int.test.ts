import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cookieHeader, PASSWORD, startWebHarness, type WebHarness } from './web-harness.js';

/** Sign-in, sessions, CSRF, roles and security headers, through Fastify inject on real Redis. */
let h: WebHarness;
beforeAll(async () => {
  h = await startWebHarness({}, { metricsToken: 'scrape-token-123' });
});
afterAll(async () => h.close());

const form = (fields: Record<string, string>) => ({ payload: new URLSearchParams(fields).toString() });
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe('sign-in', () => {
  it('sends anonymous page requests to the sign-in form and refuses anonymous API calls', async () => {
    const page = await h.app.inject({ method: 'GET', url: '/feeds?x=1' });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe('/login?next=%2Ffeeds%3Fx%3D1');
    for (const url of ['/fragments/controls', '/events', '/ops/queues/api/queues']) {
      expect((await h.app.inject({ method: 'GET', url })).statusCode, url).toBe(401);
    }
    const post = await h.app.inject({ method: 'POST', url: '/channels/x/pause', headers: { 'content-type': 'application/json' }, payload: '{}' });
    expect(post.statusCode).toBe(401);
  });

  it('leaves only the probes and metrics open', async () => {
    expect((await h.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect([200, 503]).toContain((await h.app.inject({ method: 'GET', url: '/readyz' })).statusCode);
  });

  it('rejects a wrong password and a sign-in without the form token', async () => {
    const formPage = await h.app.inject({ method: 'GET', url: '/login' });
    const cookie = cookieHeader(formPage.headers['set-cookie']);
    const token = /name="_csrf" value="([^"]+)"/.exec(formPage.body)?.[1] ?? '';
    const wrong = await h.app.inject({ method: 'POST', url: '/login', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ name: 'ed', password: 'nope-nope-nope', _csrf: token }).toString() });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).toContain('Wrong name or password');
    expect(wrong.headers['set-cookie'] ?? '').not.toContain('crier_session=');
    const unknownUser = await h.app.inject({ method: 'POST', url: '/login', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ name: 'mallory', password: PASSWORD, _csrf: token }).toString() });
    expect(unknownUser.statusCode).toBe(401);
    const noToken = await h.app.inject({ method: 'POST', url: '/login', headers: { ...FORM, cookie }, ...form({ name: 'ed', password: PASSWORD }) });
    expect(noToken.statusCode).toBe(403);
    const noCookie = await h.app.inject({ method: 'POST', url: '/login', headers: FORM, ...form({ name: 'ed', password: PASSWORD, _csrf: token }) });
    expect(noCookie.statusCode).toBe(403);
  });

  it('issues a signed HttpOnly SameSite=Strict session cookie, Secure behind https', async () => {
    const formPage = await h.app.inject({ method: 'GET', url: '/login' });
    const cookie = cookieHeader(formPage.headers['set-cookie']);
    const token = /name="_csrf" value="([^"]+)"/.exec(formPage.body)?.[1] ?? '';
    const res = await h.app.inject({ method: 'POST', url: '/login', headers: { ...FORM, cookie }, ...form({ name: 'ed', password: PASSWORD, _csrf: token, next: '//evil.example/x' }) });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/');
    const set = String(([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('crier_session=')));
    expect(set).toMatch(/HttpOnly/);
    expect(set).toMatch(/SameSite=Strict/);
    expect(set).not.toMatch(/Secure/);
    const value = /crier_session=([^;]+)/.exec(set)?.[1] ?? '';
    expect(value).toContain('.');
    // A tampered cookie is no session at all.
    const tampered = await h.app.inject({ method: 'GET', url: '/', headers: { cookie: `crier_session=${value.replace(/^./, (c) => (c === 'e' ? 'f' : 'e'))}` } });
    expect(tampered.statusCode).toBe(303);

    const proxied = await startWebHarness({ web: { users: h.ctx.config.web.users, trustProxy: true } });
    try {
      const f2 = await proxied.app.inject({ method: 'GET', url: '/login', headers: { 'x-forwarded-proto': 'https' } });
      const t2 = /name="_csrf" value="([^"]+)"/.exec(f2.body)?.[1] ?? '';
      const r2 = await proxied.app.inject({ method: 'POST', url: '/login', headers: { ...FORM, cookie: cookieHeader(f2.headers['set-cookie']), 'x-forwarded-proto': 'https' }, ...form({ name: 'ed', password: PASSWORD, _csrf: t2 }) });
      expect(String(([] as string[]).concat(r2.headers['set-cookie'] ?? []).find((c) => c.startsWith('crier_session=')))).toMatch(/; Secure/);
    } finally {
      await proxied.close();
    }
  });

  it('signs out', async () => {
    const { cookie, csrf } = await h.login('vi');
    const res = await h.app.inject({ method: 'POST', url: '/logout', headers: { ...FORM, cookie }, ...form({ _csrf: csrf }) });
    expect(res.statusCode).toBe(303);
    expect(String(res.headers['set-cookie'])).toMatch(/crier_session=;/);
  });
});

describe('CSRF', () => {
  it('refuses a state change without the token, with a wrong token, or from another origin', async () => {
    const { cookie, csrf } = await h.login('ed');
    const noToken = await h.app.inject({ method: 'POST', url: '/channels/x/pause', headers: { ...FORM, cookie }, ...form({}) });
    expect(noToken.statusCode).toBe(403);
    const wrong = await h.app.inject({ method: 'POST', url: '/channels/x/pause', headers: { ...FORM, cookie }, ...form({ _csrf: `${csrf}x` }) });
    expect(wrong.statusCode).toBe(403);
    const crossOrigin = await h.app.inject({ method: 'POST', url: '/channels/x/pause', headers: { ...FORM, cookie, origin: 'https://evil.example', 'x-csrf-token': csrf }, ...form({}) });
    expect(crossOrigin.statusCode).toBe(403);
    expect((await h.ctx.control.status('x')).paused).toBe(false);
    // Another session's token is no good either.
    const other = await h.login('ed');
    const stolen = await h.app.inject({ method: 'POST', url: '/channels/x/pause', headers: { ...FORM, cookie }, ...form({ _csrf: other.csrf }) });
    expect(other.csrf).not.toBe(csrf);
    expect(stolen.statusCode).toBe(403);
    const ok = await h.app.inject({ method: 'POST', url: '/channels/x/pause', headers: { ...FORM, cookie, accept: 'application/json', 'x-csrf-token': csrf }, ...form({}) });
    expect(ok.statusCode).toBe(200);
    expect((await h.ctx.control.status('x')).paused).toBe(true);
    await h.app.inject({ method: 'POST', url: '/channels/x/resume', headers: { ...FORM, cookie, 'x-csrf-token': csrf }, ...form({}) });
    expect((await h.ctx.control.status('x')).paused).toBe(false);
  });
});

describe('roles', () => {
  it('lets a viewer read everything and change nothing', async () => {
    const article = await h.seedArticle();
    const postId = await h.seedPost(article, 'x', 'pending_approval');
    const { cookie, csrf } = await h.login('vi');
    for (const url of ['/', `/articles/${article}`, '/feeds', '/ops', '/ops/queues']) {
      expect((await h.app.inject({ method: 'GET', url, headers: { cookie } })).statusCode, url).toBe(200);
    }
    const pageBody = (await h.app.inject({ method: 'GET', url: `/articles/${article}`, headers: { cookie } })).body;
    expect(pageBody).not.toContain('data-testid="approve-x"');
    expect(pageBody).not.toContain('data-testid="pause-x"');
    expect(pageBody).toMatch(/<textarea[^>]*readonly/);
    const headers = { cookie, 'x-csrf-token': csrf, accept: 'application/json' };
    for (const url of [`/posts/${postId}/approve`, `/posts/${postId}/skip`, `/posts/${postId}/retry`, `/posts/${postId}/post-now`, '/channels/x/pause', '/controls/pause-all', '/feeds/metro/poll']) {
      const res = await h.app.inject({ method: 'POST', url, headers: { ...headers, ...FORM }, ...form({}) });
      expect(res.statusCode, url).toBe(403);
    }
    expect((await h.ctx.posts.get(postId))?.state).toBe('pending_approval');
    expect((await h.ctx.control.status('x')).paused).toBe(false);
    // Counting is read-only: viewers may use it.
    const count = await h.app.inject({ method: 'POST', url: '/api/count', headers: { ...headers, 'content-type': 'application/json' }, payload: JSON.stringify({ channel: 'x', text: 'hi' }) });
    expect(count.json()).toEqual({ length: 2, limit: 280, fits: true });
  });

  it('keeps the queue board read-only even for editors', async () => {
    const { cookie, csrf } = await h.login('ed');
    const res = await h.app.inject({ method: 'PUT', url: '/ops/queues/api/queues/publish.x/pause', headers: { cookie, 'x-csrf-token': csrf } });
    expect(res.statusCode).toBe(403);
    expect(await h.ctx.publishQueue('x').isPaused()).toBe(false);
  });
});

describe('headers', () => {
  it('sends a strict CSP and the usual security headers on pages', async () => {
    const { cookie } = await h.login('ed');
    const res = await h.app.inject({ method: 'GET', url: '/', headers: { cookie } });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['referrer-policy']).toBe('same-origin');
    expect(res.headers['cache-control']).toBe('no-store');
    const board = await h.app.inject({ method: 'GET', url: '/ops/queues', headers: { cookie } });
    expect(String(board.headers['content-security-policy'])).toMatch(/script-src 'self';/);
  });
});

describe('metrics token', () => {
  it('requires the bearer token when METRICS_TOKEN is set', async () => {
    expect((await h.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    expect((await h.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer wrong' } })).statusCode).toBe(401);
    const ok = await h.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer scrape-token-123' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('crier_queue_jobs');
  });
});
