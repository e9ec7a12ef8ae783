import { describe, expect, it } from 'vitest';
import {
  busyShare,
  decidePollInterval,
  emptyCounts,
  newPublications,
  hourOfWeek,
  learnableHours,
  LEARNING_OBSERVATIONS,
  pollIsDue,
} from '../../src/feeds/adaptive-interval.js';

const HOUR_MS = 3_600_000;
const WEEK_MS = 168 * HOUR_MS;
/** Monday 2026-11-23 09:30 UTC. */
const MONDAY_0930 = Date.UTC(2026, 10, 23, 9, 30);
const bounds = { minIntervalSeconds: 30, maxIntervalSeconds: 1_800 };

/** A newsroom that publishes at 09:00–10:00 on weekdays, four stories a day, for four weeks. */
function weekdayMorningCounts(): number[] {
  const published: number[] = [];
  for (let week = 1; week <= 4; week++) {
    for (let day = 0; day < 5; day++) {
      for (let n = 0; n < 4; n++) published.push(MONDAY_0930 - week * WEEK_MS + day * 24 * HOUR_MS + n * 60_000);
    }
  }
  const counts = emptyCounts();
  for (const h of learnableHours(published, MONDAY_0930)) counts[h] = (counts[h] ?? 0) + 1;
  return counts;
}

describe('hour-of-week histogram', () => {
  it('places a time in its UTC hour of the week (Sunday 00:00 is 0)', () => {
    expect(hourOfWeek(Date.UTC(2026, 10, 22, 0, 10))).toBe(0);
    expect(hourOfWeek(MONDAY_0930)).toBe(24 + 9);
    expect(hourOfWeek(Date.UTC(2026, 10, 28, 23, 59))).toBe(167);
  });

  it('learns from past dates only: the future and the long-ago are ignored', () => {
    const hours = learnableHours([MONDAY_0930 - HOUR_MS, MONDAY_0930 + 30 * 86_400_000, MONDAY_0930 - 200 * 86_400_000, Number.NaN], MONDAY_0930);
    expect(hours).toEqual([24 + 8]);
  });

  it('counts each story once: only dates after the high-water mark, future dates never move it', () => {
    const first = newPublications([MONDAY_0930 - HOUR_MS, MONDAY_0930 - 2 * HOUR_MS, undefined, MONDAY_0930 + 400 * 86_400_000], undefined, 0, MONDAY_0930);
    expect(first).toEqual({ hours: [32, 31], learnedUntilMs: MONDAY_0930 - HOUR_MS });
    expect(newPublications([MONDAY_0930 - HOUR_MS, MONDAY_0930 - 60_000], first.learnedUntilMs, 0, MONDAY_0930).hours).toEqual([33]);
    expect(newPublications([undefined, undefined], first.learnedUntilMs, 2, MONDAY_0930)).toEqual({ hours: [33, 33], learnedUntilMs: first.learnedUntilMs });
  });

  it('rates the busiest hour 1 and an hour with no stories nearby 0', () => {
    const counts = weekdayMorningCounts();
    expect(busyShare(counts, 24 + 9)).toBe(1);
    expect(busyShare(counts, 24 + 3)).toBe(0);
  });
});

describe('decidePollInterval', () => {
  it('polls at the minimum in a busy hour and at the maximum in a quiet one', () => {
    const counts = weekdayMorningCounts();
    expect(decidePollInterval({ intervalSeconds: 30, adaptive: bounds, counts, nowMs: MONDAY_0930 })).toEqual({ seconds: 30, reason: 'auto: 30 s, busy hour' });
    const night = decidePollInterval({ intervalSeconds: 30, adaptive: bounds, counts, nowMs: MONDAY_0930 - 6 * HOUR_MS });
    expect(night).toEqual({ seconds: 1_800, reason: 'auto: 1800 s, quiet hour' });
  });

  it('interpolates between min and max at the edge of the busy hours', () => {
    const counts = emptyCounts();
    counts[33] = 100;
    counts[34] = 30;
    const edge = decidePollInterval({ intervalSeconds: 30, adaptive: bounds, counts, nowMs: Date.UTC(2026, 10, 23, 11, 5) });
    expect(edge.seconds).toBeGreaterThan(30);
    expect(edge.seconds).toBeLessThan(1_800);
    expect(edge.reason).toContain('usual hour');
  });

  it('stays at the minimum while learning and right after new items', () => {
    const few = emptyCounts();
    few[0] = LEARNING_OBSERVATIONS - 1;
    expect(decidePollInterval({ intervalSeconds: 30, adaptive: bounds, counts: few, nowMs: MONDAY_0930 }).reason).toContain('learning (7 of 8');
    const quiet = decidePollInterval({ intervalSeconds: 30, adaptive: bounds, counts: weekdayMorningCounts(), nowMs: MONDAY_0930 - 6 * HOUR_MS, justPublished: true });
    expect(quiet).toEqual({ seconds: 30, reason: 'auto: 30 s, new items just now' });
  });

  it('never leaves [min, max], whatever the histogram holds', () => {
    const wild = emptyCounts().map((_, i) => (i % 7) * 1e9);
    for (let h = 0; h < 168; h++) {
      const { seconds } = decidePollInterval({ intervalSeconds: 30, adaptive: bounds, counts: wild, nowMs: Date.UTC(2026, 10, 22) + h * HOUR_MS });
      expect(seconds).toBeGreaterThanOrEqual(30);
      expect(seconds).toBeLessThanOrEqual(1_800);
    }
  });

  it('lets Cache-Control, Retry-After, <ttl> and <sy:updatePeriod> lengthen the interval, capped at the maximum', () => {
    const counts = weekdayMorningCounts();
    const at = (hints: object) => decidePollInterval({ intervalSeconds: 30, adaptive: bounds, counts, nowMs: MONDAY_0930, hints });
    expect(at({ cacheMaxAgeSeconds: 300 })).toEqual({ seconds: 300, reason: 'auto: 300 s, Cache-Control max-age asks 300 s (busy hour)' });
    expect(at({ retryAfterSeconds: 120, ttlSeconds: 600 }).reason).toContain('<ttl> asks 600 s');
    expect(at({ updatePeriodSeconds: 86_400 })).toMatchObject({ seconds: 1_800 });
    expect(at({ cacheMaxAgeSeconds: 10 })).toEqual({ seconds: 30, reason: 'auto: 30 s, busy hour' });
  });

  it('keeps a fixed interval as set, and a push subscription turns polling into a safety net', () => {
    expect(decidePollInterval({ intervalSeconds: 60, hints: { ttlSeconds: 3_600 }, nowMs: MONDAY_0930 })).toEqual({ seconds: 60, reason: 'fixed: 60 s' });
    expect(decidePollInterval({ intervalSeconds: 60, adaptive: bounds, pushFallbackSeconds: 900, nowMs: MONDAY_0930 }).seconds).toBe(900);
  });
});

describe('pollIsDue', () => {
  it('is due without a plan, and from half a tick before the planned time', () => {
    expect(pollIsDue(undefined, 0, 30)).toBe(true);
    expect(pollIsDue(100_000, 84_000, 30)).toBe(false);
    expect(pollIsDue(100_000, 85_000, 30)).toBe(true);
  });
});
