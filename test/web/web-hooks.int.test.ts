import { afterEach, describe, expect, it } from 'vitest';
import { startWebHarness, type WebHarness } from './web-harness.js';

const TOKEN = 'hook-token-for-tests-0123456789';
let h: WebHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const pollJobs = async (harness: WebHarness) => (await harness.ctx.pollQueue.getJobs(['waiting', 'delayed', 'prioritized'])).filter((j) => j.data.manual === true);

describe('CMS publish hooks', () => {
  it('do not exist without CRIER_HOOK_TOKEN', async () => {
    h = await startWebHarness();
    const res = await h.app.inject({ method: 'POST', url: '/hooks/poll/metro' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ ok: false, message: expect.stringMatching(/CRIER_HOOK_TOKEN/) });
    expect(await pollJobs(h)).toHaveLength(0);
  });

  it('refuse a missing or wrong token, and need no session or CSRF token with the right one', async () => {
    h = await startWebHarness({}, { hookToken: TOKEN });
    expect((await h.app.inject({ method: 'POST', url: '/hooks/poll/metro' })).statusCode).toBe(401);
    expect((await h.app.inject({ method: 'POST', url: '/hooks/poll/metro', headers: { authorization: 'Bearer nope' } })).statusCode).toBe(401);
    expect(await pollJobs(h)).toHaveLength(0);
    const ok = await h.app.inject({ method: 'POST', url: '/hooks/poll/metro', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ok.statusCode).toBe(202);
    expect((await pollJobs(h)).map((j) => j.data.feedId)).toEqual(['metro']);
  });

  it('accept any body (a CMS payload, a copy of the feed)', async () => {
    h = await startWebHarness({}, { hookToken: TOKEN });
    const atom = await h.app.inject({ method: 'POST', url: '/hooks/poll/sport', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/atom+xml' }, payload: '<feed xmlns="http://www.w3.org/2005/Atom"/>' });
    expect(atom.statusCode).toBe(202);
    const json = await h.app.inject({ method: 'POST', url: '/hooks/poll/sport', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, payload: { post: { id: 42, status: 'publish' } } });
    expect(json.statusCode).toBe(202);
  });

  it('refuse the token as a query parameter unless web.hookTokenInQuery is on', async () => {
    h = await startWebHarness({}, { hookToken: TOKEN });
    const refused = await h.app.inject({ method: 'POST', url: `/hooks/poll/sport?token=${TOKEN}` });
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toMatchObject({ ok: false, message: expect.stringMatching(/Authorization header/) });
    expect(await pollJobs(h)).toHaveLength(0);
    await h.close();
    h = await startWebHarness({ web: { users: [], hookTokenInQuery: true } }, { hookToken: TOKEN });
    expect((await h.app.inject({ method: 'POST', url: '/hooks/poll/sport?token=wrong' })).statusCode).toBe(401);
    const ok = await h.app.inject({ method: 'POST', url: `/hooks/poll/sport?token=${TOKEN}`, headers: { 'content-type': 'application/json' }, payload: '{}' });
    expect(ok.statusCode).toBe(202);
    expect((await pollJobs(h)).map((j) => j.data.feedId)).toEqual(['sport']);
  });

  it('collapse a burst of pings into one poll per feed, and /hooks/poll polls every feed', async () => {
    h = await startWebHarness({}, { hookToken: TOKEN });
    const ping = (url: string) => h!.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${TOKEN}` } });
    await Promise.all(Array.from({ length: 6 }, () => ping('/hooks/poll/metro')));
    // At most two windows can be touched by a burst that straddles a window boundary.
    expect((await pollJobs(h)).length).toBeLessThanOrEqual(2);
    await h.ctx.pollQueue.obliterate({ force: true });
    expect((await ping('/hooks/poll')).statusCode).toBe(202);
    expect((await pollJobs(h)).map((j) => j.data.feedId).sort()).toEqual(['metro', 'sport']);
    expect((await ping('/hooks/poll/nonexistent')).statusCode).toBe(404);
  });
});
