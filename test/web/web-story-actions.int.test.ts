import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebHarness, type WebHarness } from './web-harness.js';

/** The article page's story actions (#15, #16): breaking (confirmed), what changed, retract — editors only. */
let h: WebHarness;
let editor: { cookie: string; csrf: string };
let viewer: { cookie: string; csrf: string };
beforeAll(async () => {
  h = await startWebHarness({ networks: { x: { spacingSeconds: 600 }, facebook: { spacingSeconds: 600 } } });
  editor = await h.login('ed');
  viewer = await h.login('vi');
});
afterAll(async () => h.close());

const page = async (key: string, who: { cookie: string }) => (await h.app.inject({ method: 'GET', url: `/articles/${key}`, headers: { cookie: who.cookie } })).body;

describe('article page: the story actions', () => {
  it('offers an editor Breaking (with a confirmation tick) and Retract, a viewer neither', async () => {
    const key = await h.seedArticle();
    await h.seedPost(key, 'x', 'queued');
    const ed = await page(key, editor);
    expect(ed).toContain(`action="/articles/${key}/breaking"`);
    expect(ed).toMatch(/name="confirm" value="yes" required/);
    expect(ed).toContain(`href="/articles/${key}/retract"`);
    expect(ed).not.toContain('data-testid="story-changes"'); // nothing changed yet
    const vi = await page(key, viewer);
    expect(vi).not.toContain(`/articles/${key}/breaking`);
    expect(vi).not.toContain(`/articles/${key}/retract`);
  });

  it('the Breaking form puts the story in the lane and comes back to the article (PRG); then it is not offered again', async () => {
    const key = await h.seedArticle();
    const postId = await h.seedPost(key, 'x', 'queued');
    const res = await h.app.inject({
      method: 'POST',
      url: `/articles/${key}/breaking`,
      headers: { cookie: editor.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: editor.csrf, confirm: 'yes', back: `/articles/${key}` }).toString(),
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toMatch(new RegExp(`^/articles/${key}`));
    expect((await h.ctx.posts.get(postId))?.lane).toBe('breaking');
    expect(await page(key, editor)).not.toContain(`action="/articles/${key}/breaking"`);
  });

  it('a corrected story links its changes from the chip and the actions', async () => {
    const key = await h.seedArticle({ title: 'Council approves the new bridge' });
    const record = await h.ctx.articles.get(key);
    if (!record) throw new Error('seeded article missing');
    await h.ctx.articles.record({ ...record.article, title: 'Council rejects the new bridge' }, [`url:${key}`]);
    const ed = await page(key, editor);
    expect(ed).toContain('Council rejects the new bridge');
    expect(ed).toContain('data-testid="story-changes"');
    expect(ed).toMatch(new RegExp(`<a class="chip chip-unknown" href="/articles/${key}/changes">corrected`));
  });
});
