import type { Redis } from 'ioredis';
import { ledgerKeys } from './keys.js';

/** What ops see per feed (`crier status`, the feed health page) and what the poller needs next time. */
export interface FeedState {
  feedId: string;
  etag?: string;
  lastModified?: string;
  /** Set once the first successful poll marked existing items as seen. */
  initialisedAt?: string;
  lastFetchAt?: string;
  lastSuccessAt?: string;
  /** When the current run of failures began (cleared by a success): the feed is "down since" then. */
  failingSince?: string;
  lastStatus?: number;
  /** 'ok' | 'not-modified' | a FeedFetchError reason. */
  lastOutcome?: string;
  lastError?: string;
  lastDurationMs?: number;
  consecutiveFailures: number;
  /** While failing, polls before this time are skipped (exponential backoff). */
  retryAfter?: string;
  itemsInFeed?: number;
  newItems?: number;
  /** Items of the last read left out for a reason (bad link, nested too deep, unreadable). */
  itemsSkipped?: number;
  /** Items beyond the feed's maxItemsPerPoll at the last read (the oldest). */
  itemsDropped?: number;
  /** What the last read had to work around: charset trouble, refused entities, skipped items. */
  warnings?: string[];
  totalPolls: number;
  totalFailures: number;
  /** The interval the poller chose after the last poll and why ("auto: 45 s, busy hour"): src/feeds/adaptive-interval.ts. */
  pollIntervalSeconds?: number;
  pollIntervalReason?: string;
  /** Scheduler ticks before this (less half a tick) skip without a request: set only when polling slower than the tick. */
  nextPollAt?: string;
}

const NUMERIC = new Set(['lastStatus', 'lastDurationMs', 'consecutiveFailures', 'itemsInFeed', 'newItems', 'itemsSkipped', 'itemsDropped', 'totalPolls', 'totalFailures', 'pollIntervalSeconds']);
const LISTS = new Set(['warnings']);

export function createFeedStateStore(redis: Redis, opts: { prefix: string }) {
  const keys = ledgerKeys(opts.prefix);
  return {
    async get(feedId: string): Promise<FeedState> {
      const h = await redis.hgetall(keys.feed(feedId));
      const state: Record<string, unknown> = { feedId, consecutiveFailures: 0, totalPolls: 0, totalFailures: 0 };
      for (const [k, v] of Object.entries(h)) {
        if (v === '') continue;
        state[k] = NUMERIC.has(k) ? Number(v) : LISTS.has(k) ? parseList(v) : v;
      }
      return state as unknown as FeedState;
    },

    async recordSuccess(feedId: string, fields: Partial<FeedState>): Promise<void> {
      const key = keys.feed(feedId);
      await redis
        .multi()
        .hset(key, toFields({ ...fields, consecutiveFailures: 0, retryAfter: '', lastError: '', failingSince: '' }))
        .hincrby(key, 'totalPolls', 1)
        .exec();
    },

    /** Returns the consecutive failure count after this failure. */
    async recordFailure(feedId: string, fields: Partial<FeedState>, backoff: { baseMs: number; maxMs: number; minDelayMs?: number }): Promise<number> {
      const key = keys.feed(feedId);
      const failures = await redis.hincrby(key, 'consecutiveFailures', 1);
      // A server's own Retry-After (429/503) wins over our schedule when it asks for longer.
      const delayMs = Math.max(backoff.minDelayMs ?? 0, Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.min(failures - 1, 20)));
      await redis
        .multi()
        // A failure with no HTTP answer clears the last success's status (a stale "304" on a dead feed misleads);
        // the first failure of a run is when the feed went down.
        .hset(key, toFields({ lastStatus: '', ...(failures === 1 ? { failingSince: fields.lastFetchAt ?? new Date().toISOString() } : {}), ...fields, retryAfter: new Date(Date.now() + delayMs).toISOString() }))
        .hincrby(key, 'totalPolls', 1)
        .hincrby(key, 'totalFailures', 1)
        .exec();
      return failures;
    },

    /** "Poll now" from the desk or CLI: forget the backoff. */
    async clearBackoff(feedId: string): Promise<void> {
      await redis.hset(keys.feed(feedId), 'retryAfter', '');
    },
  };
}

/** Lists are stored as JSON; an empty list as '' so that `get` leaves the field out. */
function toFields(fields: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (Array.isArray(v)) out[k] = v.length > 0 ? JSON.stringify(v) : '';
    else if (v !== undefined) out[k] = String(v);
  }
  return out;
}

function parseList(value: string): string[] {
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed.filter((entry): entry is string => typeof entry === 'string') : [];
  } catch {
    return [];
  }
}

export type FeedStateStore = ReturnType<typeof createFeedStateStore>;
