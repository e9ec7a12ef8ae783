import type { Queue } from 'bullmq';
import type { ChannelControl } from '../ledger/channel-control.js';
import type { FeedStateStore } from '../ledger/feed-state.js';
import type { SummariseJobData } from '../queues/jobs.js';
import { feedSchedulerId } from '../queues/names.js';
import type { DeskContext } from './desk-context.js';

/** What the status read needs: the config, the feed states, the channel controls and the queues. */
export type StatusContext = Pick<DeskContext, 'config' | 'pollQueue' | 'publishQueue'> & {
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
      const nextPoll = s.retryAfter && Date.parse(s.retryAfter) > Date.now() ? s.retryAfter : schedulers?.next ? new Date(schedulers.next).toISOString() : undefined;
      return { ...s, url: f.url, intervalSeconds: f.intervalSeconds, nextPoll };
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
