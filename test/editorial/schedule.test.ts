import { describe, expect, it } from 'vitest';
import { monthKey, nextDayStartMs, nextMonthStartMs, quietHoursEndMs } from '../../src/editorial/schedule.js';

const at = (iso: string) => Date.parse(iso);

describe('schedule', () => {
  it('next local midnight, in the publication time zone', () => {
    // 23:30 in Karachi (UTC+5) is 18:30 UTC; midnight Karachi = 19:00 UTC.
    expect(new Date(nextDayStartMs(new Date(at('2026-01-30T18:30:00Z')), 'Asia/Karachi')).toISOString()).toBe('2026-01-30T19:00:00.000Z');
    expect(new Date(nextDayStartMs(new Date(at('2026-01-30T18:30:00Z')), 'UTC')).toISOString()).toBe('2026-01-31T00:00:00.000Z');
  });

  it('months', () => {
    expect(monthKey(at('2026-01-31T20:00:00Z'), 'Asia/Karachi')).toBe('2026-02');
    expect(new Date(nextMonthStartMs(at('2026-02-10T12:00:00Z'), 'UTC')).toISOString()).toBe('2026-03-01T00:00:00.000Z');
    expect(new Date(nextMonthStartMs(at('2026-12-31T23:00:00Z'), 'UTC')).toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });

  it.each([
    ['inside a same-day window', '2026-03-01T03:00:00Z', '01:00-06:00', '2026-03-01T06:00:00.000Z'],
    ['before the window', '2026-03-01T00:30:00Z', '01:00-06:00', undefined],
    ['at the end (exclusive)', '2026-03-01T06:00:00Z', '01:00-06:00', undefined],
    ['window over midnight, late evening', '2026-03-01T23:00:00Z', '22:00-06:00', '2026-03-02T06:00:00.000Z'],
    ['window over midnight, early morning', '2026-03-02T02:00:00Z', '22:00-06:00', '2026-03-02T06:00:00.000Z'],
  ])('quiet hours: %s', (_n, now, range, expected) => {
    const end = quietHoursEndMs(at(now), range, 'UTC');
    expect(end === undefined ? undefined : new Date(end).toISOString()).toBe(expected);
  });

  it('quiet hours use the publication time zone', () => {
    // 02:00 in Karachi = 21:00 UTC the day before.
    expect(new Date(quietHoursEndMs(at('2026-03-01T21:00:00Z'), '01:00-06:00', 'Asia/Karachi') ?? 0).toISOString()).toBe('2026-03-02T01:00:00.000Z');
  });
});
