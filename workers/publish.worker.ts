import { randomUUID } from 'node:crypto';
import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { ChannelConfig } from '../src/config/load-config.js';
import type { Draft } from '../src/drafts/draft.js';
import type { PublishJobData } from '../src/queues/jobs.js';
import { publishQueueName } from '../src/queues/names.js';
import { isConnectionError, watchRedisOutage } from '../src/shared/redis-outage.js';
import { scrubbingLogger } from '../src/shared/scrub-log.js';
import { secretScrubber, type Scrubber } from '../src/shared/scrub-secrets.js';
import type { AppContext } from './context.js';
import { decidePublishFailure } from './publish-outcome.js';
import { claimForPublish } from '../src/editorial/publish-gates.js';
import { afterGateWait } from '../src/editorial/claim-followup.js';
import { monthKey } from '../src/editorial/schedule.js';
import { compactStory } from '../src/ledger/compaction.js';

/** A claim outlives any single publish call (timeouts are shorter), so a live lease means a live attempt. */
const POST_LEASE_MS = 120_000;
const BUSY_RETRY_MS = 15_000;
const PUBLISH_TIMEOUT_MS = 90_000;
const UNKNOWN_FLAG = 'unknownOutcome';

export function createPublishWorker(ctx: AppContext, channel: ChannelConfig, opts: { autorun?: boolean } = {}): Worker<PublishJobData> {
  // The channel's secrets, scrubbed from every failure text this worker stores, emits, hands BullMQ or logs.
  const scrub = secretScrubber(Object.values(channel.secrets));
  const worker: Worker<PublishJobData> = new Worker<PublishJobData>(
    publishQueueName(channel.id),
    async (job, token) => processPublish(ctx, channel, worker, job, token, scrub),
    {
      connection: ctx.connection,
      prefix: ctx.config.redis.prefix,
      concurrency: ctx.config.workers.publishConcurrency,
      // BullMQ only honours queue.rateLimit() (our 429 handling) when the worker has a limiter.
      // Spacing is not done here but in publish-gates.ts, so an editor's "post now" can skip it.
      limiter: { max: 10_000, duration: 1_000 },
      autorun: opts.autorun ?? true,
    },
  );
  const outage = watchRedisOutage(ctx.redis, ctx.log);
  // A Redis outage is logged once for the process (redis-outage.ts), not once per channel per retry.
  worker.on('error', (err) => (isConnectionError(err) ? outage.report(err, 'publish worker error') : ctx.log.warn({ channel: channel.id, err: scrub(err.message) }, 'publish worker error')));
  // The story's last post settled: it keeps only what the ledger needs (#18; the reconciler sweeps what this misses).
  worker.on('completed', (job) => void compactStory(ctx.redis, ctx.config.redis.prefix, job.data.articleKey).catch((err: unknown) => ctx.log.warn({ channel: channel.id, err: scrub(String(err)) }, 'story compaction failed')));
  return worker;
}

/** What a post counts against: today's cap and, on networks that charge, this month's budget. */
function counters(ctx: AppContext, channel: ChannelConfig, draft: Draft) {
  const def = ctx.network(channel);
  // Spend is only tracked where a budget needs it: pricing a draft is not free (URL detection).
  const usd = channel.monthlyBudgetUsd !== undefined ? (def.costUsd?.(draft, channel.options) ?? 0) : 0;
  if (usd <= 0) return { dailyKey: ctx.control.dailyKey(channel.id) };
  const month = monthKey(Date.now(), ctx.config.publication.timezone);
  return { dailyKey: ctx.control.dailyKey(channel.id), spend: { key: ctx.control.spendKey(channel.id, month), usd } };
}

async function processPublish(ctx: AppContext, channel: ChannelConfig, worker: Worker, job: Job<PublishJobData>, token: string | undefined, scrub: Scrubber) {
  const { postId } = job.data;
  const log = scrubbingLogger(ctx.log, { channel: channel.id, postId }, scrub);
  const queue = ctx.publishQueue(channel.id);

  const leaseToken = randomUUID();
  const lease = { token: leaseToken, ms: POST_LEASE_MS };
  const urgent = job.data.urgent === true;
  let outcome = await claimForPublish(ctx, channel, postId, lease, { urgent });
  if ('claim' in outcome && outcome.claim === 'done:pending_approval' && outcome.post?.autoApproveAt && Date.parse(outcome.post.autoApproveAt) <= Date.now()) {
    await ctx.posts.approve(postId);
    log.info('auto-approved after the approval deadline');
    outcome = await claimForPublish(ctx, channel, postId, lease, { urgent });
  }
  if ('wait' in outcome) {
    log.info({ until: new Date(outcome.wait.untilMs).toISOString(), reason: outcome.wait.reason }, 'post waits');
    await afterGateWait(ctx, queue, postId, outcome.wait);
    await job.moveToDelayed(outcome.wait.untilMs, token);
    throw new DelayedError();
  }
  const { claim, post } = outcome;
  if (claim === 'missing') throw new UnrecoverableError(`post ${postId} is not in the ledger`);
  if (claim.startsWith('done:')) return { postId, state: claim.slice(5), published: false };
  if (claim === 'busy') {
    // Another worker holds this post (a stalled job running twice): never race it.
    await job.moveToDelayed(Date.now() + BUSY_RETRY_MS, token);
    throw new DelayedError();
  }
  if (!post) throw new UnrecoverableError(`post ${postId} vanished`);
  const checkpoint = ctx.posts.checkpoint(postId);
  // Only a post that was attempted before can carry the flag (saves a round trip on the common path).
  const triedBefore = post.attempts > 1;
  const afterUnknownOutcome = claim === 'claimed-after-crash' || (triedBefore && (await checkpoint.get(UNKNOWN_FLAG)) === '1');
  const def = ctx.network(channel);
  if (claim === 'claimed-after-crash' && !def.retryAfterUnknownIsSafe && channel.mode === 'live') {
    await ctx.posts.markUnknown(postId, leaseToken, 'a previous attempt stopped mid-request; check the network before retrying');
    return { postId, state: 'unknown', published: false };
  }

  try {
    const receipt = await ctx.publisher(channel).publish(post.draft, {
      postId,
      attempt: job.attemptsMade + 1,
      afterUnknownOutcome,
      checkpoint,
      channelState: ctx.control.state(channel.id),
      signal: AbortSignal.timeout(PUBLISH_TIMEOUT_MS),
      log,
    });
    const stored = receipt.note === undefined ? receipt : { ...receipt, note: scrub(receipt.note) };
    await ctx.posts.markPosted(postId, leaseToken, stored, counters(ctx, channel, post.draft));
    log.info({ remoteId: receipt.remoteId, remoteUrl: receipt.remoteUrl }, 'posted');
    return { postId, state: 'posted', published: true, remoteId: receipt.remoteId };
  } catch (error) {
    const decision = decidePublishFailure({
      error,
      network: channel.network,
      attempt: job.attemptsMade + 1,
      maxAttempts: job.opts.attempts ?? 1,
      rateLimitWaits: Math.max(0, job.attemptsStarted - job.attemptsMade - 1),
      maxRateLimitWaits: ctx.config.workers.maxRateLimitWaits,
      afterUnknownOutcome,
      retryAfterUnknownIsSafe: def.retryAfterUnknownIsSafe,
      nowMs: Date.now(),
      scrub,
    });
    log.warn({ decision }, 'publish failed');
    switch (decision.action) {
      case 'retry':
        if (decision.markUnknown) await checkpoint.set(UNKNOWN_FLAG, '1');
        await ctx.posts.release(postId, leaseToken, decision.message);
        // BullMQ keeps only message and stack (failedReason, stacktrace), both built from the scrubbed message.
        throw new Error(decision.message, { cause: error });
      case 'rate-limit-channel':
        await ctx.posts.release(postId, leaseToken, decision.message);
        await ctx.control.setWaiting(channel.id, decision.message, decision.untilMs);
        await ctx.events.emit({ type: 'channel', channel: channel.id, action: 'rate-limited', reason: decision.message, untilMs: decision.untilMs });
        await queue.rateLimit(decision.untilMs - Date.now());
        throw Worker.RateLimitError();
      case 'delay-post':
        await ctx.posts.release(postId, leaseToken, decision.message);
        await ctx.events.emit({ type: 'channel', channel: channel.id, action: 'rate-limited', reason: decision.message, untilMs: decision.untilMs });
        await job.moveToDelayed(decision.untilMs, token);
        throw new DelayedError();
      case 'halt-channel':
        await ctx.control.setPaused(channel.id, decision.message, decision.message);
        await queue.pause();
        await ctx.events.emit({ type: 'channel', channel: channel.id, action: 'halted', reason: decision.message });
        log.error({ reason: decision.message }, 'channel halted: needs attention (crier resume after fixing)');
        if (decision.keepPost) {
          await ctx.posts.release(postId, leaseToken, decision.message);
          await job.moveToDelayed(Date.now() + 1_000, token);
          throw new DelayedError();
        }
        await ctx.posts.markFailed(postId, leaseToken, decision.message);
        throw new UnrecoverableError(decision.message);
      case 'stop':
        if (decision.ledger === 'posted') {
          await ctx.posts.markPosted(postId, leaseToken, { confirmed: false, note: decision.message }, counters(ctx, channel, post.draft));
          return { postId, state: 'posted', published: true };
        }
        if (decision.ledger === 'skipped') {
          await ctx.posts.markSkipped(postId, leaseToken, decision.message);
          return { postId, state: 'skipped', published: false };
        }
        if (decision.ledger === 'unknown') await ctx.posts.markUnknown(postId, leaseToken, decision.message);
        else await ctx.posts.markFailed(postId, leaseToken, decision.message);
        throw new UnrecoverableError(decision.message);
    }
  }
}
