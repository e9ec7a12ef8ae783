import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEADLINE_ONLY_NOTE } from '../../src/drafts/fit-draft.js';
import { startWebHarness, type WebHarness } from './web-harness.js';
import { LEDE, LONG_ALT, seedSwappable, SHORT_ALT } from './sentence-seed.js';

/** "Use this sentence" on the desk (#14), through the real server, real Redis and the networks' own formatters. */
let h: WebHarness;
let editor: { cookie: string; csrf: string };
let viewer: { cookie: string; csrf: string };
beforeAll(async () => {
  h = await startWebHarness();
  editor = await h.login('ed');
  viewer = await h.login('vi');
});
afterAll(async () => h.close());

async function swap(postId: string, sentence: string, opts: { as?: { cookie: string; csrf: string }; json?: boolean; token?: boolean; back?: string } = {}) {
  const who = opts.as ?? editor;
  return h.app.inject({
    method: 'POST',
    url: `/posts/${postId}/sentences`,
    headers: { cookie: who.cookie, 'content-type': 'application/x-www-form-urlencoded', ...(opts.json === false ? {} : { accept: 'application/json' }) },
    payload: new URLSearchParams({ ...(opts.token === false ? {} : { _csrf: who.csrf }), sentence, ...(opts.back ? { back: opts.back } : {}) }).toString(),
  });
}

describe('choosing a post\'s sentences on the desk', () => {
  it('shows each post\'s used sentences and the others, with "Use this" for editors only', async () => {
    const { articleKey } = await seedSwappable(h, ['x']);
    const asEditor = await h.app.inject({ method: 'GET', url: `/articles/${articleKey}`, headers: { cookie: editor.cookie } });
    expect(asEditor.statusCode).toBe(200);
    expect(asEditor.body).toContain('data-testid="sentences-used-x"');
    expect(asEditor.body).toContain(LEDE);
    expect(asEditor.body).toContain(SHORT_ALT);
    expect(asEditor.body).toContain('data-testid="use-sentence-x-0"');
    const asViewer = await h.app.inject({ method: 'GET', url: `/articles/${articleKey}`, headers: { cookie: viewer.cookie } });
    expect(asViewer.body).toContain(SHORT_ALT);
    expect(asViewer.body).not.toContain('use-sentence-x-');
  });

  it('swaps a sentence in through the network\'s formatter, records who chose it, and redirects back to the post', async () => {
    const { articleKey, postIds } = await seedSwappable(h, ['x']);
    const postId = postIds['x'] ?? '';
    const before = await h.ctx.posts.get(postId);
    expect(before?.draft.sentences).toEqual([LEDE]);
    const since = await h.ctx.events.lastId();
    const back = `/articles/${articleKey}#post-x`;
    const res = await swap(postId, SHORT_ALT, { json: false, back });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(back);

    const after = await h.ctx.posts.get(postId);
    const def = h.ctx.network(h.ctx.config.channels.find((c) => c.id === 'x')!);
    expect(after?.state).toBe('pending_approval');
    expect(after?.draft.sentences).toEqual([SHORT_ALT]);
    expect(after?.draft.text).toContain(SHORT_ALT);
    expect(after?.draft.text).not.toContain(LEDE);
    expect(after?.draft.length).toBe(def.count(after?.draft.text ?? ''));
    expect(after?.draft.alternatives).toContain(LEDE);
    expect(after?.sentenceChoice).toMatchObject({ by: 'ed', sentences: [SHORT_ALT] });

    const events = (await h.ctx.events.read(since)).map((e) => e.event);
    expect(events).toContainEqual(expect.objectContaining({ type: 'post', postId, state: 'edited', by: 'ed' }));

    const page = await h.app.inject({ method: 'GET', url: `/articles/${articleKey}`, headers: { cookie: `${editor.cookie}; ${String(res.headers['set-cookie']).split(';')[0]}` } });
    expect(page.body).toContain(`${after?.draft.length} / 280`);
    expect(page.body).toContain('now uses the chosen sentence');
    expect(page.body).toContain('Chosen by ed');
  });

  it('refuses a sentence that does not fit, with the count, and leaves the post as it was', async () => {
    const { postIds } = await seedSwappable(h, ['x', 'facebook']);
    const xPost = postIds['x'] ?? '';
    const before = await h.ctx.posts.get(xPost);
    const res = await swap(xPost, LONG_ALT);
    expect(res.statusCode).toBe(422);
    const body = res.json<{ ok: boolean; message: string; length: number; limit: number }>();
    expect(body.ok).toBe(false);
    expect(body.limit).toBe(280);
    expect(body.length).toBeGreaterThan(280);
    expect(body.message).toContain(`${body.length} / 280`);
    expect((await h.ctx.posts.get(xPost))?.draft).toEqual(before?.draft);
    // The same sentence fits Facebook's longer post: the limit is the network's, not the desk's.
    const fb = await swap(postIds['facebook'] ?? '', LONG_ALT);
    expect(fb.statusCode).toBe(200);
    expect((await h.ctx.posts.get(postIds['facebook'] ?? ''))?.draft.sentences).toEqual([LONG_ALT]);
  });

  it('says when no whole sentence fits, and a shorter one brings the post back to headline, sentence and link', async () => {
    const { articleKey, postIds } = await seedSwappable(h, ['x'], 'pending_approval', LONG_ALT);
    const postId = postIds['x'] ?? '';
    const before = await h.ctx.posts.get(postId);
    expect(before?.draft.sentences).toEqual([]);
    expect(before?.draft.note).toBe(HEADLINE_ONLY_NOTE);
    const page = await h.app.inject({ method: 'GET', url: `/articles/${articleKey}`, headers: { cookie: editor.cookie } });
    expect(page.body).toContain('data-testid="sentence-note-x"');
    expect(page.body).toContain('None: headline and link only.');
    expect((await swap(postId, SHORT_ALT)).statusCode).toBe(200);
    const after = await h.ctx.posts.get(postId);
    expect(after?.draft.sentences).toEqual([SHORT_ALT]);
    expect(after?.draft.note).toBeUndefined();
    expect(after?.draft.alternatives).toContain(LONG_ALT);
  });

  it('says when the text was edited by hand after the sentences were chosen', async () => {
    const { articleKey, postIds } = await seedSwappable(h, ['x'], 'queued');
    const postId = postIds['x'] ?? '';
    const post = await h.ctx.posts.get(postId);
    const text = 'Council says yes to the bridge https://news.example/b';
    const saved = await h.ctx.posts.replaceDraft({ postId, expectedText: post?.draft.text ?? '', draft: { ...post!.draft, text }, by: 'ed', sentences: post?.draft.sentences ?? [], states: ['queued'], detail: 'hand edit' });
    expect(saved).toBe('ok');
    const page = await h.app.inject({ method: 'GET', url: `/articles/${articleKey}`, headers: { cookie: editor.cookie } });
    expect(page.body).toContain('data-testid="sentences-hand-edited-x"');
    expect(page.body).not.toContain('data-testid="sentence-choice-x"');
    // Choosing a sentence again rewrites the post from the formatter.
    expect((await swap(postId, SHORT_ALT)).statusCode).toBe(200);
    expect((await h.ctx.posts.get(postId))?.draft.text).toContain(SHORT_ALT);
  });

  it('refuses viewers, requests without the CSRF token, sentences the article does not offer and posts already out', async () => {
    const { postIds } = await seedSwappable(h, ['x']);
    const postId = postIds['x'] ?? '';
    const before = await h.ctx.posts.get(postId);
    expect((await swap(postId, SHORT_ALT, { as: viewer })).statusCode).toBe(403);
    expect((await swap(postId, SHORT_ALT, { token: false })).statusCode).toBe(403);
    expect((await swap(postId, 'Free text the article never said.')).statusCode).toBe(422);
    expect((await h.ctx.posts.get(postId))?.draft).toEqual(before?.draft);
    expect((await h.ctx.posts.get(postId))?.sentenceChoice).toBeUndefined();

    const queued = await seedSwappable(h, ['facebook'], 'queued');
    const fbId = queued.postIds['facebook'] ?? '';
    // A queued post may still change (the publish worker reads the draft when it claims it)...
    expect((await swap(fbId, SHORT_ALT)).statusCode).toBe(200);
    // ...one being posted may not.
    expect(await h.ctx.posts.claim(fbId, 'lease-token', 60_000)).toBe('claimed');
    const posting = await swap(fbId, LEDE);
    expect(posting.statusCode).toBe(409);
    expect(posting.json<{ message: string }>().message).toContain('posting');
  });
});
