import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerKeys } from '../../src/ledger/keys.js';
import { startWeb } from '../../workers/web.js';
import { ARTIFACTS_DIR, horizontalOverflow, launchChromium, signIn } from './browser.js';
import { PASSWORD, SESSION_SECRET, startWebHarness, type WebHarness } from './web-harness.js';

// Code passed to page.evaluate() runs in Chromium. These few DOM shapes are declared here, in
// this module only: a `/// <reference lib="dom" />` would pull the DOM lib into the whole Node
// program and change fetch's BodyInit and Blob types for every source file.
declare const document: {
  fonts: Iterable<{ family: string; status: string }>;
};
declare function getComputedStyle(el: unknown, pseudo?: string): { content: string; position: string; direction: string; backgroundColor: string };
declare interface HTMLFormElement {
  submit(): void;
}

/** The desk on a phone (issue #15): nothing wider than a 360 px screen, scripts and time zones, honest states. */
let h: WebHarness;
let web: { url: string; close(): Promise<void> };
let browser: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;
let outbox: string;
let articleKey = '';
const URDU = 'کراچی میں بارش کے بعد سڑکیں بند، شہری پریشان';

beforeAll(async () => {
  outbox = await mkdtemp(path.join(tmpdir(), 'crier-phone-outbox-'));
  h = await startWebHarness({
    outbox: { dir: outbox },
    publication: { name: 'The Daily Test With A Long Name', timezone: 'Asia/Karachi' },
    feeds: [
      { id: 'metro', url: '/nonexistent/metro.xml', title: 'Metro Desk' },
      { id: 'urdu', url: '/nonexistent/urdu.xml', title: 'اردو خبریں' },
    ],
    networks: { x: { approval: 'manual', autoApproveAfterMinutes: 30 }, facebook: { spacingSeconds: 900 }, mastodon: {}, bluesky: {}, linkedin: {}, telegram: {} },
  });
  web = await startWeb(h.ctx, { port: 0, host: '127.0.0.1', sessionSecret: SESSION_SECRET, sampleQueues: false, workersRunning: () => true });
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  browser = await launchChromium();
  page = await browser.context.newPage();
  await page.setViewportSize({ width: 360, height: 780 });

  articleKey = await h.seedArticle({ title: 'A very long headline about the council budget vote that goes on and on past any phone width, withaverylongunbrokenwordthatcouldoverflow' });
  await h.seedPost(articleKey, 'x', 'pending_approval', { autoApproveAt: new Date(Date.now() + 20 * 60_000).toISOString() });
  await h.seedPost(articleKey, 'facebook', 'failed', { lastError: 'Facebook API 500: an upstream error with a long explanation that should wrap on a phone' });
  await h.seedPost(articleKey, 'mastodon', 'queued');
  const urdu = await h.seedArticle({ title: URDU, feedId: 'urdu' });
  await h.seedPost(urdu, 'x', 'pending_approval', { text: `${URDU} https://news.example/urdu` });
  // Newest story first (editorial.drainOrder's default): story one, made last, is first in line.
  for (const title of ['Backlog story three', 'Backlog story two', 'Backlog story one']) await h.seedPost(await h.seedArticle({ title }), 'facebook', 'queued');
  await h.ctx.redis.set(ledgerKeys(h.prefix).channelNextSlot('facebook'), String(Date.now() + 7 * 60_000));
  await h.ctx.control.setPaused('mastodon', 'halted', 'Mastodon 401: The access token was revoked');
  await h.ctx.publishQueue('mastodon').pause();
  await h.ctx.feedStates.recordFailure('urdu', { lastFetchAt: new Date().toISOString(), lastOutcome: 'http-error', lastStatus: 503, lastError: 'HTTP 503 Service Unavailable' }, { baseMs: 60_000, maxMs: 60_000 });
  const dry = await h.seedArticle({ title: 'Dry-run story that would have gone out' });
  const dryId = await h.seedPost(dry, 'linkedin', 'queued');
  await h.ctx.posts.claim(dryId, 'tok', 60_000);
  await h.ctx.posts.markPosted(dryId, 'tok', { remoteId: dryId, remoteUrl: `file://${outbox}/linkedin.jsonl#${dryId}`, confirmed: true });
  await h.ctx.control.setPaused('telegram', 'paused by ed');
  await h.ctx.publishQueue('telegram').pause();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await web?.close();
  await h?.close();
  await rm(outbox, { recursive: true, force: true });
});

describe('the desk on a phone', () => {
  it('signs in from a 360 px screen without sideways scrolling', async () => {
    await page.goto(`${web.url}/login`);
    expect((await horizontalOverflow(page)).scrollWidth).toBeLessThanOrEqual(360);
    await signIn(page, web.url, 'ed', PASSWORD);
  });

  it('lays out every page within 360 px, with the nav, Sign out and a folded network bar on screen', async () => {
    const pages = ['/', '/approvals', `/articles/${articleKey}`, '/feeds', '/ops', '/queue/facebook'];
    for (const p of pages) {
      await page.goto(`${web.url}${p}`);
      const o = await horizontalOverflow(page);
      expect(o.scrollWidth, `${p} is wider than the screen: ${o.widest}`).toBeLessThanOrEqual(360);
      const signOut = await page.locator('button:has-text("Sign out")').boundingBox();
      expect(signOut && signOut.x + signOut.width).toBeLessThanOrEqual(360);
      const name = p === '/' ? 'desk' : (p.split('/')[1] ?? 'page');
      await page.setViewportSize({ width: 390, height: 844 });
      // Full-page captures misplace sticky elements, so the article page is captured as a phone shows it.
      await page.screenshot({ path: path.join(ARTIFACTS_DIR, `phone-${name}.png`), fullPage: name !== 'articles' });
      await page.setViewportSize({ width: 360, height: 780 });
    }
    await page.goto(`${web.url}/`);
    // The network bar is one line until tapped.
    expect(await page.locator('.net[data-channel="x"]').isVisible()).toBe(false);
    expect(await page.textContent('[data-testid="nets-summary"]')).toContain('2 paused · needs attention');
    await page.click('[data-testid="nets-summary"]');
    expect(await page.locator('.net[data-channel="x"]').isVisible()).toBe(true);
    expect((await horizontalOverflow(page)).scrollWidth).toBeLessThanOrEqual(360);
  });

  it('shows feed and queue tables as cards under 600 px', async () => {
    await page.goto(`${web.url}/feeds`);
    expect(await page.locator('.table thead').isVisible()).toBe(false);
    expect(await page.locator('#feed-metro td[data-label="HTTP"]').evaluate((el) => getComputedStyle(el, '::before').content)).toBe('"HTTP"');
  });

  it('keeps the article page actions on screen while scrolling a card', async () => {
    await page.goto(`${web.url}/articles/${articleKey}`);
    expect(await page.locator('#post-x .post-status').evaluate((el) => getComputedStyle(el).position)).toBe('sticky');
  });

  it('renders Arabic-script text right to left in the bundled Naskh font, and times in the publication zone', async () => {
    await page.goto(`${web.url}/`);
    const headline = page.locator('.headline', { hasText: URDU });
    expect(await headline.getAttribute('dir')).toBe('auto');
    expect(await headline.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
    // The page's Arabic text made the browser load the bundled face (it is only fetched when used).
    await expect.poll(() => page.evaluate(() => Array.from(document.fonts).filter((f) => f.family.replace(/"/g, '') === 'Crier Naskh' && f.status === 'loaded').length), { timeout: 5_000 }).toBeGreaterThan(0);
    const font = await page.request.get(`${web.url}/static/noto-naskh-arabic-400.woff2`);
    expect(font.status()).toBe(200);
    expect(font.headers()['content-type']).toBe('font/woff2');
    const time = page.locator('time[data-tz]').first();
    expect(await time.getAttribute('data-tz')).toBe('Asia/Karachi');
    expect(await time.textContent()).toMatch(/GMT\+5|PKT/);
    // The browser runs in another zone than the publication: its own clock is shown too.
    expect(await page.locator('time[data-tz] .your-time').count()).toBeGreaterThan(0);
  });

  it('says when and why each waiting post goes, on the desk and in the queue view', async () => {
    await page.setViewportSize({ width: 1360, height: 900 });
    await page.goto(`${web.url}/`);
    const wait = page.locator('.row', { hasText: 'Backlog story three' }).locator('[data-testid="wait-facebook"]');
    expect(await wait.textContent()).toMatch(/^next on facebook at (\d{1,2} [A-Z][a-z]{2} )?\d\d:\d\d, 3rd in line$/);
    expect(await page.locator('.row', { hasText: 'council budget' }).locator('[data-testid="wait-mastodon"]').textContent()).toContain('held: channel halted — Mastodon 401');
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'desk-waits.png'), fullPage: true });
    await page.click('.net[data-channel="facebook"] a.net-name');
    await page.waitForURL(`${web.url}/queue/facebook`);
    const items = page.locator('[data-testid="queue-list"] .queue-item .headline');
    expect(await items.allTextContents()).toEqual(['Backlog story one', 'Backlog story two', 'Backlog story three']);
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'queue.png'), fullPage: true });
  });

  it('shows the needs-attention strip for a halted channel and a failing feed', async () => {
    await page.goto(`${web.url}/feeds`);
    const strip = page.locator('[data-testid="attention"]');
    expect(await strip.locator('[data-kind="channel"][data-id="mastodon"]').textContent()).toContain('replace MASTODON_ACCESS_TOKEN, then Resume');
    expect(await strip.locator('[data-kind="feed"][data-id="urdu"]').textContent()).toContain('down: never read successfully, 1 failure in a row: HTTP 503');
    expect(await strip.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(254, 226, 226)');
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'attention.png') });
  });

  it('badges a dry-run post as would-have-posted with its outbox link', async () => {
    await page.goto(`${web.url}/`);
    const row = page.locator('.row', { hasText: 'Dry-run story' });
    expect(await row.locator('.chip[data-channel="linkedin"] .chip-state').textContent()).toBe('would have posted');
    expect(await row.locator('[data-testid="dry-run-badge"]').isVisible()).toBe(true);
    expect(await row.locator('a.chip-outbox').getAttribute('href')).toMatch(/^\/posts\/[a-f0-9]+\.linkedin\/outbox$/);
  });

  it('edits a queued post, disabling Save over the limit and keeping a refused text on screen after the redirect', async () => {
    await page.setViewportSize({ width: 1360, height: 900 });
    const key = await h.seedArticle({ title: 'Queued story to edit' });
    const postId = await h.seedPost(key, 'facebook', 'queued');
    const x = await h.seedPost(key, 'x', 'pending_approval');
    await page.goto(`${web.url}/articles/${key}`);
    const area = page.locator('textarea[data-count-channel="facebook"]');
    expect(await area.getAttribute('readonly')).toBeNull();
    await area.fill('Edited queued post https://news.example/edited');
    await page.click('[data-testid="save-facebook"]');
    await page.waitForSelector('.notice-ok');
    expect(new URL(page.url()).pathname).toBe(`/articles/${key}`);
    expect((await h.ctx.posts.get(postId))?.draft.text).toBe('Edited queued post https://news.example/edited');

    const xArea = page.locator('textarea[data-count-channel="x"]');
    await xArea.fill('z'.repeat(290));
    await expect.poll(() => page.locator('[data-testid="approve-x"]').isDisabled(), { timeout: 5_000 }).toBe(true);
    // Submitted anyway (a script-less browser): the refusal comes back to the post with the refused count in red.
    await page.locator('#edit-x').evaluate((f: HTMLFormElement) => f.submit());
    await page.waitForSelector('[data-testid="edit-error"]');
    expect(new URL(page.url()).pathname).toBe(`/articles/${key}`);
    expect(await page.textContent('[data-testid="counter-x"]')).toBe('290 / 280');
    expect(await page.getAttribute('[data-testid="counter-x"]', 'class')).toContain('counter-over');
    expect(await page.locator('[data-testid="approve-x"]').isDisabled()).toBe(true);
    expect((await h.ctx.posts.get(x))?.state).toBe('pending_approval');
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'refused-edit.png') });
  });

  it('approves every network of a story from the inbox, and keys approve the current row', async () => {
    await page.setViewportSize({ width: 1360, height: 900 });
    const key = await h.seedArticle({ title: 'Breaking: bridge closed' });
    const posts = [await h.seedPost(key, 'x', 'pending_approval'), await h.seedPost(key, 'bluesky', 'pending_approval')];
    const solo = await h.seedArticle({ title: 'Solo story for the keyboard' });
    const soloPost = await h.seedPost(solo, 'x', 'pending_approval');
    await page.goto(`${web.url}/approvals`);
    const before = Number(await page.getAttribute('[data-testid="pending-pill"]', 'data-pending-count'));
    expect(await page.title()).toBe(`(${before}) Approvals · Crier`);
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'approvals.png'), fullPage: true });
    await page.click(`[data-testid="approve-story-${key}"]`);
    await page.waitForSelector('.notice-ok');
    expect(await page.textContent('.notice-ok')).toContain('approved 2 posts');
    for (const id of posts) expect((await h.ctx.posts.get(id))?.state).toBe('queued');
    // j to the first row (newest story first), a to approve it.
    const rows = await page.locator('[data-inbox-row]').evaluateAll((els) => els.map((e) => e.getAttribute('data-post-id')));
    expect(rows[0]).toBe(soloPost);
    await page.keyboard.press('j');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('a')]);
    expect((await h.ctx.posts.get(soloPost))?.state).toBe('queued');
    // The count follows live when a post elsewhere changes.
    const after = Number(await page.getAttribute('[data-testid="pending-pill"]', 'data-pending-count'));
    await h.seedPost(await h.seedArticle({ title: 'Arrives while watching' }), 'x', 'pending_approval');
    await expect.poll(() => page.title(), { timeout: 10_000 }).toBe(`(${after + 1}) Approvals · Crier`);
  });
});
