import type { Job } from 'bullmq';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { retractArticle } from '../../src/desk/retract-actions.js';
import { networkRegistry } from '../../src/publishers/registry.js';
import type { SummariseJobData } from '../../src/queues/jobs.js';
import type { Summary } from '../../src/summaries/summary.js';
import { createAppContext, type AppContext } from '../../workers/context.js';
import { createSummariseProcessor } from '../../workers/summarise.worker.js';
import { deletePrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.js';

/** A retraction that lands while the story is being summarised: its posts are made, then cancelled, never queued (#16). */
let ctx: AppContext | undefined;
let prefix = '';
afterEach(async () => {
  await ctx?.close();
  await deletePrefix(prefix);
});

describe('retraction racing the summarise job', () => {
  it('cancels the posts the job makes after the story was retracted, and queues no publish job', async () => {
    prefix = uniquePrefix('retract-race');
    const config = parseConfig(
      { feeds: [{ id: 'desk', url: '/nonexistent/feed.xml' }], networks: { x: {}, mastodon: {} }, redis: { prefix, autoStart: false } },
      { env: { REDIS_URL: TEST_REDIS_URL }, networks: networkRegistry },
    );
    const app = createAppContext(config, pino({ level: 'silent' }));
    ctx = app;
    const now = new Date().toISOString();
    const article = { key: 'a1b2c3', feedId: 'desk', title: 'Six engines grounded at Karachi', url: 'https://news.example/engines', categories: [], text: 'Six engines were grounded on Friday. Flights resume next week.', discoveredAt: now, publishedAt: now };
    await app.articles.record(article, ['url:https://news.example/engines']);

    // The summariser is mid-way when the editor retracts; it then finishes.
    const real = app.summariser;
    let entered!: () => void;
    const inSummarise = new Promise<void>((r) => (entered = r));
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    app.summariser = { name: real.name, summarise: async (a): Promise<Summary> => (entered(), await gate, real.summarise(a)) };
    const job = createSummariseProcessor(app)({ data: { articleKey: article.key, feedId: 'desk' } } as Job<SummariseJobData>);
    await inSummarise;
    expect(await retractArticle(app, article.key, 'ed', 'wrong plane')).toMatchObject({ ok: true, message: 'retracted: 0 posts cancelled, 0 already out to delete or flag' });
    release();
    expect(await job).toMatchObject({ retracted: true, queued: [] });

    const posts = await app.posts.listForArticle(article.key);
    expect(posts.map((p) => [p.channel, p.state, p.skipReason])).toEqual([
      ['mastodon', 'skipped', 'retracted while its posts were being made'],
      ['x', 'skipped', 'retracted while its posts were being made'],
    ]);
    for (const channel of ['x', 'mastodon']) expect(await app.publishQueue(channel).getJobCounts('waiting', 'delayed')).toEqual({ waiting: 0, delayed: 0 });
    // Nor can an editor send them anyway.
    expect(await app.posts.requeue(`${article.key}.x`)).toBe(false);
  });
});
