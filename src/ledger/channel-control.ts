import type { Redis } from 'ioredis';
import { ledgerKeys } from './keys.js';

/**
 * Per-channel operational state that must be shared by every worker process: why a channel is
 * halted (auth failure, credits depleted, editor kill switch) and how many posts went out today.
 * The actual stop is BullMQ's queue pause, which every worker honours within its next fetch.
 */
export interface ChannelStatus {
  channel: string;
  paused: boolean;
  pausedReason?: string;
  pausedAt?: string;
  /** Set when a human must act (revoked token, missing permission, no credits). */
  attention?: string;
  /** The network asked the whole channel to wait (429, quota, a policy block), until this time. */
  waitingUntil?: string;
  waitReason?: string;
  postedToday: number;
}

/** Intl formatters are expensive to build and this runs for every post: one per time zone. */
const dayFormatters = new Map<string, Intl.DateTimeFormat>();

export function dayKey(date: Date, timeZone = 'UTC'): string {
  let f = dayFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormatters.set(timeZone, f);
  }
  return f.format(date);
}

export function createChannelControl(redis: Redis, opts: { prefix: string; timeZone?: string }) {
  const keys = ledgerKeys(opts.prefix);
  const tz = opts.timeZone ?? 'UTC';
  return {
    spendKey: (channel: string, month: string) => keys.channelSpend(channel, month),

    async monthlySpendUsd(channel: string, month: string): Promise<number> {
      return Number((await redis.get(keys.channelSpend(channel, month))) ?? 0);
    },


    dailyKey: (channel: string, now = new Date()) => keys.channelDaily(channel, dayKey(now, tz)),

    async postedToday(channel: string, now = new Date()): Promise<number> {
      return Number((await redis.get(keys.channelDaily(channel, dayKey(now, tz)))) ?? 0);
    },

    async setPaused(channel: string, reason: string, attention?: string): Promise<void> {
      await redis.hset(keys.channel(channel), {
        paused: '1',
        pausedReason: reason,
        pausedAt: new Date().toISOString(),
        ...(attention ? { attention } : {}),
      });
    },

    /** What the network said when it made the channel wait: shown on the desk and in `crier status` until then. */
    async setWaiting(channel: string, reason: string, untilMs: number): Promise<void> {
      await redis.hset(keys.channel(channel), { waitReason: reason, waitingUntil: new Date(untilMs).toISOString() });
    },

    async clearPaused(channel: string): Promise<void> {
      await redis.hdel(keys.channel(channel), 'paused', 'pausedReason', 'pausedAt', 'attention');
    },

    async status(channel: string, now = new Date()): Promise<ChannelStatus> {
      const [h, today] = await Promise.all([redis.hgetall(keys.channel(channel)), this.postedToday(channel, now)]);
      return {
        channel,
        paused: h.paused === '1',
        ...(h.pausedReason ? { pausedReason: h.pausedReason } : {}),
        ...(h.pausedAt ? { pausedAt: h.pausedAt } : {}),
        ...(h.attention ? { attention: h.attention } : {}),
        ...(h.waitingUntil && Date.parse(h.waitingUntil) > now.getTime() ? { waitingUntil: h.waitingUntil, ...(h.waitReason ? { waitReason: h.waitReason } : {}) } : {}),
        postedToday: today,
      };
    },

    /** Channel-wide key/value state for publishers (sessions, discovered limits); one key each so TTLs work on Redis 7.0. */
    state(channel: string) {
      const key = (name: string) => `${keys.channelState(channel)}:${name}`;
      return {
        get: (name: string) => redis.get(key(name)),
        set: async (name: string, value: string, ttlSeconds?: number) => {
          if (ttlSeconds) await redis.set(key(name), value, 'EX', ttlSeconds);
          else await redis.set(key(name), value);
        },
      };
    },
  };
}

export type ChannelControl = ReturnType<typeof createChannelControl>;
