import type { Redis } from 'ioredis';
import { emptyCounts, HOURS_PER_WEEK } from '../feeds/adaptive-interval.js';
import { ledgerKeys } from './keys.js';

/**
 * When a feed publishes, for adaptive polling: one small hash per feed, fields "0".."167" (hour of
 * the week, UTC) holding story counts, plus `total` and `learnedUntilMs` (the newest publication
 * date already counted, so a story is counted once however many polls see it).
 */
export interface PublishHours {
  counts: number[];
  total: number;
  learnedUntilMs?: number;
}

/** Past this many stories, every count is halved: the pattern follows the newsroom's current habits. */
const DECAY_AT_TOTAL = 4_000;

export function createPublishHoursStore(redis: Redis, opts: { prefix: string }) {
  const keys = ledgerKeys(opts.prefix);
  return {
    async get(feedId: string): Promise<PublishHours> {
      return toPublishHours(await redis.hgetall(keys.feedPublishHours(feedId)));
    },

    /** Counts these hours of the week and moves the high-water mark; returns the new state. */
    async learn(feedId: string, hours: readonly number[], learnedUntilMs: number): Promise<PublishHours> {
      const key = keys.feedPublishHours(feedId);
      const tx = redis.multi();
      const byHour = new Map<number, number>();
      for (const h of hours) if (Number.isInteger(h) && h >= 0 && h < HOURS_PER_WEEK) byHour.set(h, (byHour.get(h) ?? 0) + 1);
      for (const [h, n] of byHour) tx.hincrby(key, String(h), n);
      const added = [...byHour.values()].reduce((sum, n) => sum + n, 0);
      tx.hincrby(key, 'total', added);
      tx.hset(key, 'learnedUntilMs', String(learnedUntilMs));
      await tx.exec();
      const state = await this.get(feedId);
      if (state.total <= DECAY_AT_TOTAL) return state;
      const halved = state.counts.map((n) => Math.floor(n / 2));
      const fields: Record<string, string> = { total: String(halved.reduce((sum, n) => sum + n, 0)) };
      halved.forEach((n, h) => (fields[String(h)] = String(n)));
      await redis.hset(key, fields);
      return { ...state, counts: halved, total: Number(fields.total) };
    },

    async clear(feedId: string): Promise<void> {
      await redis.del(keys.feedPublishHours(feedId));
    },
  };
}

function toPublishHours(hash: Record<string, string>): PublishHours {
  const counts = emptyCounts();
  for (let h = 0; h < HOURS_PER_WEEK; h++) {
    const n = Number(hash[String(h)] ?? 0);
    counts[h] = Number.isFinite(n) && n > 0 ? n : 0;
  }
  const learned = Number(hash.learnedUntilMs);
  return { counts, total: counts.reduce((sum, n) => sum + n, 0), ...(Number.isFinite(learned) && hash.learnedUntilMs ? { learnedUntilMs: learned } : {}) };
}

export type PublishHoursStore = ReturnType<typeof createPublishHoursStore>;
