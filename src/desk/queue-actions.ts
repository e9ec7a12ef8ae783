import type { Redis } from 'ioredis';
import type { Config } from '../config/load-config.js';
import { parsePostId } from '../ledger/keys.js';
import { createPostOrder, type PostLane } from '../ledger/post-order.js';
import type { PostRecord } from '../ledger/post-ledger.js';
import { enqueuePublish } from '../queues/publish-jobs.js';
import { clockText } from '../editorial/wait-reason.js';
import type { ActionResult, DeskLedgerContext } from './desk-context.js';

/**
 * An editor's moves on a channel's line (issue #15): mark a story breaking, move a post to the
 * front, schedule it for a time, hold it and release it (or post a stale one anyway). Shared by
 * the desk's queue view and the CLI; each is recorded on the post's history with who did it. The
 * post's job is then woken, so the claim (src/ledger/order-scripts.ts) sees the new order at once;
 * the claim stays the only way to take a post, so a reorder can never make two jobs post one post.
 */
export type QueueActionContext = Omit<DeskLedgerContext, 'config'> & {
  redis: Redis;
  config: Pick<Config, 'channels' | 'feeds' | 'redis' | 'editorial' | 'publication'>;
};

const WAITING = new Set(['queued', 'pending_approval']);

async function target(ctx: QueueActionContext, postId: string): Promise<{ post: PostRecord } | { error: ActionResult }> {
  const ids = parsePostId(postId);
  const channel = ids ? ctx.config.channels.find((c) => c.id === ids.channel) : undefined;
  const post = channel ? await ctx.posts.get(postId) : undefined;
  if (!post) return { error: { ok: false, status: 404, message: `no post ${postId}` } };
  return { post };
}

async function record(ctx: QueueActionContext, post: PostRecord, action: string, by: string, detail?: string): Promise<void> {
  await ctx.events
    .emit({ type: 'action', postId: post.postId, articleKey: post.articleKey, channel: post.channel, action, by, ...(detail ? { detail: detail.slice(0, 300) } : {}) })
    .catch(() => undefined);
}

/** Wakes the post's job (a delayed one is promoted; a missing one is made) so the claim re-reads the line now. */
async function wake(ctx: QueueActionContext, post: PostRecord): Promise<void> {
  if (post.state !== 'queued') return;
  await enqueuePublish(ctx.publishQueue(post.channel), { postId: post.postId, articleKey: post.articleKey, channel: post.channel });
}

const order = (ctx: QueueActionContext) => createPostOrder(ctx.redis, { prefix: ctx.config.redis.prefix });
const newestFirst = (ctx: QueueActionContext) => ctx.config.editorial.drainOrder === 'newest-first';

async function setLane(ctx: QueueActionContext, postId: string, lane: PostLane | '', atMs: number, by: string, action: string, detail?: string): Promise<ActionResult> {
  const t = await target(ctx, postId);
  if ('error' in t) return t.error;
  const state = await order(ctx).setLane(postId, lane, atMs, by, newestFirst(ctx));
  if (!WAITING.has(state)) return { ok: false, status: 409, message: `cannot change its place in line: the post is ${state || 'gone'}` };
  await record(ctx, t.post, action, by, detail);
  await wake(ctx, { ...t.post, state: state as PostRecord['state'] });
  return { ok: true, message: `${action}${detail ? `: ${detail}` : ''}` };
}

/** Every waiting post of the story jumps its channel's queue and ignores spacing (not quiet hours unless configured). */
export async function markBreaking(ctx: QueueActionContext, articleKey: string, by: string): Promise<ActionResult> {
  const posts = (await ctx.posts.listForArticle(articleKey)).filter((p) => WAITING.has(p.state));
  if (posts.length === 0) return { ok: false, status: 404, message: `no waiting post of story ${articleKey}` };
  const nowMs = Date.now();
  const done: string[] = [];
  for (const p of posts) {
    const r = await setLane(ctx, p.postId, 'breaking', nowMs, by, 'marked breaking');
    if (r.ok) done.push(p.channel);
  }
  if (done.length === 0) return { ok: false, status: 409, message: 'no post of this story is waiting any more' };
  return { ok: true, message: `breaking: ${done.join(', ')} go${done.length === 1 ? 'es' : ''} next` };
}

export const moveToFront = (ctx: QueueActionContext, postId: string, by: string) => setLane(ctx, postId, 'front', Date.now(), by, 'moved to the front');

/** Back to its ordinary place (drain order): undoes breaking, front and a schedule. */
export const backInLine = (ctx: QueueActionContext, postId: string, by: string) => setLane(ctx, postId, '', Date.now(), by, 'back in line');

export async function schedulePost(ctx: QueueActionContext, postId: string, atMs: number, by: string, nowMs = Date.now()): Promise<ActionResult> {
  if (!Number.isFinite(atMs) || atMs <= nowMs) return { ok: false, status: 422, message: 'pick a time in the future' };
  if (atMs > nowMs + 90 * 86_400_000) return { ok: false, status: 422, message: 'pick a time within 90 days' };
  const when = `${clockText(atMs, nowMs, ctx.config.publication.timezone)} (${ctx.config.publication.timezone})`;
  return setLane(ctx, postId, 'scheduled', atMs, by, 'scheduled', `for ${when}`);
}

export async function holdPost(ctx: QueueActionContext, postId: string, by: string, reason?: string): Promise<ActionResult> {
  const t = await target(ctx, postId);
  if ('error' in t) return t.error;
  const why = reason?.trim().slice(0, 300) ?? '';
  const state = await order(ctx).hold(postId, 'editor', by, why);
  if (state !== 'queued') return { ok: false, status: 409, message: `cannot hold: the post is ${state || 'gone'}` };
  await record(ctx, t.post, 'held', by, why || undefined);
  return { ok: true, message: `held by ${by}` };
}

/** `anyway`: a post the staleness guard held goes out all the same (the guard will not hold it again). */
export async function releasePost(ctx: QueueActionContext, postId: string, by: string, opts: { anyway?: boolean } = {}): Promise<ActionResult> {
  const t = await target(ctx, postId);
  if ('error' in t) return t.error;
  if (!t.post.hold) return { ok: false, status: 409, message: 'the post is not held' };
  const state = await order(ctx).release(postId, opts.anyway === true || t.post.hold === 'stale');
  if (state !== 'queued') return { ok: false, status: 409, message: `cannot release: the post is ${state || 'gone'}` };
  const action = t.post.hold === 'stale' ? 'released: post it anyway' : 'released';
  await record(ctx, t.post, action, by);
  await wake(ctx, t.post);
  return { ok: true, message: action };
}
