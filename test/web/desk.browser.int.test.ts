import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Worker } from 'bullmq';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleQueueDepth } from '../../src/web/queue-history.js';
import { createPublishWorker } from '../../workers/publish.worker.js';
import { enqueuePublish } from '../../src/queues/publish-jobs.js';
import { startWeb } from '../../workers/web.js';
import { ARTIFACTS_DIR, launchChromium, signIn } from './browser.js';
import { PASSWORD, SESSION_SECRET, startWebHarness, type WebHarness } from './web-harness.js';

// The form element as Chromium hands it to evaluate(); declared here so the DOM lib stays out of the Node program.
declare interface HTMLFormElement {
  submit(): void;
}

/** The desk in a real browser: sign-in, live arrivals, edit + approve, pause, XSS, screenshots. */
const XSS = '<img src=x onerror=alert(1)>';
let h: WebHarness;
let web: { url: string; close(): Promise<void> };
let browser: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;
let worker: Worker;
let outbox: string;
const dialogs: string[] = [];

beforeAll(async () => {
  outbox = await mkdtemp(path.join(tmpdir(), 'crier-web-outbox-'));
  h = await startWebHarness({ outbox: { dir: outbox }, publication: { name: 'The Daily Test', timezone: 'Europe/London' } });
  web = await startWeb(h.ctx, { port: 0, host: '127.0.0.1', sessionSecret: SESSION_SECRET, sampleQueues: false, workersRunning: () => true });
  const facebook = h.ctx.config.channels.find((c) => c.id === 'facebook');
  if (!facebook) throw new Error('no facebook channel');
  worker = createPublishWorker(h.ctx, facebook);
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  browser = await launchChromium();
  page = await browser.context.newPage();
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await worker?.close();
  await web?.close();
  await h?.close();
  await rm(outbox, { recursive: true, force: true });
});

const row = (key: string) => page.locator(`#a-${key}`);
const chip = (key: string, channel: string) => page.locator(`#a-${key} .chip[data-channel="${channel}"]`);

describe('the desk in Chromium', () => {
  it('signs in', async () => {
    await page.goto(`${web.url}/`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await signIn(page, web.url, 'ed', PASSWORD);
    expect(await page.textContent('h1')).toBe('Desk');
    await page.waitForSelector('#live-status.live-on');
  });

  it('shows a post arriving live, and a hostile headline as text', async () => {
    const key = await h.seedArticle({ title: 'Harbour bridge reopens after repairs' });
    await row(key).waitFor({ timeout: 10_000 });
    await h.seedPost(key, 'x', 'pending_approval', { autoApproveAt: new Date(Date.now() + 20 * 60_000).toISOString() });
    await chip(key, 'x').and(page.locator('[data-state="pending_approval"]')).waitFor({ timeout: 10_000 });
    expect(await chip(key, 'x').textContent()).toContain('awaiting approval');

    const evil = await h.seedArticle({ title: `${XSS} Mayor resigns` });
    await row(evil).waitFor({ timeout: 10_000 });
    expect(await row(evil).locator('.headline').textContent()).toBe(`${XSS} Mayor resigns`);
    expect(await page.locator('#article-list img').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });

  it('edits a post, refusing a text that does not fit, then approves it', async () => {
    const key = await h.seedArticle({ title: 'Council votes on the new budget' });
    const postId = await h.seedPost(key, 'x', 'pending_approval', { autoApproveAt: new Date(Date.now() + 12 * 60_000).toISOString() });
    await h.seedPost(key, 'facebook', 'queued');
    await page.goto(`${web.url}/articles/${key}`);
    const area = page.locator('textarea[data-count-channel="x"]');
    const counter = page.locator('[data-testid="counter-x"]');
    await area.fill('b'.repeat(300));
    await expect.poll(() => counter.textContent(), { timeout: 5_000 }).toBe('300 / 280');
    expect(await counter.getAttribute('class')).toContain('counter-over');
    // Approve is disabled over the limit (#15); a form sent anyway is refused by the server all the same.
    expect(await page.locator('[data-testid="approve-x"]').isDisabled()).toBe(true);
    await page.locator('#edit-x').evaluate((f: HTMLFormElement) => f.submit());
    await page.waitForSelector('[data-testid="edit-error"]');
    expect(await page.textContent('[data-testid="edit-error"]')).toContain('300 / 280');
    expect((await h.ctx.posts.get(postId))?.state).toBe('pending_approval');

    const edited = 'Council approves the 2027 budget after a late-night vote https://news.com/budget';
    await area.fill(edited);
    await expect.poll(() => counter.textContent(), { timeout: 5_000 }).toBe(`${'Council approves the 2027 budget after a late-night vote '.length + 23} / 280`);
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'article.png'), fullPage: true });
    await page.click('[data-testid="approve-x"]');
    await page.waitForSelector('.notice-ok');
    expect(await page.textContent('.notice-ok')).toContain('edited and approved');
    const post = await h.ctx.posts.get(postId);
    expect(post?.state).toBe('queued');
    expect(post?.draft.text).toBe(edited);
    expect(await page.locator('#status-x').getAttribute('data-state')).toBe('queued');
  });

  it('pauses a network: its posts wait, and go out after resume', async () => {
    await page.goto(`${web.url}/`);
    await page.click('[data-testid="pause-facebook"]');
    await page.waitForSelector('.net[data-channel="facebook"][data-paused="1"]');
    expect(await h.ctx.publishQueue('facebook').isPaused()).toBe(true);

    const key = await h.seedArticle({ title: 'Storm warning for the coast tonight' });
    const postId = await h.seedPost(key, 'facebook', 'queued');
    const facebook = h.ctx.config.channels.find((c) => c.id === 'facebook');
    await enqueuePublish(h.ctx.publishQueue(facebook!.id), { postId, articleKey: key, channel: facebook!.id });
    await chip(key, 'facebook').waitFor({ timeout: 10_000 });
    await page.waitForTimeout(1_500);
    expect((await h.ctx.posts.get(postId))?.state).toBe('queued');
    expect(await chip(key, 'facebook').getAttribute('data-state')).toBe('queued');

    await page.click('[data-testid="resume-facebook"]');
    await page.waitForSelector('.net[data-channel="facebook"][data-paused="0"]');
    await page.locator(`#a-${key} .chip[data-channel="facebook"][data-state="posted"]`).waitFor({ timeout: 15_000 });
    expect((await h.ctx.posts.get(postId))?.state).toBe('posted');
  });

  it('saves a screenshot of the desk', async () => {
    const a = await h.seedArticle({ title: 'Rail strike called off after overnight talks', feedId: 'sport' });
    await h.seedPost(a, 'x', 'failed', { lastError: 'X API 403: duplicate content' });
    await h.seedPost(a, 'facebook', 'queued');
    await page.goto(`${web.url}/`);
    await page.locator(`#a-${a}`).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'desk.png'), fullPage: true });
  });

  it('renders feed-derived job data in Bull Board as text', async () => {
    await h.ctx.pollQueue.add('poll', { feedId: XSS } as never, { jobId: 'xss-poll' });
    await page.goto(`${web.url}/ops/queues/queue/poll?status=waiting`);
    await expect.poll(() => page.locator('body').innerText(), { timeout: 15_000 }).toContain('xss-poll');
    await page.waitForTimeout(500);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.locator('body').innerText()).toContain('onerror=alert(1)');
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'queues.png') });
    expect(dialogs).toEqual([]);
  });

  it('draws the ops overview and saves a screenshot', async () => {
    const now = Date.now();
    for (let m = 30; m >= 1; m -= 1) await sampleQueueDepth(h.ctx, now - m * 60_000);
    await page.goto(`${web.url}/ops`);
    expect(await page.locator('svg.chart').count()).toBe(3);
    expect(await page.locator('svg.chart rect[fill]').count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'ops.png'), fullPage: true });
    expect(dialogs).toEqual([]);
  });
});
