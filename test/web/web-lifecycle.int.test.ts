import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLifecycleLedger } from '../../src/ledger/lifecycle-ledger.js';
import { lifecycleJobId } from '../../src/lifecycle/lifecycle-jobs.js';
import { startWebHarness, type WebHarness } from './web-harness.js';

/** The desk's side of corrections and retractions (#16): the changes page, the retract button, flags. */
let h: WebHarness;
let editor: { cookie: string; csrf: string };
let viewer: { cookie: string; csrf: string };
beforeAll(async () => {
  h = await startWebHarness();
  editor = await h.login('ed');
  viewer = await h.login('vi');
});
afterAll(async () => h.close());

const form = (who: { cookie: string }, url: string, fields: Record<string, string>) =>
  h.app.inject({ method: 'POST', url, headers: { cookie: who.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(fields).toString() });

/** An article the CMS corrected once: "approves" became "rejects". */
async function correctedArticle(): Promise<string> {
  const key = await h.seedArticle({ title: 'Council approves the new bridge' });
  const record = await h.ctx.articles.get(key);
  if (!record) throw new Error('seeded article missing');
  const status = await h.ctx.articles.record({ ...record.article, title: 'Council rejects the new bridge', text: 'Body text, corrected.' }, [`url:${key}`]);
  expect(status).toEqual({ status: 'changed', articleKey: key });
  return key;
}

describe('desk: corrections and retractions', () => {
  it('shows the new headline, and old and new side by side as a word diff', async () => {
    const key = await correctedArticle();
    expect((await h.ctx.articles.get(key))?.article.title).toBe('Council rejects the new bridge');
    const res = await h.app.inject({ method: 'GET', url: `/articles/${key}/changes`, headers: { cookie: viewer.cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<del>approves</del>');
    expect(res.body).toContain('<ins>rejects</ins>');
    // A viewer sees no retract link.
    expect(res.body).not.toContain(`/articles/${key}/retract`);
    expect((await h.app.inject({ method: 'GET', url: '/articles/nope!/changes', headers: { cookie: viewer.cookie } })).statusCode).toBe(404);
  });

  it('retracts only for an editor, with the CSRF token and the confirmation; posts not out are cancelled at once', async () => {
    const key = await correctedArticle();
    const postId = await h.seedPost(key, 'x', 'pending_approval');
    const confirm = await h.app.inject({ method: 'GET', url: `/articles/${key}/retract`, headers: { cookie: editor.cookie } });
    expect(confirm.body).toContain('name="confirm"');
    expect((await form(viewer, `/articles/${key}/retract`, { _csrf: viewer.csrf, confirm: 'yes' })).statusCode).toBe(403);
    expect((await form(editor, `/articles/${key}/retract`, { confirm: 'yes' })).statusCode).toBe(403);
    const unconfirmed = await form(editor, `/articles/${key}/retract`, { _csrf: editor.csrf });
    expect(unconfirmed.headers.location).toBe(`/articles/${key}/retract`);
    expect((await h.ctx.posts.get(postId))?.state).toBe('pending_approval');

    const done = await form(editor, `/articles/${key}/retract`, { _csrf: editor.csrf, confirm: 'yes', reason: 'wrong\u0000 council\n' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`/articles/${key}/changes`);
    const post = await h.ctx.posts.get(postId);
    expect(post).toMatchObject({ state: 'skipped', skipReason: 'retracted by ed: wrong council' });
    expect(post?.retractedAt).toBeDefined();
    expect(await h.ctx.posts.listPendingApproval()).not.toContain(postId);
    expect((await h.ctx.articles.get(key))?.retractedAt).toBeDefined();
    expect(await h.ctx.lifecycleQueue.getJob(lifecycleJobId({ kind: 'retract', articleKey: key, by: '', reason: '' }))).toBeDefined();
  });

  it('lists a flagged correction under Needs attention until an editor marks it handled', async () => {
    const key = await h.seedArticle();
    const postId = await h.seedPost(key, 'facebook', 'queued');
    const lifecycle = createLifecycleLedger(h.ctx.redis, { prefix: h.prefix, retentionDays: 1 });
    await lifecycle.recordStep(postId, { step: 'retract', action: 'remove', state: 'flagged', at: new Date().toISOString(), needs: 'delete the post on facebook by hand' });
    const desk = await h.app.inject({ method: 'GET', url: '/', headers: { cookie: editor.cookie } });
    expect(desk.body).toContain(`facebook: delete the post on facebook by hand`);
    const res = await form(editor, '/lifecycle/flags/resolve', { _csrf: editor.csrf, postId, step: 'retract', back: '/' });
    expect(res.statusCode).toBe(303);
    expect(await lifecycle.flags()).toEqual([]);
    const after = await h.app.inject({ method: 'GET', url: '/', headers: { cookie: editor.cookie } });
    expect(after.body).not.toContain('delete the post on facebook by hand');
  });
});
