import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFeedStateStore } from '../../src/ledger/feed-state.js';
import { deletePrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.js';

/** A failing feed says since when it is down and drops the last success's HTTP status (issue #15). */
describe('feed state: down since, no stale status', () => {
  const prefix = uniquePrefix('feed-state');
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(TEST_REDIS_URL);
  });
  afterAll(async () => {
    redis.disconnect();
    await deletePrefix(prefix);
  });

  it('records the first failure of a run as failingSince, keeps it through later failures and clears it on success', async () => {
    const store = createFeedStateStore(redis, { prefix });
    const backoff = { baseMs: 1_000, maxMs: 1_000 };
    await store.recordSuccess('f', { lastFetchAt: '2026-11-28T10:00:00.000Z', lastSuccessAt: '2026-11-28T10:00:00.000Z', lastStatus: 304, lastOutcome: 'not-modified' });
    expect((await store.get('f')).lastStatus).toBe(304);
    await store.recordFailure('f', { lastFetchAt: '2026-11-28T10:05:00.000Z', lastOutcome: 'network', lastError: 'ECONNREFUSED' }, backoff);
    let s = await store.get('f');
    expect(s.failingSince).toBe('2026-11-28T10:05:00.000Z');
    expect(s.lastStatus).toBeUndefined();
    await store.recordFailure('f', { lastFetchAt: '2026-11-28T10:10:00.000Z', lastOutcome: 'http-error', lastStatus: 503, lastError: 'HTTP 503' }, backoff);
    s = await store.get('f');
    expect(s.failingSince).toBe('2026-11-28T10:05:00.000Z');
    expect(s.lastStatus).toBe(503);
    expect(s.consecutiveFailures).toBe(2);
    await store.recordSuccess('f', { lastFetchAt: '2026-11-28T10:15:00.000Z', lastSuccessAt: '2026-11-28T10:15:00.000Z', lastStatus: 200, lastOutcome: 'ok' });
    s = await store.get('f');
    expect(s.failingSince).toBeUndefined();
    expect(s.consecutiveFailures).toBe(0);
  });
});
