import { ledgerKeys } from '../src/ledger/keys.js';
import type { PostRecord } from '../src/ledger/post-ledger.js';
import { feedSchedulerId } from '../src/queues/names.js';
import { enqueuePublish } from '../src/queues/publish-jobs.js';
import type { AppContext } from './context.js';
import { syncFeedSchedulers } from './runtime.js';

/**
 * The repairs the reconciler makes, each idempotent and each returning how many things it fixed.
 * Job ids are post ids, so re-queueing a post that another process queues at the same moment
 * still leaves one job; a post in a final state is never touched.
 */

/** Configured feeds whose poll scheduler is missing. */
export async function feedsWithoutScheduler(ctx: AppContext): Promise<string[]> {
  const present = new Set((await ctx.pollQueue.getJobSchedulers(0, -1)).map((s) => s.key));
  return ctx.config.feeds.filter((f) => !present.has(feedSchedulerId(f.id))).map((f) => f.id);
}

export async function repairSchedulers(ctx: AppContext): Promise<number> {
  const missing = await feedsWithoutScheduler(ctx);
  if (missing.length > 0) await syncFeedSchedulers(ctx);
  return missing.length;
}

/**
 * Only a missing job is repaired. A post still `queued` beside a finished job is left to a human:
 * re-queueing it every minute could retry a failing post for ever.
 */
async function hasJob(ctx: AppContext, post: PostRecord): Promise<boolean> {
  return (await ctx.publishQueue(post.channel).getJob(post.postId)) !== undefined;
}

export interface PostRepairs {
  requeued: number;
  approvalIndexed: number;
  autoApproveScheduled: number;
  abandonedClaims: number;
}

/**
 * Every post that waits must have what makes it move: a `queued` post (embargoed ones too: the
 * claim re-checks the embargo) its publish job; a `pending_approval` post its place in the
 * approval list and, with an approval deadline, its delayed job; a `posting` post whose lease
 * expired with no job left (the worker died and its job went with Redis) a job again, so the
 * claim sees the crash and settles it (`unknown` where a retry could double-post).
 */
export async function repairPosts(ctx: AppContext): Promise<PostRepairs> {
  const keys = ledgerKeys(ctx.config.redis.prefix);
  const enabled = new Set(ctx.config.channels.filter((c) => c.enabled).map((c) => c.id));
  const repairs: PostRepairs = { requeued: 0, approvalIndexed: 0, autoApproveScheduled: 0, abandonedClaims: 0 };
  const waiting = await ctx.posts.listInStates(['queued', 'pending_approval', 'posting']);
  for (const post of waiting) {
    if (!enabled.has(post.channel)) continue;
    const data = { postId: post.postId, articleKey: post.articleKey, channel: post.channel };
    const queue = ctx.publishQueue(post.channel);
    if (post.state === 'pending_approval') {
      const createdMs = Date.parse(post.createdAt);
      const added = await ctx.redis.zadd(keys.pendingApproval, 'NX', Number.isFinite(createdMs) ? createdMs : Date.now(), post.postId);
      if (Number(added) > 0) repairs.approvalIndexed++;
      if (post.autoApproveAt && !(await hasJob(ctx, post))) {
        await enqueuePublish(queue, data, Math.max(0, Date.parse(post.autoApproveAt) - Date.now()));
        repairs.autoApproveScheduled++;
      }
      continue;
    }
    if (await hasJob(ctx, post)) continue;
    if (post.state === 'posting') {
      if ((await ctx.redis.exists(keys.postLease(post.postId))) > 0) continue;
      repairs.abandonedClaims++;
    } else {
      repairs.requeued++;
    }
    await enqueuePublish(queue, data);
  }
  return repairs;
}

/** An article is recorded a moment before its summarise job is added: give that moment time. */
const ORPHAN_GRACE_MS = 30_000;

/**
 * Articles recorded as new whose summarise job never came (the poller died between the two
 * steps): the next poll sees them as known, so without this they are lost. Only within the time
 * BullMQ keeps a finished summarise job, so "no job" cannot mean "done and cleaned away".
 */
export async function repairOrphanArticles(ctx: AppContext): Promise<number> {
  const keys = ledgerKeys(ctx.config.redis.prefix);
  const nowMs = Date.now();
  const windowMs = Math.min(ctx.config.workers.keepCompletedHours * 3_600_000 * 0.9, 86_400_000);
  const recent = await ctx.redis.zrangebyscore(keys.articlesByTime, nowMs - windowMs, nowMs - ORPHAN_GRACE_MS);
  let repaired = 0;
  for (const articleKey of recent) {
    const res = await ctx.redis.multi().hmget(keys.article(articleKey), 'feedId', 'skipReason').scard(keys.articlePosts(articleKey)).exec();
    const [feedId, skipReason] = (res?.[0]?.[1] as (string | null)[] | undefined) ?? [];
    if (!feedId || skipReason || Number(res?.[1]?.[1] ?? 0) > 0) continue;
    if (await ctx.summariseQueue.getJob(articleKey)) continue;
    await ctx.summariseQueue.add('summarise', { articleKey, feedId }, { jobId: articleKey });
    repaired++;
  }
  return repaired;
}

/** A channel the ledger says is paused or halted whose queue runs (the queue's pause flag was lost): paused again. */
export async function repairChannelPauses(ctx: AppContext): Promise<number> {
  let repaired = 0;
  for (const channel of ctx.config.channels.filter((c) => c.enabled)) {
    const status = await ctx.control.status(channel.id);
    const queue = ctx.publishQueue(channel.id);
    if (status.paused && !(await queue.isPaused())) {
      await queue.pause();
      repaired++;
    }
  }
  return repaired;
}
