import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from '../config/load-config.js';
import { orderGates } from '../editorial/queue-order.js';
import { monthKey } from '../editorial/schedule.js';
import { waitReasons, type ChannelWaitFacts, type WaitReason } from '../editorial/wait-reason.js';
import type { ChannelControl } from '../ledger/channel-control.js';
import { ledgerKeys } from '../ledger/keys.js';
import type { PostLedger, PostRecord } from '../ledger/post-ledger.js';

/**
 * "What goes next on each channel, when, and why the others wait" for `crier status` (issue #15).
 * The reasons come from src/editorial/wait-reason.ts, the same replay of the publish gates the
 * desk shows; this file only gathers the facts with a Redis-only context (no network registry,
 * so `crier status` stays light: see test/cli/status-imports.int.test.ts).
 */
const MAX_WAITING = 2_000;

export interface StatusWaitContext {
  config: Pick<Config, 'channels' | 'publication' | 'redis' | 'editorial'>;
  redis: Pick<Redis, 'get'>;
  posts: Pick<PostLedger, 'listInStates'>;
  control: Pick<ChannelControl, 'status' | 'monthlySpendUsd'>;
  publishQueue(channel: string): Pick<Queue, 'isPaused'>;
}

export interface WaitingPost {
  postId: string;
  articleKey: string;
  state: PostRecord['state'];
  wait: WaitReason;
}

export interface ChannelWaits {
  channel: string;
  queued: number;
  pending: number;
  /** The first few in the order they go out (queued), then those awaiting approval. */
  upcoming: WaitingPost[];
}

const byCreated = (a: PostRecord, b: PostRecord) => a.createdAt.localeCompare(b.createdAt) || a.postId.localeCompare(b.postId);

/**
 * The facts the wait reasons replay for one channel: its control hash, queue pause, spacing slot,
 * budget and queue order. Shared by `crier status` and the desk's queue view (src/web/queue-data.ts).
 * `costUsd` prices the next post where the caller has the network's definition; without it the
 * budget hold shows once the month's spend has reached the limit.
 */
export async function channelWaitFacts(ctx: StatusWaitContext, c: Config['channels'][number], nowMs: number, costUsd: (p: PostRecord) => number = () => 0): Promise<ChannelWaitFacts> {
  const tz = ctx.config.publication.timezone;
  const [status, queuePaused, nextSlot] = await Promise.all([ctx.control.status(c.id, new Date(nowMs)), ctx.publishQueue(c.id).isPaused(), ctx.redis.get(ledgerKeys(ctx.config.redis.prefix).channelNextSlot(c.id))]);
  const order = orderGates(ctx.config.editorial, c.id);
  const budget = c.monthlyBudgetUsd !== undefined ? { limitUsd: c.monthlyBudgetUsd, spentUsd: await ctx.control.monthlySpendUsd(c.id, monthKey(nowMs, tz)), costUsd } : undefined;
  return {
    channelId: c.id,
    timeZone: tz,
    nowMs,
    spacingMs: Math.round(c.spacingSeconds * 1000),
    quietHours: c.quietHours,
    dailyCap: c.dailyCap,
    postedToday: status.postedToday,
    paused: status.paused || queuePaused,
    attention: status.attention,
    nextSlotMs: nextSlot ? Number(nextSlot) : undefined,
    networkWaitUntilMs: status.waitingUntil ? Date.parse(status.waitingUntil) : undefined,
    networkWaitReason: status.waitReason,
    budget,
    // The claim's order (breaking lane, moved to front, newest story first by default, staleness guard).
    newestFirst: order.newestFirst,
    maxPostAgeMs: order.maxPostAgeMs,
    breakingIgnoresQuietHours: order.breakingIgnoresQuietHours,
  };
}

/** Per enabled channel: how many wait, and the first `perChannel` of them with when and why. */
export async function collectWaits(ctx: StatusWaitContext, opts: { nowMs?: number; perChannel?: number } = {}): Promise<ChannelWaits[]> {
  const nowMs = opts.nowMs ?? Date.now();
  const perChannel = opts.perChannel ?? 5;
  const waiting = await ctx.posts.listInStates(['queued', 'pending_approval'], { limit: MAX_WAITING });
  return Promise.all(
    ctx.config.channels.filter((c) => c.enabled).map(async (c) => {
      const mine = waiting.filter((p) => p.channel === c.id).sort(byCreated);
      const queued = mine.filter((p) => p.state === 'queued');
      const pending = mine.filter((p) => p.state === 'pending_approval');
      const reasons = waitReasons(await channelWaitFacts(ctx, c, nowMs), queued, pending);
      const entry = (p: PostRecord): WaitingPost[] => {
        const wait = reasons.get(p.postId);
        return wait ? [{ postId: p.postId, articleKey: p.articleKey, state: p.state, wait }] : [];
      };
      // In line in the order they go out (the reasons carry the place), then held and awaiting approval.
      const inLine = queued.filter((p) => !p.hold).flatMap(entry).sort((a, b) => (a.wait.position ?? 0) - (b.wait.position ?? 0));
      const upcoming = [...inLine, ...queued.filter((p) => p.hold).flatMap(entry), ...pending.flatMap(entry)].slice(0, perChannel);
      return { channel: c.id, queued: queued.length, pending: pending.length, upcoming };
    }),
  );
}
