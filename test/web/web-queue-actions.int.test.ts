import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBreaking } from '../../cli/commands/breaking.command.js';
import { postHistory } from '../../src/web/post-history.js';
import { startWebHarness, type WebHarness } from './web-harness.js';

/** The queue view's actions (issue #15) through their routes: roles, CSRF, post/redirect/get, ledger effect, history. */
let h: WebHarness;
let editor: { cookie: string; csrf: string };
let viewer: { cookie: string; csrf: string };
beforeAll(async () => {
  h = await startWebHarness({ networks: { x: { spacingSeconds: 600 }, facebook: { spacingSeconds: 600 } }, publication: { name: 'The Daily Test', timezone: 'Europe/London' } });
  editor = await h.login('ed');
  viewer = await h.login('vi');
});
afterAll(async () => h.close());

async function act(url: string, fields: Record<string, string> = {}, opts: { json?: boolean; as?: { cookie: string; csrf: string }; token?: boolean } = {}) {
  const who = opts.as ?? editor;
  return h.app.inject({
    method: 'POST',
    url,
    headers: { cookie: who.cookie, 'content-type': 'application/x-www-form-urlencoded', ...(opts.json === false ? {} : { accept: 'application/json' }) },
    payload: new URLSearchParams({ ...(opts.token === false ? {} : { _csrf: who.csrf }), ...fields }).toString(),
  });
}
const queuePage = async () => (await h.app.inject({ method: 'GET', url: '/queue/x', headers: { cookie: editor.cookie } })).body;
const history = async (postId: string) => {
  const post = await h.ctx.posts.get(postId);
  return post ? (await postHistory(h.ctx, post)).map((e) => `${e.text}${e.by ? ` (${e.by})` : ''}`) : [];
};

describe('queue view actions', () => {
  it('refuses every action without the CSRF token, and to a viewer', async () => {
    const a = await h.seedArticle();
    const postId = await h.seedPost(a, 'x', 'queued');
    const urls = [`/posts/${postId}/front`, `/posts/${postId}/hold`, `/posts/${postId}/release`, `/posts/${postId}/schedule`, `/posts/${postId}/back-in-line`, `/articles/${a}/breaking`];
    for (const url of urls) {
      expect((await act(url, { confirm: 'yes', at: '23:59' }, { token: false })).statusCode, url).toBe(403);
      expect((await act(url, { confirm: 'yes', at: '23:59' }, { as: viewer })).statusCode, url).toBe(403);
    }
    expect(await h.ctx.posts.get(postId)).not.toHaveProperty('lane');
    expect(await h.ctx.posts.get(postId)).not.toHaveProperty('hold');
  });

  it('holds a post (post/redirect/get back to the queue), shows it apart, and releases it', async () => {
    const a = await h.seedArticle({ title: 'Harbour closes for repairs' });
    const postId = await h.seedPost(a, 'x', 'queued');
    const res = await act(`/posts/${postId}/hold`, { reason: 'check the quote' }, { json: false });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/queue/x');
    expect(await h.ctx.posts.get(postId)).toMatchObject({ state: 'queued', hold: 'editor', holdBy: 'ed' });
    const page = await queuePage();
    expect(page).toContain('data-testid="held-list"');
    expect(page).toContain('held by ed: check the quote');
    expect(page).toContain(`data-testid="release-${postId}"`);
    expect((await act(`/posts/${postId}/release`)).json()).toEqual({ ok: true, message: 'released' });
    expect(await h.ctx.posts.get(postId)).not.toHaveProperty('hold');
    expect(await h.ctx.publishQueue('x').getJob(postId)).toBeDefined();
    expect((await act(`/posts/${postId}/release`)).statusCode).toBe(409);
    expect(await history(postId)).toEqual(expect.arrayContaining(['held: check the quote (ed)', 'released (ed)']));
  });

  it('moves a post to the front and back in line', async () => {
    const older = await h.seedPost(await h.seedArticle(), 'x', 'queued');
    expect((await act(`/posts/${older}/front`)).json()).toEqual({ ok: true, message: 'moved to the front' });
    expect(await h.ctx.posts.get(older)).toMatchObject({ lane: 'front', laneBy: 'ed' });
    const page = await queuePage();
    expect(page).toMatch(new RegExp(`<li class="queue-item" data-post-id="${older}" data-wait="[a-z]+" data-lane="front">\\s*<span class="queue-pos">1</span>`));
    expect((await act(`/posts/${older}/back-in-line`)).json()).toEqual({ ok: true, message: 'back in line' });
    expect(await h.ctx.posts.get(older)).not.toHaveProperty('lane');
  });

  it('schedules a post for a time in the publication time zone and refuses an unreadable one', async () => {
    const postId = await h.seedPost(await h.seedArticle(), 'x', 'queued');
    expect((await act(`/posts/${postId}/schedule`, { at: 'soon' })).statusCode).toBe(422);
    expect((await act(`/posts/${postId}/schedule`, { at: '2020-01-01T10:00' })).statusCode).toBe(422);
    const res = await act(`/posts/${postId}/schedule`, { at: '2099-01-01T15:00' });
    expect(res.statusCode).toBe(422);
    const inADay = new Date(Date.now() + 86_400_000);
    const local = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(inADay);
    const ok = await act(`/posts/${postId}/schedule`, { at: `${local}T15:00` });
    expect(ok.json().message).toMatch(/^scheduled: for \d+ \w+ 15:00 \(Europe\/London\)$/);
    const post = await h.ctx.posts.get(postId);
    expect(post?.lane).toBe('scheduled');
    expect(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit' }).format(new Date(post?.laneAtMs ?? 0))).toBe('15:00');
    expect(await queuePage()).toContain('scheduled for');
  });

  it('marks a story breaking on every network only when confirmed, and says so first in the queue', async () => {
    const a = await h.seedArticle({ title: 'Bridge collapses' });
    const onX = await h.seedPost(a, 'x', 'queued');
    const onFb = await h.seedPost(a, 'facebook', 'queued');
    expect((await act(`/articles/${a}/breaking`)).statusCode).toBe(422);
    expect(await h.ctx.posts.get(onX)).not.toHaveProperty('lane');
    const res = await act(`/articles/${a}/breaking`, { confirm: 'yes', back: '/queue/x' }, { json: false });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/queue/x');
    expect(await h.ctx.posts.get(onX)).toMatchObject({ lane: 'breaking', laneBy: 'ed' });
    expect(await h.ctx.posts.get(onFb)).toMatchObject({ lane: 'breaking', laneBy: 'ed' });
    const page = await queuePage();
    expect(page).toMatch(new RegExp(`data-post-id="${onX}" data-wait="breaking" data-lane="breaking">\\s*<span class="queue-pos">1</span>`));
    expect(page).toContain('breaking: next');
    expect(await history(onFb)).toContain('marked breaking (ed)');
  });

  it('crier breaking marks a story from the CLI, recorded as such', async () => {
    const a = await h.seedArticle();
    const postId = await h.seedPost(a, 'facebook', 'queued');
    const lines: string[] = [];
    expect(await runBreaking(h.ctx.config, postId, (s) => lines.push(s))).toBe(0);
    expect(lines).toEqual([`${a}: breaking: facebook goes next`]);
    expect(await h.ctx.posts.get(postId)).toMatchObject({ lane: 'breaking', laneBy: 'an editor (cli)' });
    expect(await runBreaking(h.ctx.config, 'not a key!', () => undefined)).toBe(1);
    expect(await runBreaking(h.ctx.config, 'ffffffffffffffff', () => undefined)).toBe(1);
  });
});
