import type { FeedConfig } from '../src/config/schema.js';
import { cacheMaxAgeSeconds, feedTimingHints, successRetryAfterSeconds, type PollHints } from '../src/feeds/adaptive-hints.js';
import { decidePollInterval, newPublications, pollIsDue } from '../src/feeds/adaptive-interval.js';
import type { FetchResult } from '../src/feeds/fetch-feed.js';
import type { FeedState } from '../src/ledger/feed-state.js';
import { createPublishHoursStore } from '../src/ledger/publish-hours.js';
import type { AppContext } from './context.js';

/**
 * When a feed is polled next (#17). The BullMQ scheduler ticks every `intervalSeconds` (for an
 * adaptive feed: its minimum); a tick before `nextPollAt` returns without a request. The decision
 * itself is `decidePollInterval` (src/feeds/adaptive-interval.ts), shared with the WebSub fallback.
 */
export interface PollFacts {
  res: FetchResult;
  /** Publication dates of the items read (undefined: the item has none). */
  publishedMs: readonly (number | undefined)[];
  /** Items this poll admitted as new. */
  newItems: number;
  startedMs: number;
  /** While a WebSub subscription is active: poll only as a safety net at this interval. */
  pushFallbackSeconds?: number;
}

export type PollPlan = Required<Pick<FeedState, 'pollIntervalSeconds' | 'pollIntervalReason' | 'nextPollAt'>>;

/** Whether a scheduler tick should fetch (manual polls, the desk's and the CMS hook's, always do). */
export function pollDueNow(feed: FeedConfig, state: FeedState, nowMs: number): boolean {
  return pollIsDue(state.nextPollAt ? Date.parse(state.nextPollAt) : undefined, nowMs, feed.intervalSeconds);
}

export function pollHints(res: FetchResult, nowMs: number): PollHints {
  const hints: PollHints = res.kind === 'ok' ? feedTimingHints(res.text) : {};
  const maxAge = cacheMaxAgeSeconds(res.cacheControl);
  const retryAfter = successRetryAfterSeconds(res.retryAfter, nowMs);
  if (maxAge !== undefined) hints.cacheMaxAgeSeconds = maxAge;
  if (retryAfter !== undefined) hints.retryAfterSeconds = retryAfter;
  return hints;
}

/** Learns from this poll (adaptive feeds only: a 304 teaches nothing) and returns the counts by hour of the week. */
async function learnedCounts(ctx: AppContext, feed: FeedConfig, facts: PollFacts): Promise<number[]> {
  const store = createPublishHoursStore(ctx.redis, { prefix: ctx.config.redis.prefix });
  const before = await store.get(feed.id);
  if (facts.res.kind === 'not-modified') return before.counts;
  // A feed without dates: its new items count at the hour Crier saw them.
  const newUndated = facts.publishedMs.every((ms) => ms === undefined) ? facts.newItems : 0;
  const learned = newPublications(facts.publishedMs, before.learnedUntilMs, newUndated, facts.startedMs);
  if (learned.hours.length === 0) return before.counts;
  return (await store.learn(feed.id, learned.hours, learned.learnedUntilMs)).counts;
}

/** The plan stored on the feed state: the interval, why, and (only when slower than the tick) when the next fetch is due. */
export async function planNextPoll(ctx: AppContext, feed: FeedConfig, facts: PollFacts): Promise<PollPlan> {
  const decision = decidePollInterval({
    intervalSeconds: feed.intervalSeconds,
    adaptive: feed.adaptive,
    counts: feed.adaptive ? await learnedCounts(ctx, feed, facts) : undefined,
    hints: pollHints(facts.res, facts.startedMs),
    justPublished: facts.newItems > 0,
    pushFallbackSeconds: facts.pushFallbackSeconds,
    nowMs: facts.startedMs,
  });
  const slower = decision.seconds > feed.intervalSeconds;
  return {
    pollIntervalSeconds: decision.seconds,
    pollIntervalReason: decision.reason,
    // '' clears the field (feed-state.ts leaves empty values out), so every tick polls again.
    nextPollAt: slower ? new Date(facts.startedMs + decision.seconds * 1000).toISOString() : '',
  };
}
