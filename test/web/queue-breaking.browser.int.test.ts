import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Worker } from 'bullmq';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimForPublish } from '../../src/editorial/publish-gates.js';
import { enqueuePublish } from '../../src/queues/publish-jobs.js';
import { createPublishWorker } from '../../workers/publish.worker.js';
import { startWeb } from '../../workers/web.js';
import { ARTIFACTS_DIR, launchChromium, signIn } from './browser.js';
import { PASSWORD, SESSION_SECRET, startWebHarness, type WebHarness } from './web-harness.js';

/**
 * The breaking lane in a real browser (issue #15): a spaced backlog on X in the queue view, an
 * older story marked breaking from its row (with the confirmation tick) jumps to first place with
 * "breaking: next", and once the publish worker runs it goes out before the backlog.
 */
let h: WebHarness;
let web: { url: string; close(): Promise<void> };
let browser: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;
let worker: Worker | undefined;
let outbox: string;
const MIN = 60_000;

beforeAll(async () => {
  outbox = await mkdtemp(path.join(tmpdir(), 'crier-queue-outbox-'));
  h = await startWebHarness({ outbox: { dir: outbox }, networks: { x: { spacingSeconds: 900 }, facebook: {} }, publication: { name: 'The Daily Test', timezone: 'Europe/London' } });
  web = await startWeb(h.ctx, { port: 0, host: '127.0.0.1', sessionSecret: SESSION_SECRET, sampleQueues: false, workersRunning: () => true });
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  browser = await launchChromium();
  page = await browser.context.newPage();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await worker?.close();
  await web?.close();
  await h?.close();
  await rm(outbox, { recursive: true, force: true });
});

async function story(title: string, minutesAgo: number): Promise<string> {
  const key = await h.seedArticle({ title, publishedAt: new Date(Date.now() - minutesAgo * MIN).toISOString() });
  const postId = await h.seedPost(key, 'x', 'queued');
  await h.ctx.redis.hset(`${h.prefix}:crier:post:${postId}`, 'publishedAt', new Date(Date.now() - minutesAgo * MIN).toISOString(), 'publishedAtMs', Date.now() - minutesAgo * MIN);
  return postId;
}
const positionOf = async (postId: string) => page.locator(`li.queue-item[data-post-id="${postId}"] .queue-pos`).textContent();

describe('the breaking lane in the queue view (Chromium)', () => {
  it('signs in', async () => {
    await page.goto(`${web.url}/login`);
    await signIn(page, web.url, 'ed', PASSWORD);
  });

  it('an older story marked breaking jumps a spaced backlog, and goes out first', async () => {
    // One post just went out: the next slot is 15 minutes away and the backlog waits for it.
    const first = await story('Council meets on Tuesday', 50);
    const x = h.ctx.config.channels.find((c) => c.id === 'x')!;
    const lead = await claimForPublish(h.ctx, x, first, { token: 't', ms: 60_000 }, { urgent: false });
    expect('claim' in lead && lead.claim).toBe('claimed');
    await h.ctx.posts.markPosted(first, 't', { confirmed: true });
    const backlog = [await story('Library extends opening hours', 30), await story('New cycle lanes on Station Road', 20), await story('School choir wins regional prize', 10), await story('Weekend weather: sunny spells', 5)];
    const old = await story('Flood barrier fails at the harbour', 45);
    for (const postId of [...backlog, old]) await enqueuePublish(h.ctx.publishQueue('x'), { postId, articleKey: postId.split('.')[0] ?? '', channel: 'x' });

    await page.goto(`${web.url}/queue/x`);
    await page.locator('[data-testid="queue-list"]').waitFor();
    expect(await positionOf(backlog[3]!)).toBe('1');
    expect(await positionOf(old)).toBe('5');
    expect(await page.textContent(`[data-post-id="${backlog[0]}"] .queue-chip`)).toContain('4th in line');

    await page.check(`[data-testid="breaking-confirm-${old}"]`);
    await page.click(`[data-testid="breaking-${old}"]`);
    await page.waitForSelector('.notice-ok');
    expect(await page.textContent('.notice-ok')).toContain('breaking: x goes next');
    expect(await positionOf(old)).toBe('1');
    expect(await page.getAttribute(`li.queue-item[data-post-id="${old}"]`, 'data-wait')).toBe('breaking');
    expect(await page.textContent(`[data-post-id="${old}"] .queue-chip`)).toContain('breaking: next');
    expect(await positionOf(backlog[3]!)).toBe('2');
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'queue-breaking.png'), fullPage: true });

    // The worker starts: the breaking story goes out at once, the backlog keeps waiting for its slot.
    worker = createPublishWorker(h.ctx, x);
    await expect.poll(async () => (await h.ctx.posts.get(old))?.state, { timeout: 15_000 }).toBe('posted');
    for (const postId of backlog) expect((await h.ctx.posts.get(postId))?.state).toBe('queued');
    await page.goto(`${web.url}/queue/x`);
    await page.locator('[data-testid="queue-list"]').waitFor();
    expect(await page.locator(`li.queue-item[data-post-id="${old}"]`).count()).toBe(0);
    expect(await positionOf(backlog[3]!)).toBe('1');
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'queue-after-breaking.png'), fullPage: true });
  });
});
