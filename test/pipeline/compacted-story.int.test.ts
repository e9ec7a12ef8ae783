import { afterEach, describe, expect, it } from 'vitest';
import { ledgerKeys, postIdFor } from '../../src/ledger/keys.js';
import { readOutbox } from '../../src/publishers/dry-run/outbox-publisher.js';
import { enqueuePublish } from '../../src/queues/publish-jobs.js';
import { story, TestFeedServer } from '../helpers/feed-server.js';
import { startTestCrier, type TestCrier } from '../helpers/pipeline.js';
import { waitUntilQuiet } from '../helpers/quiet.js';

/**
 * #18: once a story is compacted and BullMQ dropped its finished jobs, nothing but the ledger
 * remembers it. Seen again in the feed, or given a publish job again, it is not posted twice.
 */
describe('a compacted story after its jobs are gone', () => {
  let feed: TestFeedServer;
  let crier: TestCrier | undefined;
  afterEach(async () => {
    await crier?.stop();
    await feed.stop();
  });

  it('is not posted again when it reappears in the feed or a publish job for it is added again', async () => {
    feed = await new TestFeedServer().start();
    const first = story(1801, 2);
    feed.add(first);
    crier = await startTestCrier({ feeds: [{ id: 'desk', url: feed.url, intervalSeconds: 1, backfill: 1 }], networks: { x: {}, facebook: {} } });
    const c = crier;
    const { ctx } = c.running;
    const keys = ledgerKeys(c.prefix);
    const outbox = async () => [...(await readOutbox(c.outboxDir, 'x')), ...(await readOutbox(c.outboxDir, 'facebook'))].map((e) => e.postId);
    await c.waitFor('the story posted on both channels', async () => (await outbox()).length === 2);
    const articleKey = (await ctx.articles.listKeys(10))[0] ?? '';
    await c.waitFor('the story compacted', async () => (await ctx.redis.exists(keys.articlePosts(articleKey))) === 0 && (await ctx.redis.hexists(keys.article(articleKey), 'px')) === 1);

    // What BullMQ's removeOnComplete does once the keep window is over: no finished job remembers the story.
    for (const q of [ctx.summariseQueue, ctx.publishQueue('x'), ctx.publishQueue('facebook')]) await q.clean(0, 1_000, 'completed');
    expect(await ctx.summariseQueue.getJob(articleKey)).toBeUndefined();
    expect(await ctx.publishQueue('x').getJob(postIdFor(articleKey, 'x'))).toBeUndefined();

    // The story drops out of the feed and comes back beside a new one: only the new one is posted.
    feed.items = [];
    feed.add(story(1802, 1), first);
    await c.waitFor('the new story posted on both channels', async () => (await outbox()).length === 4);
    // A publish job added again for the compacted post (a replayed repair, a stale "retry") finds it done.
    const queue = ctx.publishQueue('x');
    await enqueuePublish(queue, { postId: postIdFor(articleKey, 'x'), articleKey, channel: 'x' });
    await c.waitFor('the replayed job finished', async () => (await (await queue.getJob(postIdFor(articleKey, 'x')))?.getState()) === 'completed');
    await waitUntilQuiet(c.running, { polls: 2 }); // two more polls of the feed and all their work done: nothing else may appear

    const posted = await outbox();
    expect(posted.filter((id) => id.startsWith(`${articleKey}.`)).sort()).toEqual([postIdFor(articleKey, 'facebook'), postIdFor(articleKey, 'x')]);
    expect(new Set(posted).size).toBe(posted.length);
    expect((await ctx.posts.get(postIdFor(articleKey, 'x')))?.state).toBe('posted');
  });
});
