import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jpegInfo, sniffImageKind } from '../../src/media/image-info.js';
import { seedPreviewPost, startPreviewSite, type PreviewSite } from './preview-seed.js';
import { startWebHarness, type WebHarness } from './web-harness.js';

/** Real previews and the image swap (issue #15), through the real server, real Redis and a local newsroom site. */
let h: WebHarness;
let site: PreviewSite;
let editor: { cookie: string; csrf: string };
let viewer: { cookie: string; csrf: string };
beforeAll(async () => {
  site = await startPreviewSite();
  h = await startWebHarness({
    publicBaseUrl: 'https://crier.example',
    networks: { x: { approval: 'manual', autoApproveAfterMinutes: 30 }, facebook: {}, instagram: { approval: 'manual' }, linkedin: {}, bluesky: {} },
  });
  editor = await h.login('ed');
  viewer = await h.login('vi');
}, 30_000);
afterAll(async () => {
  await h?.close();
  await site?.close();
});

const get = (url: string, who = editor) => h.app.inject({ method: 'GET', url, headers: { cookie: who.cookie } });
function swap(postId: string, fields: Record<string, string>, opts: { as?: { cookie: string; csrf: string }; json?: boolean; token?: boolean } = {}) {
  const who = opts.as ?? editor;
  return h.app.inject({
    method: 'POST',
    url: `/posts/${postId}/image`,
    headers: { cookie: who.cookie, 'content-type': 'application/x-www-form-urlencoded', ...(opts.json ? { accept: 'application/json' } : {}) },
    payload: new URLSearchParams({ ...(opts.token === false ? {} : { _csrf: who.csrf }), ...fields }).toString(),
  });
}
const section = (body: string, channel: string) => /<figure class="pv[\s\S]*?<\/figure>/.exec(body.slice(body.indexOf(`data-testid="preview-${channel}"`) - 200))?.[0] ?? '';

describe('previews on the article page', () => {
  it('draws each post as its network shows it: link styling, the fold, and the image in its crop', async () => {
    const { articleKey } = await seedPreviewPost(h, site, 'facebook', 'queued');
    for (const c of ['instagram', 'linkedin', 'x']) {
      const text = c === 'x' ? 'Harbour bridge reopens @cityhall #harbour https://news.example/a' : undefined;
      const created = await seedPreviewPost(h, site, c, 'pending_approval', text);
      // Same article for all: move the post under the first article's key.
      const post = await h.ctx.posts.get(created.postId);
      if (post) await h.ctx.posts.create({ articleKey, channel: c, network: post.network, draft: post.draft, summariser: 'test', state: 'pending_approval' });
    }
    const body = (await get(`/articles/${articleKey}`)).body;
    const fb = section(body, 'facebook');
    expect(fb).toContain('data-network="facebook"');
    expect(fb).toMatch(/<label class="pv-more" for="fold-[^"]+" data-testid="fold-[^"]+">…See more<\/label>/);
    expect(fb).toContain('<span class="pv-mention">@cityhall</span>');
    expect(fb).toContain('<span class="pv-tag">#harbour</span>');
    // Facebook builds its card from the page: the og:image, 1.91:1, and says Crier's image is not sent.
    expect(fb).toMatch(/class="pv-frame pv-aspect-191" data-aspect="1.910"><img class="pv-img" src="\/articles\/[a-f0-9]+\/og-image"/);
    expect(fb).toContain('builds this card itself');
    const ig = section(body, 'instagram');
    expect(ig).toContain('… more');
    expect(ig).toMatch(/data-min-aspect="0.800" data-max-aspect="1.910"><img class="pv-img" src="\/posts\/[a-f0-9]+\.instagram\/image\?v=[a-f0-9]{10}"/);
    // Instagram does not link URLs in captions; the editor can change its image.
    expect(ig).not.toContain('pv-link');
    expect(ig).toContain('data-testid="swap-image-instagram"');
    expect(section(body, 'linkedin')).toContain('…see more');
    const x = section(body, 'x');
    expect(x).not.toContain('pv-more');
    expect(x).toContain('<span class="pv-link" title="https://news.example/a">news.example/a</span>');
  });

  it('serves the post\'s image and the og:image from the desk\'s origin, sniffed; never an SVG', async () => {
    const { articleKey, postId } = await seedPreviewPost(h, site, 'instagram', 'pending_approval');
    const img = await get(`/posts/${postId}/image`);
    expect(img.statusCode).toBe(200);
    expect(img.headers['content-type']).toBe('image/png');
    expect(img.headers['x-content-type-options']).toBe('nosniff');
    expect(sniffImageKind(img.rawPayload)).toBe('png');
    const og = await get(`/articles/${articleKey}/og-image`);
    expect(og.headers['content-type']).toBe('image/jpeg');
    const choice = (await get(`/posts/${postId}/image-choice`)).body;
    const sources = [...choice.matchAll(/data-source="([^"]+)"/g)].map((m) => m[1]);
    // The feed image is in use (no button); og:image, the two body images and the card are offered; data: URLs are not.
    expect(sources).toEqual(['og:image', 'article', 'article', 'card']);
    expect(choice).toContain('<span class="chip chip-posted">in use</span>');
    const svgIndex = [...choice.matchAll(/\/articles\/[a-f0-9]+\/images\/(\d+)/g)].map((m) => m[1])[3];
    const svg = await get(`/articles/${articleKey}/images/${svgIndex}`);
    expect(svg.statusCode).toBe(502);
    expect(svg.headers['content-type']).toContain('text/plain');
    expect((await get(`/articles/${articleKey}/images/99`)).statusCode).toBe(404);
  });

  it('brings the editor back to the inbox when the chooser was opened from it, never off-site', async () => {
    const { postId } = await seedPreviewPost(h, site, 'instagram', 'pending_approval');
    const inbox = (await get('/approvals')).body;
    expect(inbox).toContain(`href="/posts/${postId}/image-choice?back=%2Fapprovals"`);
    expect((await get(`/posts/${postId}/image-choice?back=%2Fapprovals`)).body).toContain('<input type="hidden" name="back" value="/approvals">');
    expect((await get(`/posts/${postId}/image-choice?back=${encodeURIComponent('//evil.example/x')}`)).body).toContain('<input type="hidden" name="back" value="/">');
  });

  it('shows Instagram\'s generated card when the post has no image and the page no og:image', async () => {
    const key = 'a1b2c3d4e5f60718';
    await h.ctx.articles.record({ key, feedId: 'metro', title: 'Card-only story', url: `${site.url}/missing/${key}`, categories: [], text: 'Body.', discoveredAt: new Date().toISOString() }, [`url:${key}`]);
    const c = h.ctx.config.channels.find((x) => x.id === 'instagram');
    const text = 'Card-only story #harbour';
    await h.ctx.posts.create({ articleKey: key, channel: 'instagram', network: 'instagram', draft: { text, length: text.length, limit: c ? h.ctx.network(c).limit : 2200, url: `${site.url}/missing/${key}`, title: 'Card-only story', description: '', hashtags: [] }, summariser: 'test', state: 'pending_approval' });
    const body = (await get(`/articles/${key}`)).body;
    expect(section(body, 'instagram')).toContain(`src="/articles/${key}/og-image?or=card"`);
    const card = await get(`/articles/${key}/og-image?or=card`);
    expect(card.headers['content-type']).toBe('image/jpeg');
    expect(jpegInfo(card.rawPayload)).toMatchObject({ width: 1080, height: 1350 });
    expect((await get(`/articles/${key}/og-image`)).statusCode).toBe(404);
  });
});

describe('swapping a post\'s image', () => {
  it('uses the chosen og:image, redirects back to the post and records who changed it', async () => {
    const { articleKey, postId } = await seedPreviewPost(h, site, 'instagram', 'pending_approval');
    const res = await swap(postId, { source: 'og:image', url: `${site.url}/img/og.jpg`, back: `/articles/${articleKey}#post-instagram` });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/articles/${articleKey}#post-instagram`);
    const post = await h.ctx.posts.get(postId);
    expect(post?.draft.imageUrl).toBe(`${site.url}/img/og.jpg`);
    expect(post?.state).toBe('pending_approval');
    const page = (await h.app.inject({ method: 'GET', url: `/articles/${articleKey}`, headers: { cookie: `${editor.cookie}; ${String(res.headers['set-cookie']).split(';')[0]}` } })).body;
    expect(page).toContain('instagram now uses the article page og:image');
    expect(page).toMatch(/ed changed the image to the article page og:image \(127\.0\.0\.1\)<\/span> <span class="history-by">by ed<\/span>/);
  });

  it('draws and stores a headline card when the editor chooses it, fitted to the network', async () => {
    const { postId } = await seedPreviewPost(h, site, 'instagram', 'queued');
    const res = await swap(postId, { source: 'card' }, { json: true });
    expect(res.statusCode, res.body).toBe(200);
    const url = (await h.ctx.posts.get(postId))?.draft.imageUrl ?? '';
    expect(url).toMatch(/^https:\/\/crier\.example\/media\/cards\/instagram-[0-9a-f]{32}\.jpg$/);
    const img = await get(`/posts/${postId}/image`);
    expect(jpegInfo(img.rawPayload)).toMatchObject({ width: 1080, height: 1350 });
  });

  it('refuses an image the network cannot take, a URL not of the article, a posted post; viewers and forged forms', async () => {
    const { postId } = await seedPreviewPost(h, site, 'linkedin', 'queued');
    const svg = await swap(postId, { source: 'article', url: `${site.url}/img/chart.svg` }, { json: true });
    expect(svg.statusCode).toBe(422);
    expect(JSON.parse(svg.body).message).toContain('not a JPEG, PNG, GIF or WebP image (unknown format)');
    const foreign = await swap(postId, { source: 'article', url: 'http://169.254.169.254/latest/meta-data' }, { json: true });
    expect(foreign.statusCode).toBe(422);
    expect(JSON.parse(foreign.body).message).toContain('not one of this article\'s images');
    expect((await swap(postId, { source: 'og:image', url: `${site.url}/img/og.jpg` }, { as: viewer })).statusCode).toBe(403);
    expect((await swap(postId, { source: 'og:image', url: `${site.url}/img/og.jpg` }, { token: false })).statusCode).toBe(403);
    expect((await h.ctx.posts.get(postId))?.draft.imageUrl).toBe(`${site.url}/img/feed.png`);
    expect(await h.ctx.posts.claim(postId, 'lease', 60_000)).toBe('claimed');
    const busy = await swap(postId, { source: 'og:image', url: `${site.url}/img/og.jpg` }, { json: true });
    expect(busy.statusCode).toBe(409);
    expect(JSON.parse(busy.body).message).toBe('cannot change the image: the post is posting');
  });
});
