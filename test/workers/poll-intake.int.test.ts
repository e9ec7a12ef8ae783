import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { feedParseOptions } from '../../src/feeds/feed-to-articles.js';
import { parseFeed } from '../../src/feeds/parse-feed.js';
import { networkRegistry } from '../../src/publishers/registry.js';
import { createAppContext, type AppContext } from '../../workers/context.js';
import { takeInParsedFeed } from '../../workers/poll.worker.js';
import { rssXml, type TestItem } from '../helpers/feed-server.js';
import { deletePrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.js';

const NOW = Date.now();
const story = (i: number, over: Partial<TestItem> = {}): TestItem => ({ title: `Story ${i}`, link: `https://southasiandesk.example/s/${i}`, guid: `g-${i}`, pubDate: new Date(NOW - i * 60_000), ...over });

/** The poll's intake sends its ledger calls in bursts; Redis must still decide item by item, oldest first. */
describe('poll intake (real Redis)', () => {
  let ctx: AppContext;
  let prefix: string;
  beforeEach(() => {
    prefix = uniquePrefix('intake');
    const config = parseConfig(
      { redis: { prefix, autoStart: false }, feeds: [{ id: 'desk', url: 'config/sample-feed.xml', backfill: 3 }], networks: { x: {} } },
      { env: { REDIS_URL: TEST_REDIS_URL }, networks: networkRegistry },
    );
    ctx = createAppContext(config, pino({ level: 'silent' }));
  });
  afterEach(async () => {
    await ctx.close();
    await deletePrefix(prefix);
  });

  async function take(items: TestItem[]) {
    const feed = ctx.config.feeds[0]!;
    const parsed = await parseFeed(rssXml('Desk', items), feedParseOptions(feed, feed.url));
    const state = await ctx.feedStates.get(feed.id);
    const intake = await takeInParsedFeed(ctx, feed, parsed, state, Date.now());
    if (!state.initialisedAt) await ctx.feedStates.recordSuccess(feed.id, { initialisedAt: new Date().toISOString() });
    return intake;
  }
  const queuedTitles = async () => {
    const jobs = await ctx.summariseQueue.getJobs(['waiting'], 0, -1, true);
    return Promise.all(jobs.map(async (j) => (await ctx.articles.get(j.data.articleKey))?.article.title));
  };

  it('first sight of 150 items: the newest 3 go out oldest first, the rest are only remembered', async () => {
    const first = await take(Array.from({ length: 150 }, (_, i) => story(i)));
    expect(first).toMatchObject({ firstRun: true, newArticles: 3 });
    expect(await queuedTitles()).toEqual(['Story 2', 'Story 1', 'Story 0']);
    // Every other item was remembered: polled again, nothing is new.
    expect(await take(Array.from({ length: 150 }, (_, i) => story(i)))).toMatchObject({ firstRun: false, newArticles: 0, skipped: 0 });
  });

  it('one story under two links in one poll is recorded once (the item Redis sees first), and new stories keep publication order', async () => {
    await take([story(100)]);
    // Same headline and date, another link and guid: the ledger's title+date identity says it is the
    // same story. Equal dates go in reverse feed order (oldest first for a newest-first feed), so the
    // lower item is recorded and the upper one is "seen".
    const upper = story(2, { link: 'https://southasiandesk.example/s/2?amp=1', guid: 'g-2-amp' });
    const intake = await take([story(1), upper, story(2), story(3)]);
    expect(intake.newArticles).toBe(3);
    expect(await queuedTitles()).toEqual(['Story 100', 'Story 3', 'Story 2', 'Story 1']);
    const jobs = await ctx.summariseQueue.getJobs(['waiting'], 0, -1, true);
    const urls = await Promise.all(jobs.map(async (j) => (await ctx.articles.get(j.data.articleKey))?.article.url));
    expect(urls).toContain('https://southasiandesk.example/s/2');
    expect(urls).not.toContain(upper.link);
  });

  it('a changed story already seen becomes a correction job, not a new post', async () => {
    await take([story(1)]);
    await take([story(1), story(2)]);
    const intake = await take([story(1, { description: 'Eight engines, not six, the ministry said.' }), story(2)]);
    expect(intake.newArticles).toBe(0);
    const lifecycle = await ctx.lifecycleQueue.getJobs(['waiting', 'delayed'], 0, -1, true);
    expect(lifecycle.map((j) => j.data.kind)).toEqual(['article-changed']);
  });
});
