import { z } from 'zod';

/**
 * A feed's poll interval: seconds, or `auto` (adaptive polling, src/feeds/adaptive-interval.ts)
 * between `minIntervalSeconds` and `maxIntervalSeconds`. Spread into the feed schema, checked by
 * `checkAdaptiveInterval` and normalised by `withAdaptiveInterval`, so the rest of Crier keeps a
 * numeric `intervalSeconds` (for an adaptive feed: its minimum, the scheduler's tick).
 */
export const DEFAULT_MIN_INTERVAL_SECONDS = 60;
export const DEFAULT_MAX_INTERVAL_SECONDS = 1_800;
/** A week: a feed polled less often than that is not being followed. */
const MAX_INTERVAL_SECONDS = 7 * 86_400;

const seconds = z.number().int().min(1).max(MAX_INTERVAL_SECONDS);

export const adaptiveIntervalFields = {
  intervalSeconds: z
    .union([seconds, z.literal('auto')], { error: 'expected a whole number of seconds (1 to 604800) or "auto"' })
    .default(60),
  /** With `intervalSeconds: auto`: the fastest polling (busy hours). Default 60. */
  minIntervalSeconds: seconds.optional(),
  /** With `intervalSeconds: auto`: the slowest polling (quiet hours, and the cap on what feeds ask). Default 1800. */
  maxIntervalSeconds: seconds.optional(),
};

interface IntervalFields {
  intervalSeconds: number | 'auto';
  minIntervalSeconds?: number | undefined;
  maxIntervalSeconds?: number | undefined;
}

export function checkAdaptiveInterval(feed: IntervalFields, ctx: z.RefinementCtx): void {
  if (feed.intervalSeconds !== 'auto') {
    for (const key of ['minIntervalSeconds', 'maxIntervalSeconds'] as const) {
      if (feed[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: `${key} applies only with intervalSeconds: auto` });
    }
    return;
  }
  const min = feed.minIntervalSeconds ?? DEFAULT_MIN_INTERVAL_SECONDS;
  const max = feed.maxIntervalSeconds ?? DEFAULT_MAX_INTERVAL_SECONDS;
  if (min > max) {
    ctx.addIssue({ code: 'custom', path: ['minIntervalSeconds'], message: `minIntervalSeconds (${min}) must not exceed maxIntervalSeconds (${max})` });
  }
}

export type AdaptiveFeedFields<T extends IntervalFields> = Omit<T, 'intervalSeconds' | 'minIntervalSeconds' | 'maxIntervalSeconds'> & {
  intervalSeconds: number;
  adaptive?: { minIntervalSeconds: number; maxIntervalSeconds: number };
};

export function withAdaptiveInterval<T extends IntervalFields>(feed: T): AdaptiveFeedFields<T> {
  const { intervalSeconds, minIntervalSeconds, maxIntervalSeconds, ...rest } = feed;
  if (intervalSeconds !== 'auto') return { ...rest, intervalSeconds };
  const adaptive = {
    minIntervalSeconds: minIntervalSeconds ?? DEFAULT_MIN_INTERVAL_SECONDS,
    maxIntervalSeconds: maxIntervalSeconds ?? DEFAULT_MAX_INTERVAL_SECONDS,
  };
  return { ...rest, intervalSeconds: adaptive.minIntervalSeconds, adaptive };
}
