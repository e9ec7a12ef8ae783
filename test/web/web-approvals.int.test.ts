import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebHarness, type WebHarness } from './web-harness.js';

/** The approval inbox (#15): held posts inline, bulk and per-story approval, paging, roles. */
let h: WebHarness;
let editor: { cookie: string; csrf: string };
let viewer: { cookie: string; csrf: string };
beforeAll(async () => {
  h = await startWebHarness({ networks: { x: { approval: 'manual' }, facebook: { approval: 'manual' } } });
  editor = await h.login('ed');
  viewer = await h.login('vi');
});
afterAll(async () => h.close());

const get = (url: string, who = editor) => h.app.inject({ method: 'GET', url, headers: { cookie: who.cookie } });
const bulk = (fields: [string, string][], who = editor) =>
  h.app.inject({ method: 'POST', url: '/approvals/bulk', headers: { cookie: who.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams([['_csrf', who.csrf], ...fields]).toString() });

describe('approval inbox', () => {
  it('lists held posts with their text and approves a whole story, or a selection, in one go', async () => {
    const story = await h.seedArticle({ title: 'Story with two networks' });
    const x = await h.seedPost(story, 'x', 'pending_approval', { text: 'X text for the story https://news.example/s' });
    const fb = await h.seedPost(story, 'facebook', 'pending_approval', { text: 'Facebook text for the story https://news.example/s' });
    const other = await h.seedArticle({ title: 'Another story' });
    const o1 = await h.seedPost(other, 'x', 'pending_approval');
    const o2 = await h.seedPost(other, 'facebook', 'pending_approval');
    const page = (await get('/approvals')).body;
    expect(page).toContain('X text for the story');
    expect(page).toContain('Facebook text for the story');
    expect(page).toContain(`data-testid="approve-story-${story}"`);
    expect(page).toContain('<title>(4) Approvals · Crier</title>');

    const res = await bulk([['action', 'approve'], ['article', story], ['back', '/approvals']]);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/approvals');
    expect((await h.ctx.posts.get(x))?.state).toBe('queued');
    expect((await h.ctx.posts.get(fb))?.state).toBe('queued');
    expect(await h.ctx.publishQueue('x').getJob(x)).toBeDefined();

    await bulk([['action', 'skip'], ['postId', o1], ['postId', o2]]);
    expect((await h.ctx.posts.get(o1))?.state).toBe('skipped');
    expect((await h.ctx.posts.get(o2))?.skipReason).toBe('skipped by ed');
    expect((await get('/fragments/pending-count')).json()).toEqual({ count: 0 });
  });

  it('pages through a long inbox, 25 stories a page', async () => {
    for (let i = 0; i < 27; i += 1) await h.seedPost(await h.seedArticle({ title: `Backlog ${i}` }), 'x', 'pending_approval');
    const first = (await get('/approvals')).body;
    expect(first).toContain('page 1 of 2');
    expect(first.match(/data-inbox-row/g)?.length).toBe(25);
    const second = (await get('/approvals?page=2')).body;
    expect(second.match(/data-inbox-row/g)?.length).toBe(2);
  });

  it('lets a viewer read the inbox but not act', async () => {
    const page = (await get('/approvals', viewer)).body;
    expect(page).not.toContain('id="bulk"');
    expect(page).not.toContain('inbox-check');
    expect((await bulk([['action', 'approve'], ['postId', 'x.x']], viewer)).statusCode).toBe(403);
    const noToken = await h.app.inject({ method: 'POST', url: '/approvals/bulk', headers: { cookie: editor.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'action=approve' });
    expect(noToken.statusCode).toBe(403);
  });
});
