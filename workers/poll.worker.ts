import type { Job } from 'bullmq';
import type { FeedConfig } from '../src/config/schema.js';
import { fetchFeed } from '../src/feeds/fetch-feed.js';
import { FeedFetchError } from '../src/feeds/feed-errors.js';
import { feedHealthWarnings } from '../src/feeds/feed-health.js';
import { parseFeed, type ParsedFeed } from '../src/feeds/parse-feed.js';
import type { FeedState } from '../src/ledger/feed-state.js';
import { feedParseOptions, feedToArticles, type FeedArticle } from '../src/feeds/feed-to-articles.js';
import { matchesFilters } from '../src/feeds/filters.js';
import { dataLossMs, firstSightBackfill, type AfterDataLoss } from '../src/reconcile/first-sight.js';
import type { PollJobData } from '../src/queues/jobs.js';
import { contentHash, type RecordStatus } from '../src/ledger/article-ledger.js';
import { isRetractedByFeed } from '../src/lifecycle/correction-policy.js';
import { enqueueLifecycle } from '../src/lifecycle/lifecycle-jobs.js';
import type { AppContext } from './context.js';
import { noteWebsubDiscovery, websubPollFacts } from './websub-sync.js';
import { planNextPoll, pollDueNow } from './poll-schedule.js';

/** First failure waits this long; each further one doubles it, up to `poller.maxBackoffSeconds`. */
const FEED_BACKOFF_BASE_MS = 30_000;

export interface PollOutcome {
  feedId: string;
  /** not-due: an adaptive (or push-backed) feed's tick before its planned poll; no request made. */
  outcome: 'ok' | 'not-modified' | 'failed' | 'backoff' | 'not-due';
  newArticles: number;
  skipped: number;
  error?: string;
}

export function createPollProcessor(ctx: AppContext) {
  return async (job: Job<PollJobData>): Promise<PollOutcome> => {
    const feed = ctx.config.feeds.find((f) => f.id === job.data.feedId);
    if (!feed) return { feedId: job.data.feedId, outcome: 'failed', newArticles: 0, skipped: 0, error: 'feed no longer configured' };
    return pollFeed(ctx, feed, { manual: job.data.manual === true });
  };
}

export async function pollFeed(ctx: AppContext, feed: FeedConfig, opts: { manual?: boolean } = {}): Promise<PollOutcome> {
  const log = ctx.log.child({ feed: feed.id });
  const state = await ctx.feedStates.get(feed.id);
  if (!opts.manual && state.retryAfter && Date.parse(state.retryAfter) > Date.now()) {
    return { feedId: feed.id, outcome: 'backoff', newArticles: 0, skipped: 0 };
  }
  if (!opts.manual && !pollDueNow(feed, state, Date.now())) return { feedId: feed.id, outcome: 'not-due', newArticles: 0, skipped: 0 };
  const started = Date.now();
  const lastFetchAt = new Date(started).toISOString();
  try {
    const res = await fetchFeed({
      url: feed.url,
      ...(state.etag ? { etag: state.etag } : {}),
      ...(state.lastModified ? { lastModified: state.lastModified } : {}),
      timeoutMs: feed.timeoutSeconds * 1000,
      maxBytes: feed.maxBytes,
      userAgent: ctx.config.poller.userAgent,
    });
    if (res.kind === 'not-modified') {
      await ctx.feedStates.recordSuccess(feed.id, { lastFetchAt, lastSuccessAt: lastFetchAt, lastStatus: 304, lastOutcome: 'not-modified', lastDurationMs: Date.now() - started, newItems: 0,
        ...(await planNextPoll(ctx, feed, { res, publishedMs: [], newItems: 0, startedMs: started, ...(await websubPollFacts(ctx, feed.id)) })) });
      await ctx.events.emit({ type: 'feed', feedId: feed.id, outcome: 'not-modified', status: 304, durationMs: Date.now() - started });
      return { feedId: feed.id, outcome: 'not-modified', newArticles: 0, skipped: 0 };
    }
    const parsed = await parseFeed(res.text, feedParseOptions(feed, res.finalUrl));
    if (parsed.skipped.length > 0) log.warn({ skipped: parsed.skipped.slice(0, 20), count: parsed.skipped.length }, 'feed items skipped');
    const { candidates, firstRun, afterLoss, newArticles, skipped } = await takeInParsedFeed(ctx, feed, parsed, state, started);
    await noteWebsubDiscovery(ctx, feed, res, parsed);
    await ctx.feedStates.recordSuccess(feed.id, {
      lastFetchAt,
      lastSuccessAt: lastFetchAt,
      lastStatus: res.status,
      lastOutcome: 'ok',
      lastDurationMs: Date.now() - started,
      itemsInFeed: candidates.length,
      newItems: newArticles,
      itemsSkipped: parsed.skipped.length,
      itemsDropped: parsed.itemsDropped,
      warnings: feedHealthWarnings(res.charsetWarnings, parsed),
      ...(res.etag ? { etag: res.etag } : {}),
      ...(res.lastModified ? { lastModified: res.lastModified } : {}),
      ...(firstRun ? { initialisedAt: lastFetchAt } : {}),
      ...(await planNextPoll(ctx, feed, { res, publishedMs: candidates.map((c) => c.publishedMs), newItems: newArticles, startedMs: started, ...(await websubPollFacts(ctx, feed.id)) })),
    });
    await ctx.events.emit({ type: 'feed', feedId: feed.id, outcome: 'ok', status: res.status, durationMs: Date.now() - started });
    if (newArticles > 0 || firstRun) log.info({ newArticles, skipped, items: candidates.length, firstRun, ...(afterLoss ? { afterDataLoss: true } : {}) }, 'feed polled');
    return { feedId: feed.id, outcome: 'ok', newArticles, skipped };
  } catch (err) {
    const reason = err instanceof FeedFetchError ? err.reason : 'internal';
    const message = err instanceof Error ? err.message : String(err);
    const failures = await ctx.feedStates.recordFailure(
      feed.id,
      { lastFetchAt, lastOutcome: reason, lastError: message, lastDurationMs: Date.now() - started, ...(err instanceof FeedFetchError && err.status ? { lastStatus: err.status } : {}) },
      {
        baseMs: Math.min(FEED_BACKOFF_BASE_MS, feed.intervalSeconds * 1000),
        maxMs: ctx.config.poller.maxBackoffSeconds * 1000,
        ...(err instanceof FeedFetchError && err.retryAfterSeconds ? { minDelayMs: err.retryAfterSeconds * 1000 } : {}),
      },
    );
    await ctx.events.emit({ type: 'feed', feedId: feed.id, outcome: reason, error: message, durationMs: Date.now() - started, ...(err instanceof FeedFetchError && err.status ? { status: err.status } : {}) });
    const level = err instanceof FeedFetchError ? 'warn' : 'error';
    log[level]({ reason, failures, err: message }, 'feed poll failed');
    return { feedId: feed.id, outcome: 'failed', newArticles: 0, skipped: 0, error: message };
  }
}

export interface Intake {
  candidates: FeedArticle[];
  firstRun: boolean;
  afterLoss: AfterDataLoss | undefined;
  newArticles: number;
  skipped: number;
}

/**
 * A read feed → its new articles queued: the one step a poll and a WebSub delivery share, so a
 * pushed story meets the same dedup, filters, age limit and first-sight rules as a polled one.
 * `state` is the feed state read before the fetch (or delivery) started at `startedMs`.
 */
export async function takeInParsedFeed(ctx: AppContext, feed: FeedConfig, parsed: ParsedFeed, state: FeedState, startedMs: number): Promise<Intake> {
  const discoveredAt = new Date();
  const candidates = await feedToArticles(parsed, feed, discoveredAt);
  // Redis may have lost its data since `state` was read (the reconciler marks feeds, but this poll
  // started before): the ledger is empty now, and treating every item as new would flood.
  const lostMidPoll = !!state.initialisedAt && !(await ctx.feedStates.get(feed.id)).initialisedAt;
  const firstRun = !state.initialisedAt || lostMidPoll;
  const lossMs = lostMidPoll ? startedMs : dataLossMs((state as { dataLossAt?: string }).dataLossAt);
  const afterLoss = firstRun && lossMs !== undefined ? { lossMs, nowMs: discoveredAt.getTime() } : undefined;
  const { newArticles, skipped } = await admit(ctx, feed, candidates, firstRun, discoveredAt.getTime(), afterLoss);
  return { candidates, firstRun, afterLoss, newArticles, skipped };
}

/** A story seen before that changed (a correction) or now carries a retraction category: a lifecycle job (#16). */
async function lifecycleChange(ctx: AppContext, articleKey: string, status: 'seen' | 'changed', retracted: boolean, hash: string): Promise<void> {
  if (retracted) {
    const record = await ctx.articles.get(articleKey);
    if (!record?.retractedAt) await enqueueLifecycle(ctx.lifecycleQueue, { kind: 'retract', articleKey, by: 'feed', reason: 'the feed marks it retracted' });
    return;
  }
  if (status !== 'changed') return;
  ctx.log.info({ articleKey }, 'article changed since first seen: correcting its posts');
  await enqueueLifecycle(ctx.lifecycleQueue, { kind: 'article-changed', articleKey, contentHash: hash });
}

/** How many ledger calls a poll sends before it awaits their answers (see admit). */
const RECORD_BURST = 64;

/**
 * Decides, item by item (oldest first, so posts go out in publication order), what is new.
 * First sight of a feed: everything is remembered as seen and only the newest `backfill` items
 * go out (the flood of old items other bots send on first run). Later: items older than
 * `maxAgeHours` are recorded as skipped, never silently dropped. After Redis lost its data, first
 * sight sends only what was published since the loss (src/reconcile/first-sight.ts).
 */
async function admit(ctx: AppContext, feed: FeedConfig, candidates: FeedArticle[], firstRun: boolean, nowMs: number, afterLoss?: AfterDataLoss) {
  // Newest first, then reversed: items without a date (or with the same one) go in reverse feed order,
  // i.e. oldest first for the usual newest-first feed.
  const oldestFirst = [...candidates].sort((a, b) => (b.publishedMs ?? 0) - (a.publishedMs ?? 0)).reverse();
  const sight = candidates.map((c) => ({ key: c.article.key, publishedMs: c.publishedMs }));
  const backfill = firstRun ? firstSightBackfill(sight, feed.backfill, afterLoss) : new Set<string>();
  const decisions = oldestFirst.map((c) => ({ c, seenOnly: firstRun && !backfill.has(c.article.key), ...skipDecision(ctx, feed, c, firstRun, nowMs) }));
  // Ledger calls go out in bursts of RECORD_BURST: one connection keeps them in this order and
  // each is one atomic script, so Redis decides exactly as it would one by one, without ~120 round
  // trips per poll (most items are ones already seen); the burst bounds the request bytes held at
  // once (a feed may allow 10,000 items). Jobs and events follow in the same order below.
  const recorded: ({ status: RecordStatus; articleKey: string } | undefined)[] = [];
  for (let i = 0; i < decisions.length; i += RECORD_BURST) {
    const burst = decisions.slice(i, i + RECORD_BURST).map(({ c, seenOnly, skipReason }) =>
      seenOnly ? ctx.articles.markSeen(c.article, c.identities).then(() => undefined) : ctx.articles.record(c.article, c.identities, skipReason),
    );
    recorded.push(...(await Promise.all(burst)));
  }
  let newArticles = 0;
  let skipped = 0;
  for (const [i, { c, skipReason, retracted }] of decisions.entries()) {
    const outcome = recorded[i];
    if (!outcome) continue; // first sight: remembered as seen, not posted
    const { status, articleKey } = outcome;
    if (status !== 'new') await lifecycleChange(ctx, articleKey, status, retracted, contentHash(c.article));
    if (status !== 'new') continue;
    await ctx.events.emit({ type: 'article', articleKey, feedId: feed.id, status: skipReason ? 'skipped' : 'new', ...(skipReason ? { reason: skipReason } : {}) });
    if (skipReason) {
      skipped++;
      continue;
    }
    await ctx.summariseQueue.add('summarise', { articleKey, feedId: feed.id }, { jobId: articleKey });
    newArticles++;
  }
  return { newArticles, skipped };
}

/** Why a new item is recorded as skipped rather than posted (undefined: it goes out). */
function skipDecision(ctx: AppContext, feed: FeedConfig, c: FeedArticle, firstRun: boolean, nowMs: number): { skipReason?: string; retracted: boolean } {
  const retracted = isRetractedByFeed(c.article.categories, ctx.config.lifecycle.retractCategories);
  if (retracted) return { skipReason: 'retracted in the feed', retracted };
  const filter = matchesFilters(c.article, feed.filters);
  if (!filter.ok) return { skipReason: `filtered: ${filter.reason}`, retracted };
  if (!firstRun && c.publishedMs !== undefined && nowMs - c.publishedMs > feed.maxAgeHours * 3_600_000) {
    return { skipReason: `older than ${feed.maxAgeHours} h (published ${new Date(c.publishedMs).toISOString()})`, retracted };
  }
  return { retracted };
}
