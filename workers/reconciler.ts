import { COMPACT_SWEEP_MS, compactSettledStories } from '../src/ledger/compaction.js';
import { ledgerKeys } from '../src/ledger/keys.js';
import { DATA_LOSS_FIELD } from '../src/reconcile/first-sight.js';
import { createRedisMarker, type DataMarker } from '../src/reconcile/redis-marker.js';
import type { AppContext } from './context.js';
import { repairWebsub, websubDeps } from './websub-sync.js';
import { feedsWithoutScheduler, repairChannelPauses, repairOrphanArticles, repairPosts, repairSchedulers } from './reconcile-repairs.js';

/**
 * Makes Redis match the config on every (re)connect and every minute: a Redis restarted empty
 * (no persistence, a managed failover, an evicted node) otherwise leaves Crier connected and
 * idle, its job schedulers gone. It also notices the loss itself (the start-up marker is gone),
 * says so at error level, records it, and marks every feed so its next poll is a first sight
 * that posts nothing old (see src/reconcile/first-sight.ts).
 */
export const RECONCILE_EVERY_MS = 60_000;
/** Long enough for a walk over every waiting post; it expires by itself if its holder dies. */
const LOCK_MS = 30_000;

export interface ReconcileResult {
  ran: boolean;
  dataLost: boolean;
  schedulers: number;
  requeued: number;
  /** Articles recorded but never summarised, queued for summarising. */
  summarised: number;
  pauses: number;
}

export interface Reconciler {
  /** One pass now (the periodic and reconnect passes call this); `ran` false when another process holds the lock. */
  runOnce(): Promise<ReconcileResult>;
  /** The last pass's error, if it failed. */
  lastError(): string | undefined;
  stop(): Promise<void>;
}

export async function startReconciler(ctx: AppContext, opts: { everyMs?: number } = {}): Promise<Reconciler> {
  const everyMs = opts.everyMs ?? RECONCILE_EVERY_MS;
  const log = ctx.log.child({ role: 'reconciler' });
  const marker = createRedisMarker(ctx.redis, ctx.config.redis.prefix);
  let known: DataMarker = await marker.adopt();
  // Data written before the connection dropped is the last that can have been posted from.
  let lastIntactMs = Date.now();
  let disconnectedAtMs: number | undefined;
  let failure: string | undefined;
  let running: Promise<ReconcileResult> | undefined;
  let stopped = false;

  async function onDataLost(next: DataMarker): Promise<void> {
    const detectedAt = new Date().toISOString();
    // Restarted empty: nothing was written after the connection dropped. FLUSHALL: any time up to now.
    const lostAfter = new Date(disconnectedAtMs !== undefined && disconnectedAtMs >= lastIntactMs ? disconnectedAtMs : Date.now()).toISOString();
    log.error({ previousMarkerAt: known.startedAt, lastSeenIntact: new Date(lastIntactMs).toISOString(), detectedAt }, 'Redis lost its data (the start-up marker is gone): re-creating schedulers and jobs; feeds restart from first sight and post nothing published before the loss');
    const keys = ledgerKeys(ctx.config.redis.prefix);
    for (const feed of ctx.config.feeds) {
      const key = keys.feed(feed.id);
      // A poll that already started again after the loss (and marked the feed's items seen) keeps its state.
      if (!(await ctx.redis.hexists(key, 'initialisedAt'))) await ctx.redis.hset(key, DATA_LOSS_FIELD, lostAfter);
    }
    await ctx.events.emit({ type: 'redis', action: 'data-lost', lostAfter, detectedAt, previousMarkerAt: known.startedAt, feeds: ctx.config.feeds.length });
    known = next;
  }

  async function pass(): Promise<ReconcileResult> {
    const result: ReconcileResult = { ran: false, dataLost: false, schedulers: 0, requeued: 0, summarised: 0, pauses: 0 };
    const token = await marker.lock(LOCK_MS);
    if (!token) return result;
    try {
      result.ran = true;
      const check = await marker.check(known);
      if (check.status === 'lost') {
        result.dataLost = true;
        await onDataLost(check.marker);
      } else if (check.status === 'replaced') {
        log.info({ marker: check.marker.startedAt }, 'Redis data marker was replaced by another Crier process (it handled a data loss)');
        known = check.marker;
      }
      lastIntactMs = Date.now();
      disconnectedAtMs = undefined;
      result.schedulers = await repairSchedulers(ctx);
      if (result.schedulers > 0) log.info({ count: result.schedulers }, 'reconciler re-created missing feed schedulers');
      const posts = await repairPosts(ctx);
      result.requeued = posts.requeued + posts.abandonedClaims;
      if (posts.requeued > 0) log.info({ count: posts.requeued }, 'reconciler re-queued queued posts that had no publish job');
      if (posts.abandonedClaims > 0) log.info({ count: posts.abandonedClaims }, 'reconciler re-queued posts left mid-claim with no job (the claim settles them)');
      if (posts.approvalIndexed > 0) log.info({ count: posts.approvalIndexed }, 'reconciler restored posts missing from the approval list');
      if (posts.autoApproveScheduled > 0) log.info({ count: posts.autoApproveScheduled }, 'reconciler re-scheduled approval deadlines');
      result.summarised = await repairOrphanArticles(ctx);
      if (result.summarised > 0) log.info({ count: result.summarised }, 'reconciler queued articles recorded but never summarised');
      result.pauses = await repairChannelPauses(ctx);
      if (result.pauses > 0) log.info({ count: result.pauses }, 'reconciler paused again channel queues the ledger says are paused');
      const websub = await repairWebsub(ctx, websubDeps(ctx));
      if (websub > 0) log.info({ count: websub }, 'reconciler queued WebSub renewals, retries or unsubscribes');
      const compacted = await compactSettledStories(ctx.redis, ctx.config.redis.prefix, { sinceMs: Date.now() - COMPACT_SWEEP_MS });
      if (compacted > 0) log.info({ count: compacted }, 'reconciler compacted settled stories (#18)');
      await marker.beat(everyMs * 3);
      failure = undefined;
    } finally {
      await marker.unlock(token).catch(() => undefined);
    }
    return result;
  }

  const runOnce = (): Promise<ReconcileResult> => {
    // One pass at a time in this process; the Redis lock does the same across processes.
    running ??= pass()
      .catch((err: unknown) => {
        failure = err instanceof Error ? err.message : String(err);
        log.warn({ err: failure }, 'reconcile pass failed (retried on reconnect and every minute)');
        return { ran: false, dataLost: false, schedulers: 0, requeued: 0, summarised: 0, pauses: 0 };
      })
      .finally(() => (running = undefined));
    return running;
  };

  const onReady = () => {
    if (!stopped) void runOnce();
  };
  const onClose = () => {
    disconnectedAtMs ??= Date.now();
  };
  ctx.redis.on('ready', onReady);
  ctx.redis.on('close', onClose);
  const timer = setInterval(onReady, everyMs);
  timer.unref();
  await runOnce();

  return {
    runOnce,
    lastError: () => failure,
    async stop() {
      stopped = true;
      clearInterval(timer);
      ctx.redis.off('ready', onReady);
      ctx.redis.off('close', onClose);
      await running;
    },
  };
}

export interface Readiness {
  ok: boolean;
  reasons: string[];
}

/**
 * For `/readyz`, from any process (the state is in Redis): not ready while a configured feed has
 * no poll scheduler (nothing would ever poll it) or no reconciler finished a pass recently.
 */
export async function pipelineReadiness(ctx: AppContext, reconciler?: Reconciler): Promise<Readiness> {
  const reasons: string[] = [];
  const failed = reconciler?.lastError();
  if (failed) reasons.push(`the reconciler cannot run: ${failed}`);
  const missing = await feedsWithoutScheduler(ctx);
  if (missing.length > 0) reasons.push(`no poll scheduler for feed${missing.length > 1 ? 's' : ''} ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''}`);
  const beat = await createRedisMarker(ctx.redis, ctx.config.redis.prefix).lastBeat();
  if (!beat) reasons.push(`no reconciler pass in the last ${(RECONCILE_EVERY_MS * 3) / 1000} s (is a poller or worker running?)`);
  return { ok: reasons.length === 0, reasons };
}
