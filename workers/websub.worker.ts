import { watchRedisOutage } from '../src/shared/redis-outage.js';
import { Worker, type Job } from 'bullmq';
import type { FeedConfig } from '../src/config/schema.js';
import { pollNow } from '../src/desk/control-actions.js';
import { decodeFeedBytes } from '../src/feeds/charset.js';
import { FeedFetchError } from '../src/feeds/feed-errors.js';
import { feedParseOptions } from '../src/feeds/feed-to-articles.js';
import { parseFeed } from '../src/feeds/parse-feed.js';
import { ledgerKeys } from '../src/ledger/keys.js';
import { WEBSUB_QUEUE, type WebsubJobData } from '../src/websub/websub-jobs.js';
import type { AppContext } from './context.js';
import { takeInParsedFeed } from './poll.worker.js';
import { sendToHub, subscriptionChanged, websubDeps, type WebsubDeps } from './websub-sync.js';

/**
 * The `websub` queue's processor. A delivery is the topic's content (a full or partial feed):
 * it is read with the feed code and admitted by the poll's own step (`takeInParsedFeed`: same
 * dedup, filters, age and first-sight rules), so a pushed story and a polled one are the same
 * story. A body that is not a feed is only a "look now": the feed is polled.
 */

export interface WebsubRuntime {
  worker: Worker<WebsubJobData>;
}

/** The worker only: its queue handle shares the context's connection, and the reconciler runs the repairs. */
export function startWebsubWorker(ctx: AppContext): WebsubRuntime {
  const deps = websubDeps(ctx);
  const worker = new Worker<WebsubJobData>(WEBSUB_QUEUE, (job) => processWebsubJob(ctx, deps, job), { connection: ctx.connection, prefix: ctx.config.redis.prefix, concurrency: 4 });
  const outage = watchRedisOutage(ctx.redis, ctx.log);
  worker.on('error', (err) => outage.report(err, 'websub worker error'));
  worker.on('failed', (job, err) => ctx.log.error({ feed: job?.data.feedId, kind: job?.data.kind, err: err.message }, 'websub job failed'));
  return { worker };
}

export async function processWebsubJob(ctx: AppContext, deps: WebsubDeps, job: Job<WebsubJobData>): Promise<string> {
  const data = job.data;
  const poll = (feedId: string) => pollNow(ctx, feedId, `websub-${Math.floor(Date.now() / 2_000)}`);
  switch (data.kind) {
    case 'deliver': {
      const feed = ctx.config.feeds.find((f) => f.id === data.feedId);
      return feed ? deliver(ctx, deps, feed, data) : 'feed no longer configured';
    }
    case 'subscribe':
      await sendToHub(ctx, deps, data.feedId, 'subscribe', data.reason);
      return 'subscribe sent';
    case 'unsubscribe':
      await sendToHub(ctx, deps, data.feedId, 'unsubscribe', 'feed left the config');
      return 'unsubscribe sent';
    case 'changed':
      await subscriptionChanged(ctx, deps, data.feedId, poll);
      return 'changed';
  }
}

async function deliver(ctx: AppContext, deps: WebsubDeps, feed: FeedConfig, data: Extract<WebsubJobData, { kind: 'deliver' }>): Promise<string> {
  const started = Date.now();
  const log = ctx.log.child({ feed: feed.id, role: 'websub' });
  const sub = await deps.store.view(feed.id);
  const { text } = decodeFeedBytes(Buffer.from(data.bodyBase64, 'base64'), data.contentType);
  let parsed;
  try {
    parsed = await parseFeed(text, feedParseOptions(feed, sub?.topic ?? feed.url));
  } catch (err) {
    if (!(err instanceof FeedFetchError)) throw err;
    // A hub may send a notification without the content (or content Crier cannot read): poll instead.
    await pollNow(ctx, feed.id, `websub-${Math.floor(Date.now() / 2_000)}`);
    await deps.store.pushed(feed.id, `not a feed (${err.reason}): polled instead`);
    log.info({ reason: err.reason }, 'WebSub delivery is not a feed: polling the feed instead');
    return 'polled';
  }
  const state = await ctx.feedStates.get(feed.id);
  const intake = await takeInParsedFeed(ctx, feed, parsed, state, started);
  // A delivery before the first poll is a first sight like a poll's: later polls must not repeat it.
  if (intake.firstRun) await ctx.redis.hset(ledgerKeys(ctx.config.redis.prefix).feed(feed.id), 'initialisedAt', new Date(started).toISOString());
  const outcome = `${intake.newArticles} new of ${intake.candidates.length} items`;
  await deps.store.pushed(feed.id, outcome);
  await ctx.events.emit({ type: 'feed', feedId: feed.id, outcome: 'push', durationMs: Date.now() - started });
  if (intake.newArticles > 0) log.info({ newArticles: intake.newArticles, skipped: intake.skipped, items: intake.candidates.length }, 'WebSub delivery read');
  return outcome;
}
