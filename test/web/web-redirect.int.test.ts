import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cookieHeader, PASSWORD, startWebHarness, type WebHarness } from './web-harness.js';

/** `next` after sign-in (and `back` after an action) stays on this origin and never makes a 500. */
let h: WebHarness;
beforeAll(async () => {
  h = await startWebHarness();
});
afterAll(async () => h.close());

/** Raw query strings as an attacker would type them: the server decodes them once. */
const HOSTILE_NEXT = ['/%09/other-host/x', '/%0A/other-host/x', '/%0D%0A/other-host', '/%20/other-host', '/%5Cother-host', '/\\other-host', '//other-host/x', '/%2F/other-host', 'https://other-host/x', '/%E2%80%A8/other-host', '%09/other-host'];

async function signInWithNext(next: string) {
  const form = await h.app.inject({ method: 'GET', url: `/login?next=${next}` });
  expect(form.statusCode, next).toBe(200);
  const cookie = cookieHeader(form.headers['set-cookie']);
  const token = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
  const shown = /name="next" value="([^"]*)"/.exec(form.body)?.[1];
  const res = await h.app.inject({
    method: 'POST',
    url: '/login',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: `name=ed&password=${encodeURIComponent(PASSWORD)}&_csrf=${encodeURIComponent(token)}&next=${next}`,
  });
  return { res, shown };
}

describe('redirect after sign-in', () => {
  it('sends a signed-in user only to paths on this origin, whatever hides in next', async () => {
    const { cookie } = await h.login('ed');
    for (const next of HOSTILE_NEXT) {
      const res = await h.app.inject({ method: 'GET', url: `/login?next=${next}`, headers: { cookie } });
      expect(res.statusCode, next).toBe(303);
      expect(res.headers.location, next).toBe('/');
    }
    const ok = await h.app.inject({ method: 'GET', url: `/login?next=${encodeURIComponent('/feeds?x=1#top')}`, headers: { cookie } });
    expect(ok.headers.location).toBe('/feeds?x=1#top');
  });

  it('answers a next with a newline or a non-Latin-1 character without a 500', async () => {
    const { cookie } = await h.login('ed');
    for (const next of ['/%0Aa', '/%E2%98%83', '/caf%C3%A9?q=%E6%97%A5', '/%00']) {
      const res = await h.app.inject({ method: 'GET', url: `/login?next=${next}`, headers: { cookie } });
      expect(res.statusCode, next).toBe(303);
      expect(res.headers.location, next).toMatch(/^\/(?!\/)[\x21-\x7e]*$/);
    }
    const snow = await h.app.inject({ method: 'GET', url: '/login?next=/%E2%98%83', headers: { cookie } });
    expect(snow.headers.location).toBe('/%E2%98%83');
  });

  it('applies the same rule to the sign-in form and its POST', async () => {
    for (const next of ['/%09/other-host/x', '/%0A/other-host/x', '/%E2%80%A8/other-host']) {
      const { res, shown } = await signInWithNext(next);
      expect(shown ?? '/', next).toBe('/');
      expect(res.statusCode, next).toBe(303);
      expect(res.headers.location, next).toBe('/');
    }
    const { res } = await signInWithNext(encodeURIComponent('/ops'));
    expect(res.headers.location).toBe('/ops');
  });

  it('keeps the back field of a desk action on this origin', async () => {
    const { cookie, csrf } = await h.login('ed');
    const res = await h.app.inject({
      method: 'POST',
      url: '/channels/x/resume',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(csrf)}&back=/%09/other-host/x`,
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/');
  });
});
