import { ledgerKeys } from '../ledger/keys.js';
import type { PostRecord } from '../ledger/post-ledger.js';
import { waitReasons, type ChannelWaitFacts, type WaitReason } from '../editorial/wait-reason.js';
import { monthKey } from '../editorial/schedule.js';
import { orderGates } from '../editorial/queue-order.js';
import type { WebContext } from './web-context.js';

/**
 * The facts behind "when and why" for every waiting post (issue #15): the ledger's queued and
 * pending posts, the channel control hash and the spacing gate's next slot, read once per page.
 */
const MAX_WAITING = 2_000;

export interface ChannelQueue {
  channelId: string;
  /** Queued posts in the order the claim takes them (src/editorial/queue-order.ts), each with its reason and ETA. */
  queued: { post: PostRecord; wait: WaitReason }[];
  /** Queued posts an editor or the staleness guard holds: out of line until released. */
  held: { post: PostRecord; wait: WaitReason }[];
  pending: { post: PostRecord; wait: WaitReason }[];
  facts: ChannelWaitFacts;
}

const byCreated = (a: PostRecord, b: PostRecord) => a.createdAt.localeCompare(b.createdAt) || a.postId.localeCompare(b.postId);

async function channelFacts(ctx: WebContext, channelId: string, nowMs: number): Promise<ChannelWaitFacts | undefined> {
  const c = ctx.config.channels.find((x) => x.id === channelId);
  if (!c) return undefined;
  const tz = ctx.config.publication.timezone;
  const [status, queuePaused, nextSlot] = await Promise.all([ctx.control.status(c.id, new Date(nowMs)), ctx.publishQueue(c.id).isPaused(), ctx.redis.get(ledgerKeys(ctx.config.redis.prefix).channelNextSlot(c.id))]);
  const def = ctx.network(c);
  const budget =
    c.monthlyBudgetUsd !== undefined && def.costUsd
      ? { limitUsd: c.monthlyBudgetUsd, spentUsd: await ctx.control.monthlySpendUsd(c.id, monthKey(nowMs, tz)), costUsd: (p: PostRecord) => def.costUsd?.(p.draft, c.options) ?? 0 }
      : undefined;
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
    ...orderFacts(ctx, c.id),
  };
}

function orderFacts(ctx: WebContext, channelId: string): Pick<ChannelWaitFacts, 'newestFirst' | 'maxPostAgeMs' | 'breakingIgnoresQuietHours'> {
  const g = orderGates(ctx.config.editorial, channelId);
  return { newestFirst: g.newestFirst, maxPostAgeMs: g.maxPostAgeMs, breakingIgnoresQuietHours: g.breakingIgnoresQuietHours };
}

/** Every enabled channel's queue, or only `only`'s. */
export async function channelQueues(ctx: WebContext, only?: string, nowMs = Date.now()): Promise<Map<string, ChannelQueue>> {
  const waiting = await ctx.posts.listInStates(['queued', 'pending_approval'], { limit: MAX_WAITING });
  const ids = ctx.config.channels.filter((c) => c.enabled && (!only || c.id === only)).map((c) => c.id);
  const out = new Map<string, ChannelQueue>();
  await Promise.all(
    ids.map(async (id) => {
      const facts = await channelFacts(ctx, id, nowMs);
      if (!facts) return;
      const mine = waiting.filter((p) => p.channel === id).sort(byCreated);
      const queued = mine.filter((p) => p.state === 'queued');
      const pending = mine.filter((p) => p.state === 'pending_approval');
      const reasons = waitReasons(facts, queued, pending);
      const withWait = (p: PostRecord) => ({ post: p, wait: reasons.get(p.postId) ?? { kind: 'now' as const, text: '' } });
      const inLine = queued.map(withWait).filter((e) => !e.post.hold).sort((a, b) => (a.wait.position ?? 0) - (b.wait.position ?? 0));
      out.set(id, { channelId: id, queued: inLine, held: queued.filter((p) => p.hold).map(withWait), pending: pending.map(withWait), facts });
    }),
  );
  return out;
}

/** postId → reason, for the desk list and the article page. */
export async function waitIndex(ctx: WebContext, nowMs = Date.now()): Promise<Map<string, WaitReason>> {
  const out = new Map<string, WaitReason>();
  for (const q of (await channelQueues(ctx, undefined, nowMs)).values()) {
    for (const e of [...q.queued, ...q.held, ...q.pending]) out.set(e.post.postId, e.wait);
  }
  return out;
}
