import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseSentences } from '../../src/desk/sentence-swap.js';
import { startWeb } from '../../workers/web.js';
import { ARTIFACTS_DIR, launchChromium, signIn } from './browser.js';
import { LEDE, seedSwappable, SHORT_ALT } from './sentence-seed.js';
import { PASSWORD, SESSION_SECRET, startWebHarness, type WebHarness } from './web-harness.js';

/** "Use this" in a real browser (#14): one click swaps the sentence, the text and the counter follow. */
let h: WebHarness;
let web: { url: string; close(): Promise<void> };
let browser: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;
let articleKey = '';
let postId = '';

beforeAll(async () => {
  h = await startWebHarness();
  web = await startWeb(h.ctx, { port: 0, host: '127.0.0.1', sessionSecret: SESSION_SECRET, sampleQueues: false, workersRunning: () => true });
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  browser = await launchChromium();
  page = await browser.context.newPage();
  const seeded = await seedSwappable(h, ['x']);
  articleKey = seeded.articleKey;
  postId = seeded.postIds['x'] ?? '';
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await web?.close();
  await h?.close();
});

describe('choosing a sentence on the article page', () => {
  it('swaps the sentence with one click and shows the new text and count', async () => {
    await page.goto(`${web.url}/login`);
    await signIn(page, web.url, 'ed', PASSWORD);

    await page.goto(`${web.url}/articles/${articleKey}`);
    const area = page.locator('textarea[data-count-channel="x"]');
    const counter = page.getByTestId('counter-x');
    expect(await area.inputValue()).toContain(LEDE);
    const before = await counter.textContent();
    await expect.poll(() => page.getByTestId('sentences-used-x').textContent()).toContain(LEDE);

    const alternatives = page.getByTestId('sentences-alt-x').locator('li');
    const index = (await alternatives.allTextContents()).findIndex((t) => t.includes(SHORT_ALT));
    expect(index).toBeGreaterThanOrEqual(0);
    await Promise.all([page.waitForURL(`${web.url}/articles/${articleKey}#post-x`), page.getByTestId(`use-sentence-x-${index}`).click()]);

    const stored = await h.ctx.posts.get(postId);
    expect(stored?.draft.sentences).toEqual([SHORT_ALT]);
    expect(await area.inputValue()).toBe(stored?.draft.text);
    expect(await area.inputValue()).not.toContain(LEDE);
    expect(await counter.textContent()).toBe(`${stored?.draft.length} / 280`);
    expect(await counter.textContent()).not.toBe(before);
    expect(await page.getByTestId('sentences-used-x').textContent()).toContain(SHORT_ALT);
    expect(await page.getByTestId('sentences-alt-x').textContent()).toContain(LEDE);
    expect(await page.getByTestId('sentence-choice-x').textContent()).toContain('Chosen by ed');
    await page.locator('#post-x').screenshot({ path: path.join(ARTIFACTS_DIR, 'sentence-swap.png') });
  });

  it('reloads another open desk on the swap, so an untouched box shows the new text and count', async () => {
    const other = await browser.context.newPage();
    await other.goto(`${web.url}/articles/${articleKey}`);
    const area = other.locator('textarea[data-count-channel="x"]');
    expect(await area.inputValue()).toContain(SHORT_ALT);
    await expect.poll(() => other.locator('#live-status').getAttribute('class')).toContain('live-on');
    // A second editor, elsewhere, swaps the lede back in.
    const result = await chooseSentences(h.ctx, postId, [LEDE], 'vi-on-call');
    expect(result.ok).toBe(true);
    await expect.poll(() => area.inputValue(), { timeout: 10_000 }).toContain(LEDE);
    const stored = await h.ctx.posts.get(postId);
    expect(await other.getByTestId('counter-x').textContent()).toBe(`${stored?.draft.length} / 280`);
    expect(await other.getByTestId('sentence-choice-x').textContent()).toContain('vi-on-call');
    await other.close();
  });
});
