import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Article } from '../../src/articles/article.js';
import { createArticleLedger, type ArticleLedger } from '../../src/ledger/article-ledger.js';
import { createEventLog } from '../../src/ledger/events.js';
import { deletePrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.js';

/** The reads the desk makes through the ledger instead of reaching for its keys (#12). */
function article(key: string, discoveredAt: string, publishedAt?: string): Article {
  return { key, feedId: 'desk', title: `Story ${key}`, url: `https://southasiandesk.example/${key}`, categories: [], text: 'Body.', discoveredAt, ...(publishedAt ? { publishedAt } : {}) };
}

describe('ledger reads for the desk (real Redis)', () => {
  const redis = new Redis(TEST_REDIS_URL);
  let prefix: string;
  let ledger: ArticleLedger;
  beforeEach(() => {
    prefix = uniquePrefix('desk-reads');
    ledger = createArticleLedger(redis, { prefix, retentionDays: 365_000, maxArticles: 100 });
  });
  afterEach(async () => deletePrefix(prefix));
  afterAll(() => redis.disconnect());

  it('lists article keys newest first within a discovery range, with open ends and paging', async () => {
    await ledger.record(article('d1', '2026-03-01T10:00:00Z'), ['url:d1']);
    await ledger.record(article('d2', '2026-03-02T10:00:00Z'), ['url:d2']);
    await ledger.record(article('d3', '2026-03-03T10:00:00Z'), ['url:d3']);
    expect(await ledger.listKeysDiscovered({}, 10)).toEqual(['d3', 'd2', 'd1']);
    expect(await ledger.listKeysDiscovered({ minMs: Date.parse('2026-03-02T00:00:00Z') }, 10)).toEqual(['d3', 'd2']);
    expect(await ledger.listKeysDiscovered({ maxMs: Date.parse('2026-03-02T10:00:00Z') }, 10)).toEqual(['d2', 'd1']);
    expect(await ledger.listKeysDiscovered({}, 1, 1)).toEqual(['d2']);
  });

  it('reads publication and discovery times of many articles at once, leaving out what is unknown', async () => {
    await ledger.record(article('t1', '2026-03-01T10:00:00Z', '2026-03-01T09:00:00Z'), ['url:t1']);
    await ledger.record(article('t2', '2026-03-01T11:00:00Z'), ['url:t2']);
    const times = await ledger.times(['t1', 't2', 't1', 'missing']);
    expect(times.get('t1')).toEqual({ publishedAtMs: Date.parse('2026-03-01T09:00:00Z'), discoveredAtMs: Date.parse('2026-03-01T10:00:00Z') });
    expect(times.get('t2')).toEqual({ discoveredAtMs: Date.parse('2026-03-01T11:00:00Z') });
    expect(times.get('missing')).toEqual({});
    expect(await ledger.times([])).toEqual(new Map());
  });

  it("the event log's last id is where a live reader starts ('0-0' when empty)", async () => {
    const events = createEventLog(redis, { prefix });
    expect(await events.lastId()).toBe('0-0');
    await events.emit({ type: 'feed', feedId: 'desk', outcome: 'ok' });
    const id = await events.lastId();
    expect(id).toMatch(/^\d+-\d+$/);
    expect(await events.read('0-0')).toEqual([expect.objectContaining({ id })]);
  });
});
