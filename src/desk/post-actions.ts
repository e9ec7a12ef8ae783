import { parsePostId } from '../ledger/keys.js';
import { enqueuePublish } from '../queues/publish-jobs.js';
import type { ActionResult, DeskContext, DeskLedgerContext } from './desk-context.js';

/**
 * What an editor does to one post: approve (optionally edited), skip, retry, post now. The desk's
 * buttons (src/web/routes/action-routes.ts) and the CLI (cli/commands/actions.command.ts) call
 * these, so the two can never disagree; the ledger emits the post events every open desk follows.
 */

function channelOf(ctx: DeskLedgerContext, postId: string) {
  const ids = parsePostId(postId);
  const channel = ids ? ctx.config.channels.find((c) => c.id === ids.channel) : undefined;
  return ids && channel ? { ...ids, channel } : undefined;
}

export function countText(ctx: Pick<DeskContext, 'config' | 'network'>, channelId: string, text: string, limitOverride?: number): { length: number; limit: number; fits: boolean } | undefined {
  const channel = ctx.config.channels.find((c) => c.id === channelId);
  if (!channel) return undefined;
  const def = ctx.network(channel);
  const length = def.count(text);
  const limit = limitOverride && limitOverride > 0 ? limitOverride : def.limit;
  return { length, limit, fits: length <= limit };
}
/** Without edited text nothing is counted, so no network definition is needed (the CLI's case). */
export async function approvePost(ctx: DeskLedgerContext, postId: string): Promise<ActionResult>;
export async function approvePost(ctx: DeskContext, postId: string, editedText?: string): Promise<ActionResult>;
export async function approvePost(ctx: DeskLedgerContext & Partial<Pick<DeskContext, 'network'>>, postId: string, editedText?: string): Promise<ActionResult> {
  const target = channelOf(ctx, postId);
  const post = target ? await ctx.posts.get(postId) : undefined;
  if (!target || !post) return { ok: false, status: 404, message: `no post ${postId}` };
  let draft = undefined;
  const text = editedText?.replace(/\r\n/g, '\n');
  if (text !== undefined && text !== post.draft.text) {
    if (text.trim() === '') return { ok: false, status: 422, message: 'the text is empty' };
    // The overloads make `network` present whenever there is edited text.
    if (!ctx.network) throw new Error('approvePost: edited text needs the network definitions');
    const count = countText({ config: ctx.config, network: ctx.network }, target.channel.id, text, post.draft.limit);
    if (!count) return { ok: false, status: 404, message: `unknown channel ${target.channel.id}` };
    if (!count.fits) {
      return { ok: false, status: 422, message: `too long for ${target.channel.id}: ${count.length} / ${count.limit}`, length: count.length, limit: count.limit };
    }
    draft = { ...post.draft, text, length: count.length };
  }
  const ok = await ctx.posts.approve(postId, draft);
  if (!ok) return { ok: false, status: 409, message: `cannot approve: the post is ${post.state}` };
  await enqueuePublish(ctx.publishQueue(target.channel.id), { postId, articleKey: target.articleKey, channel: target.channel.id });
  return { ok: true, message: draft ? 'edited and approved' : 'approved' };
}

export async function skipPost(ctx: DeskLedgerContext, postId: string, reason: string | undefined, user: string): Promise<ActionResult> {
  const post = channelOf(ctx, postId) ? await ctx.posts.get(postId) : undefined;
  if (!post) return { ok: false, status: 404, message: `no post ${postId}` };
  const why = reason?.trim().slice(0, 300) || `skipped by ${user}`;
  const ok = await ctx.posts.skip(postId, why);
  return ok ? { ok: true, message: 'skipped' } : { ok: false, status: 409, message: `cannot skip: the post is ${post.state}` };
}

export async function retryPost(ctx: DeskLedgerContext, postId: string): Promise<ActionResult> {
  const target = channelOf(ctx, postId);
  const post = target ? await ctx.posts.get(postId) : undefined;
  if (!target || !post) return { ok: false, status: 404, message: `no post ${postId}` };
  const ok = await ctx.posts.requeue(postId);
  if (!ok) return { ok: false, status: 409, message: `cannot retry: the post is ${post.state}` };
  await enqueuePublish(ctx.publishQueue(target.channel.id), { postId, articleKey: target.articleKey, channel: target.channel.id });
  return { ok: true, message: 'queued again' };
}

/**
 * "Post now": approve or requeue as needed, then mark the job urgent (the publish worker then
 * ignores quiet hours and the daily cap) and promote it if it was waiting out a delay.
 */
export async function postNow(ctx: DeskContext, postId: string): Promise<ActionResult> {
  const target = channelOf(ctx, postId);
  const post = target ? await ctx.posts.get(postId) : undefined;
  if (!target || !post) return { ok: false, status: 404, message: `no post ${postId}` };
  if (post.state === 'pending_approval') await ctx.posts.approve(postId);
  else if (['failed', 'unknown'].includes(post.state)) await ctx.posts.requeue(postId);
  else if (post.state !== 'queued') return { ok: false, status: 409, message: `cannot post now: the post is ${post.state}` };
  const job = await ctx.publishQueue(target.channel.id).getJob(postId);
  const state = job ? await job.getState() : undefined;
  if (job && (state === 'waiting' || state === 'delayed' || state === 'prioritized' || state === 'waiting-children')) {
    await job.updateData({ ...job.data, urgent: true });
    if (state === 'delayed') await job.promote();
  } else {
    await enqueuePublish(ctx.publishQueue(target.channel.id), { postId, articleKey: target.articleKey, channel: target.channel.id, urgent: true });
  }
  // A paused network posts nothing: say when this one will go, not "posting now" (issue #15).
  if (await ctx.publishQueue(target.channel.id).isPaused()) return { ok: true, message: `${target.channel.id} is paused: this post goes out first when it is resumed` };
  return { ok: true, message: 'posting now' };
}
