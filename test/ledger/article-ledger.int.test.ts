import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Article } from '../../src/articles/article.js';
import { createArticleLedger, type ArticleLedger } from '../../src/ledger/article-ledger.js';
import { deletePrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.js';

function article(key: string, over: Partial<Article> = {}): Article {
  return { key, feedId: 'desk', title: 'Pakistan and Turkiye reaffirm defence ties', url: 'https://southasiandesk.example/a', categories: [], text: 'Body.', discoveredAt: new Date().toISOString(), ...over };
}

describe('article ledger (real Redis)', () => {
  const redis = new Redis(TEST_REDIS_URL);
  let prefix: string;
  let ledger: ArticleLedger;
  beforeEach(() => {
    prefix = uniquePrefix('articles');
    ledger = createArticleLedger(redis, { prefix, retentionDays: 1, maxArticles: 3 });
  });
  afterEach(async () => deletePrefix(prefix));
  afterAll(() => redis.disconnect());

  it('a story is new once; any shared identity (URL, guid, title+date) makes it seen', async () => {
    expect(await ledger.record(article('a1'), ['url:a', 'guid:desk:1'])).toEqual({ status: 'new', articleKey: 'a1' });
    // Same story in a second feed, same canonical URL:
    expect(await ledger.record(article('a2', { feedId: 'sport' }), ['url:a', 'guid:sport:9'])).toEqual({ status: 'seen', articleKey: 'a1' });
    // The publisher changed the URL slug but kept the guid:
    expect(await ledger.record(article('a3'), ['url:a-edited', 'guid:desk:1'])).toEqual({ status: 'seen', articleKey: 'a1' });
    expect(await ledger.listKeys(10)).toEqual(['a1']);
  });

  it('a changed title or text of a known story is flagged as a correction, not reposted', async () => {
    await ledger.record(article('a1'), ['url:a']);
    const again = await ledger.record(article('a1', { title: 'Pakistan and Türkiye reaffirm defence ties (updated)' }), ['url:a']);
    expect(again).toEqual({ status: 'changed', articleKey: 'a1' });
    expect((await ledger.get('a1'))?.correctedAt).toBeTruthy();
  });

  it('first-run items are remembered without being stored', async () => {
    await ledger.markSeen(article('a1'), ['url:a']);
    expect(await ledger.get('a1')).toBeUndefined();
    expect((await ledger.record(article('a1'), ['url:a'])).status).toBe('seen');
  });

  it('keeps skipped items with their reason (never silently dropped)', async () => {
    await ledger.record(article('a9'), ['url:old'], 'older than 24 h');
    expect((await ledger.get('a9'))?.skipReason).toBe('older than 24 h');
  });

  it('retention is bounded by count', async () => {
    for (const k of ['b1', 'b2', 'b3', 'b4', 'b5']) {
      await ledger.record(article(k, { discoveredAt: new Date(Date.now() - 1000 + Number(k[1])).toISOString() }), [`url:${k}`]);
    }
    expect(await ledger.prune()).toBe(2);
    expect(await ledger.listKeys(10)).toEqual(['b5', 'b4', 'b3']);
  });
});
