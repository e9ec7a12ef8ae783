import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebHarness, type WebHarness } from './web-harness.js';

/** Every desk action through its route, with its effect on the ledger and on BullMQ. */
let h: WebHarness;
let editor: { cookie: string; csrf: string };
beforeAll(async () => {
  h = await startWebHarness();
  editor = await h.login('ed');
});
afterAll(async () => h.close());

async function act(url: string, fields: Record<string, string> = {}, opts: { json?: boolean; token?: boolean } = {}) {
  return h.app.inject({
    method: 'POST',
    url,
    headers: {
      cookie: editor.cookie,
      'content-type': 'application/x-www-form-urlencoded',
      ...(opts.json === false ? {} : { accept: 'application/json' }),
    },
    payload: new URLSearchParams({ ...(opts.token === false ? {} : { _csrf: editor.csrf }), ...fields }).toString(),
  });
}

describe('post actions', () => {
  it('refuses every action without the CSRF token', async () => {
    const article = await h.seedArticle();
    const postId = await h.seedPost(article, 'x', 'pending_approval');
    for (const url of [`/posts/${postId}/approve`, `/posts/${postId}/skip`, `/posts/${postId}/retry`, `/posts/${postId}/post-now`, '/channels/x/pause', '/channels/x/resume', '/controls/pause-all', '/controls/resume-all', '/feeds/metro/poll']) {
      expect((await act(url, {}, { token: false })).statusCode, url).toBe(403);
    }
    expect((await h.ctx.posts.get(postId))?.state).toBe('pending_approval');
  });

  it('approves a held post and queues its publish job', async () => {
    const article = await h.seedArticle();
    const postId = await h.seedPost(article, 'x', 'pending_approval');
    const res = await act(`/posts/${postId}/approve`);
    expect(res.json()).toEqual({ ok: true, message: 'approved' });
    expect((await h.ctx.posts.get(postId))?.state).toBe('queued');
    expect(await h.ctx.publishQueue('x').getJob(postId)).toBeDefined();
    expect(await h.ctx.posts.listPendingApproval()).not.toContain(postId);
    // A second approval is a conflict, not a second job.
    expect((await act(`/posts/${postId}/approve`)).statusCode).toBe(409);
  });

  it('approves an edit that fits, counted the way the network counts', async () => {
    const article = await h.seedArticle();
    const postId = await h.seedPost(article, 'x', 'pending_approval');
    // X counts any URL as 23: this text is far longer in characters than its weighted length.
    const text = `Edited headline ${'https://news.com/'.padEnd(200, 'a')}`;
    const res = await act(`/posts/${postId}/approve`, { text, back: `/articles/${article}` }, { json: false });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/articles/${article}`);
    const post = await h.ctx.posts.get(postId);
    expect(post?.state).toBe('queued');
    expect(post?.draft.text).toBe(text);
    expect(post?.draft.length).toBe('Edited headline '.length + 23);
  });

  it('refuses an edit that does not fit and says by how much', async () => {
    const article = await h.seedArticle();
    const postId = await h.seedPost(article, 'x', 'pending_approval');
    const text = 'a'.repeat(281);
    const json = await act(`/posts/${postId}/approve`, { text });
    expect(json.statusCode).toBe(422);
    expect(json.json()).toMatchObject({ ok: false, length: 281, limit: 280 });
    // Post/redirect/get (#15): back to the post, where the refused text and its count are shown.
    const refused = await act(`/posts/${postId}/approve`, { text }, { json: false });
    expect(refused.statusCode).toBe(303);
    expect(refused.headers.location).toMatch(new RegExp(`^/articles/${article}\\?refused=[\\w-]{22}#post-x$`));
    const page = await h.app.inject({ method: 'GET', url: String(refused.headers.location).split('#')[0] ?? '', headers: { cookie: editor.cookie } });
    expect(page.body).toContain('281 / 280');
    expect(page.body).toContain('too long for x: 281 / 280');
    expect(page.body).toContain(text);
    expect(page.body).toMatch(/class="counter counter-over"[^>]*>281 \/ 280</);
    const post = await h.ctx.posts.get(postId);
    expect(post?.state).toBe('pending_approval');
    expect(post?.draft.text).not.toBe(text);
  });

  it('edits a queued or failed post, re-checked against the limit, and records who changed what', async () => {
    const article = await h.seedArticle();
    const queued = await h.seedPost(article, 'x', 'queued');
    const failed = await h.seedPost(article, 'facebook', 'failed', { lastError: 'boom' });
    const res = await act(`/posts/${queued}/edit`, { text: 'A shorter, better post https://news.example/x' });
    expect(res.json()).toMatchObject({ ok: true });
    expect((await h.ctx.posts.get(queued))?.draft.text).toBe('A shorter, better post https://news.example/x');
    expect((await h.ctx.posts.get(queued))?.state).toBe('queued');
    const events = await h.ctx.events.range(0);
    expect(events.map((e) => e.event).find((e) => e.type === 'post' && e.postId === queued && e.state === 'edited')).toMatchObject({ by: 'ed', detail: expect.stringContaining('→ “A shorter, better post') });
    expect((await act(`/posts/${failed}/edit`, { text: 'Fixed text for Facebook' })).json()).toMatchObject({ ok: true });
    expect((await act(`/posts/${queued}/edit`, { text: 'y'.repeat(300) })).statusCode).toBe(422);
    const back = await act(`/posts/${queued}/edit`, { text: 'y'.repeat(300) }, { json: false });
    expect(back.statusCode).toBe(303);
    expect(back.headers.location).toMatch(/\?refused=/);
    const viewer = await h.login('vi');
    const denied = await h.app.inject({ method: 'POST', url: `/posts/${queued}/edit`, headers: { cookie: viewer.cookie, accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: viewer.csrf, text: 'viewer text' }).toString() });
    expect(denied.statusCode).toBe(403);
    expect(await h.ctx.posts.claim(queued, 'tok', 60_000)).toBe('claimed');
    expect((await act(`/posts/${queued}/edit`, { text: 'Too late' })).json()).toMatchObject({ ok: false, message: 'cannot edit: the post is posting' });
  });

  it('skips with the editor as the default reason', async () => {
    const article = await h.seedArticle();
    const postId = await h.seedPost(article, 'facebook', 'queued');
    expect((await act(`/posts/${postId}/skip`)).statusCode).toBe(200);
    const post = await h.ctx.posts.get(postId);
    expect(post?.state).toBe('skipped');
    expect(post?.skipReason).toBe('skipped by ed');
    const other = await h.seedPost(await h.seedArticle(), 'facebook', 'queued');
    await act(`/posts/${other}/skip`, { reason: 'duplicate of the live blog' });
    expect((await h.ctx.posts.get(other))?.skipReason).toBe('duplicate of the live blog');
  });

  it('retries a failed post and refuses to retry a queued one', async () => {
    const article = await h.seedArticle();
    const postId = await h.seedPost(article, 'facebook', 'failed', { lastError: 'HTTP 500' });
    expect((await act(`/posts/${postId}/retry`)).statusCode).toBe(200);
    expect((await h.ctx.posts.get(postId))?.state).toBe('queued');
    expect(await h.ctx.publishQueue('facebook').getJob(postId)).toBeDefined();
    expect((await act(`/posts/${postId}/retry`)).statusCode).toBe(409);
  });

  it('posts now: approves a held post and marks its job urgent, promoting a delayed one', async () => {
    const article = await h.seedArticle();
    const postId = await h.seedPost(article, 'x', 'pending_approval');
    expect((await act(`/posts/${postId}/post-now`)).statusCode).toBe(200);
    expect((await h.ctx.posts.get(postId))?.state).toBe('queued');
    const job = await h.ctx.publishQueue('x').getJob(postId);
    expect(job?.data.urgent).toBe(true);

    const delayedArticle = await h.seedArticle();
    const delayedId = await h.seedPost(delayedArticle, 'facebook', 'queued');
    await h.ctx.publishQueue('facebook').add('publish', { postId: delayedId, articleKey: delayedArticle, channel: 'facebook' }, { jobId: delayedId, delay: 3_600_000 });
    expect((await act(`/posts/${delayedId}/post-now`)).statusCode).toBe(200);
    const promoted = await h.ctx.publishQueue('facebook').getJob(delayedId);
    expect(await promoted?.getState()).toBe('waiting');
    expect(promoted?.data.urgent).toBe(true);
  });

  it('answers 404 for unknown posts', async () => {
    expect((await act('/posts/deadbeef.x/approve')).statusCode).toBe(404);
    expect((await act('/posts/not-a-post-id/skip')).statusCode).toBe(404);
  });
});

describe('channel and feed controls', () => {
  it('pauses and resumes one network: control flag, BullMQ queue and a live event', async () => {
    const before = (await h.ctx.events.range(Date.now() - 1000)).length;
    const res = await act('/channels/x/pause', { back: '/feeds' }, { json: false });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/feeds');
    expect((await h.ctx.control.status('x')).paused).toBe(true);
    expect((await h.ctx.control.status('x')).pausedReason).toBe('paused by ed');
    expect(await h.ctx.publishQueue('x').isPaused()).toBe(true);
    expect(await h.ctx.publishQueue('facebook').isPaused()).toBe(false);
    const events = await h.ctx.events.range(Date.now() - 5000);
    expect(events.length).toBeGreaterThan(before);
    expect(events.some((e) => e.event.type === 'channel' && e.event.channel === 'x' && e.event.action === 'paused')).toBe(true);
    // Shown on every page.
    const page = await h.app.inject({ method: 'GET', url: '/feeds', headers: { cookie: editor.cookie } });
    expect(page.body).toContain('data-testid="resume-x"');
    expect(page.body).toMatch(/data-channel="x" data-paused="1"/);
    await act('/channels/x/resume');
    expect((await h.ctx.control.status('x')).paused).toBe(false);
    expect(await h.ctx.publishQueue('x').isPaused()).toBe(false);
    expect((await act('/channels/nope/pause')).statusCode).toBe(404);
  });

  it('pauses and resumes everything', async () => {
    await act('/controls/pause-all');
    expect(await h.ctx.publishQueue('x').isPaused()).toBe(true);
    expect(await h.ctx.publishQueue('facebook').isPaused()).toBe(true);
    const page = await h.app.inject({ method: 'GET', url: '/', headers: { cookie: editor.cookie } });
    expect(page.body).toContain('data-testid="resume-all"');
    expect(page.body).not.toContain('data-testid="pause-all"');
    await act('/controls/resume-all');
    expect(await h.ctx.publishQueue('x').isPaused()).toBe(false);
    expect((await h.ctx.control.status('facebook')).paused).toBe(false);
  });

  it('polls a feed now, clearing its backoff', async () => {
    await h.ctx.feedStates.recordFailure('metro', { lastOutcome: 'http-error', lastError: 'HTTP 503' }, { baseMs: 60_000, maxMs: 60_000 });
    expect((await h.ctx.feedStates.get('metro')).retryAfter).toBeDefined();
    expect((await act('/feeds/metro/poll')).json()).toEqual({ ok: true, message: 'poll of metro queued' });
    expect((await h.ctx.feedStates.get('metro')).retryAfter).toBeUndefined();
    const jobs = await h.ctx.pollQueue.getJobs(['waiting']);
    expect(jobs.some((j) => j.data.feedId === 'metro' && j.data.manual === true)).toBe(true);
    expect((await act('/feeds/nope/poll')).statusCode).toBe(404);
  });
});

describe('length counter', () => {
  it('counts with the network counter and the post draft limit', async () => {
    const article = await h.seedArticle();
    const postId = await h.seedPost(article, 'x', 'pending_approval');
    const count = async (body: Record<string, string>) =>
      (await h.app.inject({ method: 'POST', url: '/api/count', headers: { cookie: editor.cookie, 'x-csrf-token': editor.csrf, 'content-type': 'application/json' }, payload: JSON.stringify(body) })).json();
    expect(await count({ postId, text: 'see https://example.com/a/very/long/path/that/is/more/than/23' })).toEqual({ length: 4 + 23, limit: 280, fits: true });
    // X weighs CJK as 2.
    expect(await count({ channel: 'x', text: '日本語' })).toEqual({ length: 6, limit: 280, fits: true });
    expect(await count({ channel: 'x', text: 'a'.repeat(300) })).toMatchObject({ fits: false });
    const missing = await h.app.inject({ method: 'POST', url: '/api/count', headers: { cookie: editor.cookie, 'x-csrf-token': editor.csrf, 'content-type': 'application/json' }, payload: JSON.stringify({ channel: 'nope', text: 'x' }) });
    expect(missing.statusCode).toBe(404);
  });
});
