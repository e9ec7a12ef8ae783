import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Worker } from 'bullmq';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvePost } from '../../src/desk/post-actions.js';
import { readOutbox } from '../../src/publishers/dry-run/outbox-publisher.js';
import { enqueuePublish } from '../../src/queues/publish-jobs.js';
import { createPublishWorker } from '../../workers/publish.worker.js';
import { startWeb } from '../../workers/web.js';
import { ARTIFACTS_DIR, horizontalOverflow, launchChromium, signIn } from './browser.js';
import { seedPreviewPost, startPreviewSite, type PreviewSite } from './preview-seed.js';
import { PASSWORD, SESSION_SECRET, startWebHarness, type WebHarness } from './web-harness.js';


/** Previews as the networks show them, and swapping a post's image, in Chromium (issue #15). */
let h: WebHarness;
let site: PreviewSite;
let web: { url: string; close(): Promise<void> };
let browser: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;
let worker: Worker;
let outbox: string;
let articleKey = '';
let igPost = '';

beforeAll(async () => {
  outbox = await mkdtemp(path.join(tmpdir(), 'crier-preview-outbox-'));
  site = await startPreviewSite();
  h = await startWebHarness({
    outbox: { dir: outbox },
    publicBaseUrl: 'https://crier.example',
    publication: { name: 'The Harbour Gazette', timezone: 'UTC' },
    networks: { x: { approval: 'manual', autoApproveAfterMinutes: 30, attachImage: true }, facebook: {}, instagram: {}, linkedin: {}, bluesky: {} },
  });
  web = await startWeb(h.ctx, { port: 0, host: '127.0.0.1', sessionSecret: SESSION_SECRET, sampleQueues: false, workersRunning: () => true });
  const instagram = h.ctx.config.channels.find((c) => c.id === 'instagram');
  if (!instagram) throw new Error('no instagram channel');
  worker = createPublishWorker(h.ctx, instagram);
  ({ articleKey, postId: igPost } = await seedPreviewPost(h, site, 'instagram', 'queued'));
  for (const [c, state] of [['facebook', 'queued'], ['linkedin', 'queued'], ['x', 'pending_approval'], ['bluesky', 'queued']] as const) {
    const made = await seedPreviewPost(h, site, c, state, c === 'x' || c === 'bluesky' ? `Harbour bridge reopens after storm repairs @cityhall #harbour ${site.url}/story/${c}` : undefined);
    const post = await h.ctx.posts.get(made.postId);
    if (post) await h.ctx.posts.create({ articleKey, channel: c, network: post.network, draft: { ...post.draft, url: `${site.url}/story/${articleKey}` }, summariser: 'test', state });
  }
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  browser = await launchChromium();
  page = await browser.context.newPage();
  await page.goto(`${web.url}/login`);
  await signIn(page, web.url, 'ed', PASSWORD);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await worker?.close();
  await web?.close();
  await h?.close();
  await site?.close();
  await rm(outbox, { recursive: true, force: true });
});

const frame = (channel: string) => page.locator(`[data-testid="preview-${channel}"] .pv-frame`);

describe('previews and the image swap in Chromium', () => {
  it('shows each network\'s crop with real images, and the fold opens on a tap', async () => {
    await page.setViewportSize({ width: 1360, height: 900 });
    await page.goto(`${web.url}/articles/${articleKey}`);
    // Instagram keeps the 1200×630 feed image's own shape (within 4:5..1.91:1).
    await expect.poll(() => frame('instagram').getAttribute('data-shaped'), { timeout: 10_000 }).toBe('1.905');
    // Facebook's card is the page's og:image, loaded through the desk and cropped 1.91:1.
    await expect.poll(() => page.locator('[data-testid="preview-img-facebook"]').evaluate((img: { naturalWidth: number }) => img.naturalWidth), { timeout: 10_000 }).toBe(1200);
    const box = await frame('facebook').boundingBox();
    expect(box && Math.abs(box.width / box.height - 1.91)).toBeLessThan(0.02);
    const rest = page.locator('[data-testid="preview-facebook"] .pv-rest');
    expect(await rest.isVisible()).toBe(false);
    await page.locator('[data-testid="preview-facebook"] .pv-more').click();
    expect(await rest.isVisible()).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'previews-desktop.png'), fullPage: true });
  });

  it('swaps Instagram\'s image for one in the article, and the published post carries it', async () => {
    await page.click('[data-testid="swap-image-instagram"]');
    await page.waitForURL(`${web.url}/posts/${igPost}/image-choice`);
    await page.locator('[data-testid="image-choices"] img').first().waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'image-choice-desktop.png'), fullPage: true });
    await page.click('[data-testid="image-choices"] button[data-source="article"] >> nth=0');
    await page.waitForSelector('.notice-ok');
    expect(new URL(page.url()).pathname).toBe(`/articles/${articleKey}`);
    expect(await page.textContent('.notice-ok')).toContain('instagram now uses the image from the article');
    expect((await h.ctx.posts.get(igPost))?.draft.imageUrl).toBe(`${site.url}/img/portrait.jpg`);
    // The preview follows: a 4:5 portrait.
    await expect.poll(() => frame('instagram').getAttribute('data-shaped'), { timeout: 10_000 }).toBe('0.800');
    expect(await page.locator('[data-testid="history-instagram"]').textContent()).toContain('ed changed the image to the image from the article (127.0.0.1)');
    await enqueuePublish(h.ctx.publishQueue('instagram'), { postId: igPost, articleKey, channel: 'instagram' });
    await expect.poll(async () => (await h.ctx.posts.get(igPost))?.state, { timeout: 15_000 }).toBe('posted');
    const line = (await readOutbox(outbox, 'instagram')).find((e) => e.postId === igPost);
    expect(line?.imageUrl).toBe(`${site.url}/img/portrait.jpg`);
  });

  it('selects every post on an inbox page at once and approves them in one go', async () => {
    await page.setViewportSize({ width: 1360, height: 900 });
    const ids = [(await seedPreviewPost(h, site, 'x', 'pending_approval', 'One for the inbox https://news.example/1')).postId, (await seedPreviewPost(h, site, 'x', 'pending_approval', 'Two for the inbox https://news.example/2')).postId];
    await page.goto(`${web.url}/approvals`);
    const pending = await page.locator('[data-inbox-row]').count();
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'approvals-previews-desktop.png'), fullPage: true });
    expect(pending).toBeGreaterThanOrEqual(3);
    await page.check('[data-testid="select-all"]');
    expect(await page.locator('.inbox-check:checked').count()).toBe(pending);
    await page.click('[data-testid="bulk-approve"]');
    await page.waitForSelector('.notice-ok');
    expect(await page.textContent('.notice-ok')).toContain(`approved ${pending} posts`);
    for (const id of ids) expect((await h.ctx.posts.get(id))?.state).toBe('queued');
    expect(await page.title()).toBe('Approvals · Crier');
    // A post approved elsewhere is greyed out in place; the page does not reload under the editor.
    const late = (await seedPreviewPost(h, site, 'x', 'pending_approval', 'Three for the inbox https://news.example/3')).postId;
    await page.goto(`${web.url}/approvals`);
    await page.evaluate(() => { (globalThis as { stayed?: boolean }).stayed = true; });
    expect((await approvePost(h.ctx, late)).ok).toBe(true);
    await page.locator(`[data-inbox-row][data-post-id="${late}"][data-decided="queued"]`).waitFor({ timeout: 10_000 });
    expect(await page.evaluate(() => (globalThis as { stayed?: boolean }).stayed)).toBe(true);
    expect(await page.locator(`[data-inbox-row][data-post-id="${late}"] .inbox-check`).isDisabled()).toBe(true);
  });

  it('lays out the previews, the chooser and the inbox within 360 px; screenshots at 390 px', async () => {
    const { postId } = await seedPreviewPost(h, site, 'linkedin', 'queued');
    // The inbox is empty after the bulk approval above: give it rows to lay out.
    await seedPreviewPost(h, site, 'instagram', 'pending_approval');
    await seedPreviewPost(h, site, 'x', 'pending_approval', `Harbour bridge reopens @cityhall #harbour ${site.url}/story/a-long-slug-that-would-overflow-a-phone-screen-if-it-did-not-wrap`);
    for (const [name, url] of [['article', `/articles/${articleKey}`], ['image-choice', `/posts/${postId}/image-choice`], ['approvals', '/approvals']] as const) {
      await page.setViewportSize({ width: 360, height: 780 });
      await page.goto(`${web.url}${url}`);
      await page.locator('.pv-img').first().waitFor();
      const o = await horizontalOverflow(page);
      expect(o.scrollWidth, `${url} is wider than the screen: ${o.widest}`).toBeLessThanOrEqual(360);
      await page.setViewportSize({ width: 390, height: 844 });
      await page.screenshot({ path: path.join(ARTIFACTS_DIR, `phone-preview-${name}.png`), fullPage: name !== 'article' });
    }
  });
});
