import type { CrierEvent } from '../ledger/events.js';
import { parsePostId } from '../ledger/keys.js';
import type { PostRecord } from '../ledger/post-ledger.js';
import type { WebContext } from './web-context.js';

/**
 * A post's history on the desk (issue #15): drafted → edited (by whom, old → new) → approved or
 * skipped (by whom) → posted, with its network's pauses and resumes, read back from the event
 * stream (capped, so a very old post shows what is left of it).
 */
export interface HistoryEntry {
  at: string;
  text: string;
  by?: string;
}

const MAX_EVENTS = 10_000;

/** The actor of a desk action, recorded beside the ledger's own transition event. */
export async function recordAction(ctx: WebContext, postId: string, action: string, by: string, detail?: string): Promise<void> {
  const ids = parsePostId(postId);
  if (!ids) return;
  await ctx.events.emit({ type: 'action', postId, articleKey: ids.articleKey, channel: ids.channel, action, by, ...(detail ? { detail: detail.slice(0, 300) } : {}) }).catch(() => undefined);
}

function describe(e: CrierEvent & { at: string }, post: PostRecord): HistoryEntry | undefined {
  if (e.type === 'action' && e.postId === post.postId) return { at: e.at, text: `${e.action}${e.detail ? `: ${e.detail}` : ''}`, by: e.by };
  if (e.type === 'post' && e.postId === post.postId) {
    if (e.state === 'edited') return { at: e.at, text: e.detail ?? 'edited', ...(e.by ? { by: e.by } : {}) };
    if (e.state === 'posting') return undefined;
    return { at: e.at, text: `${e.state.replace('_', ' ')}${e.detail ? `: ${e.detail}` : ''}` };
  }
  if (e.type === 'channel' && e.channel === post.channel && e.action !== 'rate-limited') return { at: e.at, text: `${post.channel} ${e.action}${e.reason ? ` ${e.reason}` : ''}` };
  return undefined;
}

export async function postHistory(ctx: WebContext, post: PostRecord): Promise<HistoryEntry[]> {
  const since = Date.parse(post.createdAt);
  const events = await ctx.events.range(Number.isFinite(since) ? since - 1_000 : 0, Date.now(), MAX_EVENTS);
  const entries: HistoryEntry[] = [{ at: post.createdAt, text: `drafted by ${post.summariser}` }];
  for (const { event } of events) {
    const entry = describe(event, post);
    if (entry && !(event.type === 'post' && event.state === post.state && entries.length === 1 && event.at === post.createdAt)) entries.push(entry);
  }
  return entries;
}

export async function historiesFor(ctx: WebContext, posts: readonly PostRecord[]): Promise<Map<string, HistoryEntry[]>> {
  const all = await Promise.all(posts.map(async (p) => [p.postId, await postHistory(ctx, p)] as const));
  return new Map(all);
}
