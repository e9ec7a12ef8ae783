import { Worker } from 'bullmq';
import type { Config } from '../src/config/load-config.js';
import { feedSchedulerId, POLL_QUEUE, SUMMARISE_QUEUE } from '../src/queues/names.js';
import type { PollJobData, SummariseJobData } from '../src/queues/jobs.js';
import type { Logger } from '../src/shared/logger.js';
import { watchRedisOutage } from '../src/shared/redis-outage.js';
import type { Summariser } from '../src/summaries/summary.js';
import { createAppContext, type AppContext } from './context.js';
import { createPollProcessor } from './poll.worker.js';
import { startWebsubWorker } from './websub.worker.js';
import { createPublishWorker } from './publish.worker.js';
import { createLifecycleWorker } from './lifecycle.worker.js';
import { startReconciler, type Reconciler } from './reconciler.js';
import { startAlerts, type AlertsRunner } from './alerts.worker.js';
import { startCredentialChecks, type CredentialChecks } from './credentials.worker.js';
import { createSummariseProcessor } from './summarise.worker.js';

export type Role = 'poller' | 'worker';

export interface Running {
  ctx: AppContext;
  workers: Worker[];
  /** Keeps Redis matching the config (schedulers, jobs of waiting posts, pauses) and notices a Redis that lost its data. */
  reconciler: Reconciler;
  /** Poller role (#16): alerts (absent without `alerts:`) and the daily credentials-expiry checks. */
  alerts?: AlertsRunner;
  credentials?: CredentialChecks;
  stop(): Promise<void>;
}

const PRUNE_EVERY_MS = 3_600_000;

/** Registers one job scheduler per feed (idempotent across processes) and drops those of removed feeds. */
export async function syncFeedSchedulers(ctx: AppContext): Promise<void> {
  const wanted = new Map(ctx.config.feeds.map((f) => [feedSchedulerId(f.id), f]));
  for (const [id, feed] of wanted) {
    // Polls are frequent and their outcome lives in the feed state: keep only a short job history.
    await ctx.pollQueue.upsertJobScheduler(id, { every: feed.intervalSeconds * 1000 }, {
      name: 'poll',
      data: { feedId: feed.id },
      opts: { attempts: 1, removeOnComplete: { age: 3_600, count: 1_000 }, removeOnFail: { age: 86_400, count: 1_000 } },
    });
  }
  for (const s of await ctx.pollQueue.getJobSchedulers(0, -1)) {
    if (s.key && !wanted.has(s.key)) {
      await ctx.pollQueue.removeJobScheduler(s.key);
      ctx.log.info({ scheduler: s.key }, 'removed scheduler of a feed no longer configured');
    }
  }
}

/** BullMQ's own production advice: AOF on, and never evict (an evicted job is a lost story). */
export async function warnAboutRedisDurability(ctx: AppContext): Promise<string[]> {
  const warnings: string[] = [];
  try {
    const persistence = await ctx.redis.info('persistence');
    if (/aof_enabled:0/.test(persistence)) warnings.push('Redis has AOF off: a Redis crash can lose queued stories (set appendonly yes)');
    const memory = await ctx.redis.info('memory');
    const policy = /maxmemory_policy:(\S+)/.exec(memory)?.[1];
    if (policy && policy !== 'noeviction') warnings.push(`Redis maxmemory-policy is ${policy}: set noeviction, or Redis may evict queued jobs`);
  } catch (err) {
    warnings.push(`cannot read Redis INFO: ${(err as Error).message}`);
  }
  for (const w of warnings) ctx.log.warn(w);
  return warnings;
}

export async function startRoles(config: Config, log: Logger, roles: readonly Role[], opts: { summariser?: Summariser } = {}): Promise<Running> {
  const ctx = createAppContext(config, log, opts);
  await warnAboutRedisDurability(ctx);
  const workers: Worker[] = [];
  const prefix = config.redis.prefix;
  const outage = watchRedisOutage(ctx.redis, log);
  const onError = (name: string) => (err: Error) => outage.report(err, 'worker error', { worker: name });

  if (roles.includes('worker')) {
    const summarise = new Worker<SummariseJobData>(SUMMARISE_QUEUE, createSummariseProcessor(ctx), {
      connection: ctx.connection,
      prefix,
      concurrency: config.workers.summariseConcurrency,
    });
    summarise.on('error', onError('summarise'));
    summarise.on('failed', (job, err) => log.error({ articleKey: job?.data.articleKey, err: err.message }, 'summarise failed'));
    workers.push(summarise);
    for (const channel of config.channels.filter((c) => c.enabled)) workers.push(createPublishWorker(ctx, channel));
    workers.push(createLifecycleWorker(ctx));
    const modes = config.channels.filter((c) => c.enabled).map((c) => `${c.id}:${c.mode}`);
    log.info({ channels: modes }, 'publish workers started');
  }
  let pruneTimer: NodeJS.Timeout | undefined;
  let alerts: AlertsRunner | undefined;
  let credentials: CredentialChecks | undefined;
  if (roles.includes('poller')) {
    await syncFeedSchedulers(ctx);
    const poll = new Worker<PollJobData>(POLL_QUEUE, createPollProcessor(ctx), {
      connection: ctx.connection,
      prefix,
      // One slow feed must never delay another: each poll has its own timeout and slot.
      concurrency: config.poller.concurrency,
    });
    poll.on('error', onError('poll'));
    workers.push(poll);
    // WebSub deliveries, (re)subscriptions and unsubscriptions, beside the polls they stand in for.
    workers.push(startWebsubWorker(ctx).worker);
    pruneTimer = setInterval(() => void ctx.articles.prune().catch((err: Error) => log.warn({ err: err.message }, 'prune failed')), PRUNE_EVERY_MS);
    pruneTimer.unref();
    log.info({ feeds: config.feeds.map((f) => `${f.id} every ${f.intervalSeconds}s`) }, 'poller started');
    alerts = startAlerts(ctx);
    credentials = startCredentialChecks(ctx);
  }

  const reconciler = await startReconciler(ctx);
  let stopping: Promise<void> | undefined;
  return {
    ctx,
    workers,
    reconciler,
    ...(alerts ? { alerts } : {}),
    ...(credentials ? { credentials } : {}),
    stop() {
      stopping ??= (async () => {
        if (pruneTimer) clearInterval(pruneTimer);
        credentials?.stop();
        await alerts?.stop();
        await reconciler.stop();
        // worker.close() waits for active jobs without a deadline; give them the grace period, then force.
        const graceful = Promise.allSettled(workers.map((w) => w.close()));
        const deadline = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), config.workers.shutdownGraceMs).unref());
        if ((await Promise.race([graceful, deadline])) === 'timeout') {
          log.warn('active jobs did not finish in time; forcing close (they will be retried)');
          await Promise.allSettled(workers.map((w) => w.close(true)));
        }
        await ctx.close();
      })();
      return stopping;
    },
  };
}
