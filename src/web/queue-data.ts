import { channelWaitFacts } from '../desk/status-waits.js';
import type { PostRecord } from '../ledger/post-ledger.js';
import { waitReasons, type ChannelWaitFacts, type WaitReason } from '../editorial/wait-reason.js';
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
  const def = ctx.network(c);
  return channelWaitFacts(ctx, c, nowMs, (p: PostRecord) => def.costUsd?.(p.draft, c.options) ?? 0);
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
