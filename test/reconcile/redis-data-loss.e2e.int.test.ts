import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { readOutbox } from '../../src/publishers/dry-run/outbox-publisher.js';
import { networkRegistry } from '../../src/publishers/registry.js';
import { startRoles } from '../../workers/runtime.js';
import { startWeb } from '../../workers/web.js';
import { story, TestFeedServer } from '../helpers/feed-server.js';
import { waitUntilQuiet } from '../helpers/quiet.js';
import { uniquePrefix } from '../helpers/redis.js';
import { privateRedis } from './private-redis.js';

/**
 * Redis restarted without persistence (or flushed) under a running Crier: a private, throwaway
 * redis-server of this test's own (never the shared one), flushed and then restarted empty.
 * Crier must notice (an ERROR line, an event), poll again, tell the truth on /readyz meanwhile,
 * and post nothing it had already posted (the ledger forgot those, the feed did not).
 */

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

async function startCrier(redisUrl: string, feedUrl: string, networks: Record<string, unknown> = { x: { mode: 'dry-run' } }) {
  const outbox = await mkdtemp(path.join(tmpdir(), 'crier-reconcile-outbox-'));
  cleanups.push(() => rm(outbox, { recursive: true, force: true }));
  const lines: { level: number; msg: string }[] = [];
  const capture = new Writable({ write: (chunk: Buffer, _enc, done) => (lines.push(JSON.parse(chunk.toString()) as { level: number; msg: string }), done()) });
  const config = parseConfig(
    {
      feeds: [{ id: 'desk', url: feedUrl, backfill: 1, intervalSeconds: 1, maxAgeHours: 100_000 }],
      networks,
      redis: { prefix: uniquePrefix('reconcile'), autoStart: false },
      outbox: { dir: outbox },
      workers: { backoffMs: 50, shutdownGraceMs: 2_000 },
    },
    { env: { REDIS_URL: redisUrl }, networks: networkRegistry },
  );
  const running = await startRoles(config, pino({ level: 'info' }, capture), ['poller', 'worker']);
  cleanups.push(() => running.stop());
  const web = await startWeb(running.ctx, { port: 0, host: '127.0.0.1', sessionSecret: 'x'.repeat(40), sampleQueues: false, workersRunning: () => true, reconciler: running.reconciler });
  cleanups.push(() => web.close());
  const readyz = async () => {
    const res = await fetch(`${web.url}/readyz`);
    return { status: res.status, body: (await res.json()) as { reasons?: string[]; redis: boolean } };
  };
  const posted = async () => (await readOutbox(outbox, 'x')).map((e) => e.url);
  return { running, readyz, posted, lines };
}

async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await Promise.resolve().then(check).catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`);
}

const link = (n: number) => `https://southasiandesk.example/news/story-${n}`;

describe('Redis loses its data under a running Crier', () => {
  it('flushed, then restarted empty: polls again, says so at error level, /readyz tells the truth, nothing posted twice', async () => {
    const redis = await privateRedis(cleanups);
    const feed = await new TestFeedServer().start();
    cleanups.push(() => feed.stop());
    feed.add(story(901, 180), story(902, 120), story(903, 60));
    const crier = await startCrier(redis.url, feed.url);
    const admin = new Redis(redis.url);
    admin.on('error', () => undefined);
    cleanups.push(async () => admin.disconnect());

    // First sight of a new feed: the newest (backfill 1) goes out.
    await waitFor('the backfilled story posted', async () => (await crier.posted()).length === 1);
    expect((await crier.posted())[0]).toContain(link(903));
    expect((await crier.readyz()).status).toBe(200);

    // FLUSHALL: the connection stays up, the schedulers are gone. /readyz says so at once.
    await admin.flushall();
    const flushed = await crier.readyz();
    expect(flushed.status).toBe(503);
    expect(flushed.body.reasons).toEqual(expect.arrayContaining(['no poll scheduler for feed desk']));

    // The minute's reconcile pass finds the marker gone. The feed is down meanwhile, and a story
    // appears after the loss: that one is new for sure and must go out, the older three must not.
    feed.mode = 'error-500';
    const pass = await crier.running.reconciler.runOnce();
    expect(pass).toMatchObject({ ran: true, dataLost: true, schedulers: 1 });
    const fresh = { ...story(904, 0), pubDate: new Date(Date.now() + 1_000) };
    feed.add(fresh);
    feed.mode = 'ok';
    expect((await crier.readyz()).status).toBe(200);
    await waitFor('the story published after the loss posted', async () => (await crier.posted()).length === 2);
    await waitUntilQuiet(crier.running, { polls: 2 });
    expect((await crier.posted()).map((u) => u.split('?')[0])).toEqual([link(903), link(904)]);
    const errors = () => crier.lines.filter((l) => l.level >= 50 && l.msg.startsWith('Redis lost its data'));
    expect(errors()).toHaveLength(1);
    const incidents = (await crier.running.ctx.events.range(0)).filter((e) => e.event.type === 'redis');
    expect(incidents).toHaveLength(1);

    // Restarted empty: the reconnect alone triggers the pass; polling resumes with no call from us.
    await waitFor('the fresh story to be older than now', () => Date.now() > (fresh.pubDate?.getTime() ?? 0) + 1_000);
    const feedPollsBefore = feed.requests.length;
    await redis.restartEmpty();
    await waitFor('the error line for the second loss', () => errors().length === 2);
    await waitFor('the feed polled again from first sight', async () => feed.requests.length > feedPollsBefore && !!(await crier.running.ctx.feedStates.get('desk')).initialisedAt);
    await waitFor('/readyz ready again', async () => (await crier.readyz()).status === 200);
    await waitUntilQuiet(crier.running, { polls: 2 });
    // Four stories in the feed, two posted before the losses: none again, nothing else.
    expect((await crier.posted()).map((u) => u.split('?')[0])).toEqual([link(903), link(904)]);
    expect(crier.lines.some((l) => l.msg === 'reconciler re-created missing feed schedulers')).toBe(true);
  }, 60_000);

  it('a queued post whose job vanished is queued again and posted once; a lost queue pause is restored', async () => {
    const redis = await privateRedis(cleanups);
    const feed = await new TestFeedServer().start();
    cleanups.push(() => feed.stop());
    const crier = await startCrier(redis.url, feed.url);
    const { ctx } = crier.running;
    await waitFor('first sight of the empty feed', async () => !!(await ctx.feedStates.get('desk')).initialisedAt);

    // Hold the channel's queue so the post waits there, then lose its job (eviction, a partial loss).
    const queue = ctx.publishQueue('x');
    await queue.pause();
    feed.add(story(911, 1));
    let postId = '';
    await waitFor('a queued post with its publish job', async () => {
      const [post] = await ctx.posts.listInStates(['queued']);
      postId = post?.postId ?? '';
      return !!post && (await queue.getJob(post.postId)) !== undefined;
    });
    await (await queue.getJob(postId))?.remove();
    await queue.resume();
    expect((await ctx.posts.get(postId))?.state).toBe('queued');

    const pass = await crier.running.reconciler.runOnce();
    expect(pass).toMatchObject({ ran: true, dataLost: false, requeued: 1 });
    await waitFor('the re-queued post posted', async () => (await ctx.posts.get(postId))?.state === 'posted');
    await waitUntilQuiet(crier.running, { polls: 2 });
    expect((await crier.posted()).map((u) => u.split('?')[0])).toEqual([link(911)]);
    expect(crier.lines.filter((l) => l.msg === 'reconciler re-queued queued posts that had no publish job')).toHaveLength(1);
    // Idempotent: nothing left to repair.
    expect(await crier.running.reconciler.runOnce()).toMatchObject({ ran: true, requeued: 0, schedulers: 0, pauses: 0 });

    // The ledger says halted (a revoked token), the queue's own pause flag is gone: paused again.
    await ctx.control.setPaused('x', 'token revoked', 'reconnect the account');
    expect(await queue.isPaused()).toBe(false);
    expect(await crier.running.reconciler.runOnce()).toMatchObject({ pauses: 1 });
    expect(await queue.isPaused()).toBe(true);
  }, 60_000);

  it('a post awaiting approval gets back its place in the approval list and its deadline job', async () => {
    const redis = await privateRedis(cleanups);
    const feed = await new TestFeedServer().start();
    cleanups.push(() => feed.stop());
    const crier = await startCrier(redis.url, feed.url, { x: { mode: 'dry-run', approval: 'manual', autoApproveAfterMinutes: 60 } });
    const { ctx } = crier.running;
    await waitFor('first sight of the empty feed', async () => !!(await ctx.feedStates.get('desk')).initialisedAt);
    feed.add(story(921, 1));
    let postId = '';
    await waitFor('a post awaiting approval', async () => {
      postId = (await ctx.posts.listPendingApproval())[0] ?? '';
      return postId !== '' && (await ctx.publishQueue('x').getJob(postId)) !== undefined;
    });
    // A partial loss: the deadline job and the approval list entry go, the post stays.
    await (await ctx.publishQueue('x').getJob(postId))?.remove();
    await ctx.redis.zrem(`${ctx.config.redis.prefix}:crier:approval`, postId);
    expect(await ctx.posts.listPendingApproval()).toEqual([]);

    expect(await crier.running.reconciler.runOnce()).toMatchObject({ ran: true });
    expect(await ctx.posts.listPendingApproval()).toEqual([postId]);
    const job = await ctx.publishQueue('x').getJob(postId);
    expect(await job?.getState()).toBe('delayed');
    // Due at the deadline (an hour from the post's creation), not now: nobody approved it.
    expect((job?.opts.delay ?? 0) + (job?.timestamp ?? 0)).toBeGreaterThan(Date.now() + 55 * 60_000);
    expect((await ctx.posts.get(postId))?.state).toBe('pending_approval');
    expect(await crier.posted()).toEqual([]);
  }, 30_000);

  it('an article recorded but never summarised (the poller died between the two) is summarised and posted once', async () => {
    const redis = await privateRedis(cleanups);
    const feed = await new TestFeedServer().start();
    cleanups.push(() => feed.stop());
    const crier = await startCrier(redis.url, feed.url);
    const { ctx } = crier.running;
    await waitFor('first sight of the empty feed', async () => !!(await ctx.feedStates.get('desk')).initialisedAt);
    await ctx.summariseQueue.pause();
    feed.add(story(931, 1));
    let articleKey = '';
    await waitFor('the article recorded, its summarise job waiting', async () => {
      articleKey = (await ctx.redis.zrange(`${ctx.config.redis.prefix}:crier:articles`, 0, -1))[0] ?? '';
      return articleKey !== '' && (await ctx.summariseQueue.getJob(articleKey)) !== undefined;
    });
    await (await ctx.summariseQueue.getJob(articleKey))?.remove();
    // Recorded a minute ago (past the moment a live poller takes to add the job).
    await ctx.redis.zadd(`${ctx.config.redis.prefix}:crier:articles`, Date.now() - 60_000, articleKey);
    await ctx.summariseQueue.resume();

    expect(await crier.running.reconciler.runOnce()).toMatchObject({ ran: true, summarised: 1 });
    await waitFor('the story posted', async () => (await crier.posted()).length === 1);
    await waitUntilQuiet(crier.running, { polls: 2 });
    expect((await crier.posted()).map((u) => u.split('?')[0])).toEqual([link(931)]);
    expect(await crier.running.reconciler.runOnce()).toMatchObject({ ran: true, summarised: 0, requeued: 0 });
  }, 30_000);

  it('only one process reconciles at a time', async () => {
    const redis = await privateRedis(cleanups);
    const feed = await new TestFeedServer().start();
    cleanups.push(() => feed.stop());
    const crier = await startCrier(redis.url, feed.url);
    const { ctx } = crier.running;
    const lockKey = `${ctx.config.redis.prefix}:crier:reconcile:lock`;
    await ctx.redis.set(lockKey, 'another-process', 'PX', 30_000);
    expect(await crier.running.reconciler.runOnce()).toMatchObject({ ran: false });
    await ctx.redis.del(lockKey);
    expect(await crier.running.reconciler.runOnce()).toMatchObject({ ran: true });
  }, 30_000);
});
