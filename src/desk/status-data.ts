import type { Queue } from 'bullmq';
import type { ChannelControl } from '../ledger/channel-control.js';
import type { FeedStateStore } from '../ledger/feed-state.js';
import type { SummariseJobData } from '../queues/jobs.js';
import { feedSchedulerId } from '../queues/names.js';
import type { DeskContext } from './desk-context.js';
import type { Redis } from 'ioredis';
import type { Config } from '../config/load-config.js';
import { createWebsubStore } from '../websub/websub-store.js';

/** What the status read needs: the config, the feed states, the channel controls and the queues (and Redis, for WebSub subscriptions). */
export type StatusContext = Pick<DeskContext, 'config' | 'pollQueue' | 'publishQueue'> & {
  config: Partial<Pick<Config, 'redis'>>;
  redis?: Redis;
  feedStates: Pick<FeedStateStore, 'get'>;
  control: Pick<ChannelControl, 'status'>;
  summariseQueue: Queue<SummariseJobData>;
};

/** Feed health and queue depth, on an open context: `crier status`, the desk's feed page and the ops page. */
export async function collectStatusFrom(ctx: StatusContext) {
  const { config } = ctx;
  const feeds = await Promise.all(
    config.feeds.map(async (f) => {
      const s = await ctx.feedStates.get(f.id);
      const schedulers = await ctx.pollQueue.getJobScheduler(feedSchedulerId(f.id));
      const scheduled = schedulers?.next ? new Date(schedulers.next).toISOString() : undefined;
      // An adaptive or push-backed feed lets scheduler ticks before its planned poll pass (#17).
      const planned = s.nextPollAt && (!scheduled || Date.parse(s.nextPollAt) > Date.parse(scheduled)) ? s.nextPollAt : scheduled;
      const nextPoll = s.retryAfter && Date.parse(s.retryAfter) > Date.now() ? s.retryAfter : planned;
      // Push or poll, the hub and its lease (#17): the secret-free view only.
      const websub = ctx.redis && ctx.config.redis ? await createWebsubStore(ctx.redis, ctx.config.redis.prefix).view(f.id) : undefined;
      return { ...s, url: f.url, intervalSeconds: f.intervalSeconds, nextPoll, ...(websub ? { websub } : {}) };
    }),
  );
  const queues = await Promise.all([
    ...[ctx.pollQueue, ctx.summariseQueue].map(async (q) => ({ queue: q.name, ...(await q.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed')) })),
    ...config.channels.map(async (c) => {
      const q = ctx.publishQueue(c.id);
      const [counts, paused, control, rateLimitTtlMs] = await Promise.all([
        q.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed'),
        q.isPaused(),
        ctx.control.status(c.id),
        q.getRateLimitTtl(),
      ]);
      return { queue: q.name, mode: c.mode, ...counts, isPaused: paused, rateLimitTtlMs, ...control };
    }),
  ]);
  return { feeds, queues };
}
