import { randomUUID } from 'node:crypto';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { ChannelConfig } from '../src/config/load-config.js';
import type { Draft } from '../src/drafts/draft.js';
import type { ArticleRecord } from '../src/ledger/article-ledger.js';
import { createLifecycleLedger, type LifecycleLedger } from '../src/ledger/lifecycle-ledger.js';
import type { PostRecord } from '../src/ledger/post-ledger.js';
import { CORRECTION_REPLY_TEMPLATE, planCorrection, planRetraction, resolveCorrection } from '../src/lifecycle/correction-policy.js';
import { enqueueLifecycle, LIFECYCLE_QUEUE, RECHECK_SCHEDULER_ID, type LifecycleJobData } from '../src/lifecycle/lifecycle-jobs.js';
import { recheckGone } from '../src/lifecycle/recheck-gone.js';
import { runRemoteStep, type RemoteResult, type RemoteStepOutcome } from '../src/lifecycle/remote-step.js';
import type { PublishContext, RemotePost } from '../src/publishers/publisher.js';
import { watchRedisOutage } from '../src/shared/redis-outage.js';
import { scrubbingLogger } from '../src/shared/scrub-log.js';
import { secretScrubber } from '../src/shared/scrub-secrets.js';
import type { Summary } from '../src/summaries/summary.js';
import type { AppContext } from './context.js';
import { draftForChannel } from './drafting.js';
import { draftFor } from './summarise.worker.js';

/** Same bounds as a first post (publish.worker.ts): the lease outlives any single call. */
const LEASE_MS = 120_000;
const CALL_TIMEOUT_MS = 90_000;
/** Posts a correction may still re-draft: not yet out. */
const REDRAFTABLE = ['queued', 'pending_approval', 'failed'] as const;

/**
 * Corrections and retractions (#16): one job per story version or retraction, which walks the
 * story's posts and does what src/lifecycle/correction-policy.ts plans for each. A post being
 * sent right now, or a network call that sent nothing (5xx, rate limit), makes the job run again
 * later; steps already done are recorded per post, so a rerun never repeats them.
 */
export function createLifecycleWorker(ctx: AppContext, opts: { autorun?: boolean } = {}): Worker<LifecycleJobData> {
  const lifecycle = createLifecycleLedger(ctx.redis, { prefix: ctx.config.redis.prefix, retentionDays: ctx.config.ledger.retentionDays });
  const worker = new Worker<LifecycleJobData>(LIFECYCLE_QUEUE, (job) => processLifecycle(ctx, lifecycle, job), {
    connection: ctx.connection,
    prefix: ctx.config.redis.prefix,
    concurrency: 2,
    autorun: opts.autorun ?? true,
  });
  const outage = watchRedisOutage(ctx.redis, ctx.log);
  worker.on('error', (err) => outage.report(err, 'lifecycle worker error'));
  worker.on('failed', (job, err) => ctx.log.warn({ articleKey: job?.data.articleKey, kind: job?.data.kind, err: err.message }, 'lifecycle job failed'));
  void syncRecheckScheduler(ctx).catch((err: Error) => ctx.log.warn({ err: err.message }, 'cannot schedule the 410 re-check'));
  return worker;
}

/** One `recheck-gone` scheduler across processes (idempotent upsert), removed when the setting is 0. */
async function syncRecheckScheduler(ctx: AppContext): Promise<void> {
  const everySeconds = ctx.config.lifecycle.recheckGoneSeconds;
  if (everySeconds === 0) {
    await ctx.lifecycleQueue.removeJobScheduler(RECHECK_SCHEDULER_ID);
    return;
  }
  await ctx.lifecycleQueue.upsertJobScheduler(RECHECK_SCHEDULER_ID, { every: everySeconds * 1000 }, {
    name: 'recheck',
    data: { kind: 'recheck' },
    opts: { attempts: 1, removeOnComplete: { age: 3_600, count: 100 }, removeOnFail: { age: 86_400, count: 100 } },
  });
}

export async function processLifecycle(ctx: AppContext, lifecycle: LifecycleLedger, job: Job<LifecycleJobData>) {
  const d = job.data;
  if (d.kind === 'recheck') {
    const retract = (data: Extract<LifecycleJobData, { kind: 'retract' }>) => enqueueLifecycle(ctx.lifecycleQueue, data);
    return recheckGone({ articles: ctx.articles, retract, userAgent: ctx.config.poller.userAgent }, ctx.config.lifecycle.recheckWithinHours);
  }
  const record = await ctx.articles.get(d.articleKey);
  if (!record) throw new UnrecoverableError(`article ${d.articleKey} is not in the ledger (expired?)`);
  const posts = await ctx.posts.listForArticle(d.articleKey);
  const run: StoryRun = { ctx, lifecycle, record, attempt: job.attemptsMade + 1, waiting: [] };
  if (d.kind === 'retract') await retract(run, posts, d.by, d.reason);
  else await correct(run, posts, d.contentHash);
  // Left for a later run: posts being sent now, calls that sent nothing. Steps done stay done.
  if (run.waiting.length) throw new Error(`waiting for ${run.waiting.join(', ')}`);
  return { articleKey: d.articleKey, kind: d.kind, posts: posts.length };
}

interface StoryRun {
  ctx: AppContext;
  lifecycle: LifecycleLedger;
  record: ArticleRecord;
  attempt: number;
  waiting: string[];
  summary?: Summary;
}

async function correct(run: StoryRun, posts: PostRecord[], contentHash: string): Promise<void> {
  const { ctx, lifecycle, record } = run;
  // A retracted story is never corrected (its posts are being removed); an older version's job yields to the newer one.
  if (record.retractedAt || record.contentHash !== contentHash) return;
  const step = `correct:${contentHash}`;
  for (const post of posts) {
    const channel = ctx.config.channels.find((c) => c.id === post.channel);
    if (!channel) continue;
    const caps = channel.mode === 'live' ? ctx.publisher(channel).corrections : undefined;
    const plan = planCorrection({ state: post.state, network: post.network, handEdited: Boolean(post.sentenceChoice || post.handEditedAt), ...(post.remoteId ? { remoteId: post.remoteId } : {}) }, resolveCorrection(channel.corrections, caps));
    if (plan.kind === 'wait') run.waiting.push(post.postId);
    else if (plan.kind === 'keep-edited') await lifecycle.flagStoryChanged(post.postId, 'story changed since your edit: your text was kept, check it against the corrected story');
    else if (plan.kind === 'redraft') await redraft(run, post, channel);
    else if (plan.kind === 'flag') await flagOnce(lifecycle, post.postId, step, 'flag', plan.needs);
    else if (plan.kind === 'remote') {
      const fresh = draftFor(ctx, record.article, await summaryOf(run), channel);
      // The change is outside what this post says (a later paragraph): nothing to correct on the network.
      if (fresh.text === post.draft.text) {
        if (!(await lifecycle.step(post.postId, step))) await lifecycle.recordStep(post.postId, { step, action: plan.action, state: 'ignored', at: new Date().toISOString(), note: 'the post says the same with the new text' });
        continue;
      }
      const draft = plan.action === 'edit' ? fresh : draftForChannel(ctx.network(channel), record.article, await summaryOf(run), channel, CORRECTION_REPLY_TEMPLATE);
      const outcome = await remote(run, post, channel, step, plan.action, async (publisher, remotePost, pctx) => {
        const receipt = plan.action === 'edit' ? await publisher.edit?.(remotePost, draft, pctx) : await publisher.reply?.(remotePost, draft, pctx);
        return receipt ?? {};
      });
      if (outcome === 'done' && plan.action === 'edit') await lifecycle.setPostedDraft(post.postId, draft);
    }
  }
}

async function summaryOf(run: StoryRun): Promise<Summary> {
  run.summary ??= await run.ctx.summariser.summarise(run.record.article);
  return run.summary;
}

/** The summarise path again, on the new text; applied only if the draft is still the one Crier made. */
async function redraft(run: StoryRun, post: PostRecord, channel: ChannelConfig): Promise<void> {
  let draft: Draft;
  try {
    draft = draftFor(run.ctx, run.record.article, await summaryOf(run), channel);
  } catch (err) {
    await run.lifecycle.flagStoryChanged(post.postId, `story changed, but the new text cannot be drafted (${(err as Error).message}): the old draft was kept`);
    return;
  }
  if (draft.text === post.draft.text) return;
  const result = await run.lifecycle.redraft(post.postId, post.draft.text, draft, REDRAFTABLE, `story corrected: re-drafted (“${post.draft.title}” → “${draft.title}”)`);
  // Claimed or changed meanwhile: the next run sees what it became (posted → corrected on the network).
  if (result !== 'ok' && result !== 'missing') run.waiting.push(post.postId);
}

async function flagOnce(lifecycle: LifecycleLedger, postId: string, step: string, action: 'flag', needs: string): Promise<void> {
  if (await lifecycle.step(postId, step)) return;
  await lifecycle.recordStep(postId, { step, action, state: 'flagged', at: new Date().toISOString(), needs });
}

async function retract(run: StoryRun, posts: PostRecord[], by: string, reason: string): Promise<void> {
  const { ctx, lifecycle, record } = run;
  await lifecycle.markRetracted(record.article.key);
  for (const post of posts) {
    // Every post is marked retracted (never retried); one not out yet is cancelled in the same step.
    const before = await lifecycle.cancel(post.postId, `retracted by ${by}${reason ? `: ${reason}` : ''}`);
    if (before === 'missing') continue;
    // A channel no longer configured cannot delete: its posts out are flagged for removal by hand.
    const channel = ctx.config.channels.find((c) => c.id === post.channel);
    if (channel && channel.mode !== 'live' && before === 'posted') {
      if (!(await lifecycle.step(post.postId, 'retract'))) await lifecycle.recordStep(post.postId, { step: 'retract', action: 'remove', state: 'ignored', at: new Date().toISOString(), note: 'dry-run: nothing went out' });
      continue;
    }
    const caps = channel?.mode === 'live' ? ctx.publisher(channel).corrections : undefined;
    const plan = planRetraction({ state: before as PostRecord['state'], network: post.network, ...(post.remoteId ? { remoteId: post.remoteId } : {}) }, caps);
    if (plan.kind === 'wait') run.waiting.push(post.postId);
    else if (plan.kind === 'flag') {
      if (!(await lifecycle.step(post.postId, 'retract'))) await lifecycle.recordStep(post.postId, { step: 'retract', action: 'remove', state: 'flagged', at: new Date().toISOString(), needs: plan.needs });
    } else if (plan.kind === 'remove' && channel) {
      await remote(run, post, channel, 'retract', 'remove', async (publisher, remotePost, pctx) => {
        const removed = await publisher.remove?.(remotePost, pctx);
        return { note: removed?.alreadyGone ? (removed.note ?? 'already gone') : 'deleted' };
      });
    }
  }
}

type RemoteCall = (publisher: ReturnType<AppContext['publisher']>, remotePost: RemotePost, pctx: PublishContext) => Promise<RemoteResult>;

/** One edit, reply or delete on the network, exactly once (src/lifecycle/remote-step.ts); a dry-run channel only records it. */
async function remote(run: StoryRun, post: PostRecord, channel: ChannelConfig, step: string, action: 'edit' | 'reply' | 'remove', call: RemoteCall): Promise<RemoteStepOutcome | 'dry-run'> {
  const { ctx, lifecycle } = run;
  if (channel.mode !== 'live' || !post.remoteId) {
    if (!(await lifecycle.step(post.postId, step))) await lifecycle.recordStep(post.postId, { step, action, state: 'ignored', at: new Date().toISOString(), note: 'dry-run: nothing went out' });
    return 'dry-run';
  }
  const scrub = secretScrubber(Object.values(channel.secrets));
  const publisher = ctx.publisher(channel);
  const remotePost: RemotePost = { remoteId: post.remoteId, ...(post.remoteUrl ? { remoteUrl: post.remoteUrl } : {}) };
  const outcome: RemoteStepOutcome = await runRemoteStep({
    ledger: lifecycle, postId: post.postId, step, action, network: post.network, leaseToken: randomUUID(), leaseMs: LEASE_MS, scrub,
    call: (afterUnknownOutcome) => call(publisher, remotePost, {
      postId: post.postId,
      attempt: run.attempt,
      afterUnknownOutcome,
      checkpoint: ctx.posts.checkpoint(post.postId),
      channelState: ctx.control.state(channel.id),
      signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
      log: scrubbingLogger(ctx.log, { channel: channel.id, postId: post.postId, lifecycle: action }, scrub),
    }),
  });
  if (outcome === 'retry' || outcome === 'busy') run.waiting.push(post.postId);
  ctx.log.info({ postId: post.postId, action, outcome }, 'lifecycle step');
  return outcome;
}
