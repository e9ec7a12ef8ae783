import { describe, expect, it } from 'vitest';
import { parseLocalTime, zonedTimeMs } from '../../src/editorial/schedule.js';

/** "Schedule for" times an editor types, read in the publication's zone (issue #15). */
describe('parseLocalTime', () => {
  const now = Date.UTC(2026, 10, 28, 14, 0); // 28 Nov 2026 14:00 UTC = 19:00 in Karachi (UTC+5)

  it('reads HH:MM as the next such time in the zone, today or tomorrow', () => {
    expect(parseLocalTime('15:00', 'UTC', now)).toBe(Date.UTC(2026, 10, 28, 15, 0));
    expect(parseLocalTime('13:00', 'UTC', now)).toBe(Date.UTC(2026, 10, 29, 13, 0));
    expect(parseLocalTime('20:30', 'Asia/Karachi', now)).toBe(Date.UTC(2026, 10, 28, 15, 30));
    expect(parseLocalTime('9:05', 'Asia/Karachi', now)).toBe(Date.UTC(2026, 10, 29, 4, 5));
  });

  it('reads a datetime-local value, across a DST change', () => {
    expect(parseLocalTime('2026-11-29T15:00', 'Europe/London', now)).toBe(Date.UTC(2026, 10, 29, 15, 0));
    expect(parseLocalTime('2026-07-01 15:00', 'Europe/London', now)).toBe(Date.UTC(2026, 6, 1, 14, 0));
    expect(zonedTimeMs(2026, 3, 29, 3, 0, 'Europe/London')).toBe(Date.UTC(2026, 2, 29, 2, 0));
  });

  it('refuses what it cannot read, without backtracking on long input', () => {
    for (const bad of ['', 'soon', '25:00', '12:60', '2026-13-01T10:00', '1'.repeat(100_000)]) expect(parseLocalTime(bad, 'UTC', now), bad.slice(0, 20)).toBeUndefined();
  });
});
