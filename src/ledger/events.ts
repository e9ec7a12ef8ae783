import type { Redis } from 'ioredis';
import { ledgerKeys } from './keys.js';

/**
 * Every state change is appended to one capped Redis stream, so any process (the desk's live
 * updates, metrics, charts) sees what every worker process did, without in-process state.
 */
export const EVENTS_MAX_LEN = 50_000;

export type CrierEvent =
  | { type: 'article'; articleKey: string; feedId: string; status: 'new' | 'skipped'; reason?: string }
  /** `state` is the post's new state, or 'edited' when an editor changed only its draft (`by` names them). */
  | { type: 'post'; postId: string; articleKey: string; channel: string; state: string; detail?: string; by?: string; publishedAt?: string; discoveredAt?: string }
  | { type: 'feed'; feedId: string; outcome: string; status?: number; durationMs?: number; error?: string }
  | { type: 'channel'; channel: string; action: 'paused' | 'resumed' | 'rate-limited' | 'halted'; reason?: string; untilMs?: number }
  /** Redis forgot everything (restart without persistence, failover to an empty node): see workers/reconciler.ts. */
  | { type: 'redis'; action: 'data-lost'; lostAfter: string; detectedAt: string; previousMarkerAt: string; feeds: number }
  /** What a person did to a post (approve, skip, retry, post now) and who: the post's history on the desk. */
  | { type: 'action'; postId: string; articleKey: string; channel: string; action: string; by: string; detail?: string };

export function createEventLog(redis: Redis, opts: { prefix: string }) {
  const key = ledgerKeys(opts.prefix).events;
  return {
    key,
    async emit(event: CrierEvent): Promise<void> {
      await redis.xadd(key, 'MAXLEN', '~', EVENTS_MAX_LEN, '*', 'e', JSON.stringify({ ...event, at: new Date().toISOString() }));
    },
    /** Events after `fromId` ('$' = only new ones), waiting up to `blockMs`. Use a dedicated connection when blocking. */
    /** The newest event's id ('0-0' when there is none): where a live reader starts. */
    async lastId(): Promise<string> {
      const last = await redis.xrevrange(key, '+', '-', 'COUNT', 1);
      return last[0]?.[0] ?? '0-0';
    },
    async read(fromId: string, opts2: { count?: number; blockMs?: number; client?: Redis } = {}): Promise<{ id: string; event: CrierEvent & { at: string } }[]> {
      const client = opts2.client ?? redis;
      const res = opts2.blockMs !== undefined
        ? await client.xread('COUNT', opts2.count ?? 500, 'BLOCK', opts2.blockMs, 'STREAMS', key, fromId)
        : await client.xread('COUNT', opts2.count ?? 500, 'STREAMS', key, fromId);
      const entries = res?.[0]?.[1] ?? [];
      return entries.map(([id, fields]) => ({ id, event: JSON.parse(fields[1] ?? '{}') as CrierEvent & { at: string } }));
    },
    /** Events in a time window (for charts): ids are `<ms>-<seq>`. */
    async range(sinceMs: number, untilMs = Date.now(), count = 10_000) {
      const entries = await redis.xrange(key, String(sinceMs), String(untilMs), 'COUNT', count);
      return entries.map(([id, fields]) => ({ id, event: JSON.parse(fields[1] ?? '{}') as CrierEvent & { at: string } }));
    },
  };
}

export type EventLog = ReturnType<typeof createEventLog>;
