import { describe, expect, it } from 'vitest';
import { dataLossMs, firstSightBackfill } from '../../src/reconcile/first-sight.js';

const NOW = Date.parse('2026-11-28T12:00:00Z');
const items = [
  { key: 'old', publishedMs: NOW - 3 * 3_600_000 },
  { key: 'recent', publishedMs: NOW - 600_000 },
  { key: 'newest', publishedMs: NOW - 60_000 },
  { key: 'undated', publishedMs: undefined },
];

describe('first sight of a feed', () => {
  it('a new feed sends its newest `backfill` items', () => {
    expect([...firstSightBackfill(items, 2)].sort()).toEqual(['newest', 'recent']);
    expect(firstSightBackfill(items, 0).size).toBe(0);
  });

  it('after Redis lost its data, sends only items published after the loss, whatever the backfill', () => {
    // The newest items are the ones most likely posted before the loss: none of them again.
    expect([...firstSightBackfill(items, 3, { lossMs: NOW - 120_000, nowMs: NOW })]).toEqual(['newest']);
    expect(firstSightBackfill(items, 3, { lossMs: NOW - 30_000, nowMs: NOW }).size).toBe(0);
  });

  it('after a loss, an undated item or one dated far in the future is not taken for new', () => {
    const future = [...items, { key: 'future', publishedMs: NOW + 86_400_000 }, { key: 'skewed', publishedMs: NOW + 60_000 }];
    expect([...firstSightBackfill(future, 3, { lossMs: NOW - 30_000, nowMs: NOW })]).toEqual(['skewed']);
  });

  it('reads the loss time a feed state carries, ignoring what is not a date', () => {
    expect(dataLossMs('2026-11-28T12:00:00.000Z')).toBe(NOW);
    expect(dataLossMs('not a date')).toBeUndefined();
    expect(dataLossMs(undefined)).toBeUndefined();
  });
});
