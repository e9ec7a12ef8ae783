import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../src/articles/article.js';
import type { Draft } from '../../src/drafts/draft.js';
import { createArticleLedger } from '../../src/ledger/article-ledger.js';
import { compactSettledStories, compactStory } from '../../src/ledger/compaction.js';
import { ledgerKeys, postIdFor } from '../../src/ledger/keys.js';
import { createPostLedger } from '../../src/ledger/post-ledger.js';
import { prefixMemory } from '../helpers/redis-memory.js';
import { deletePrefix, prefixPattern, scanKeys, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.js';

/** Remote receipts as the networks give them (an AT-URI is longer than Redis's compact hash values). */
const REMOTE: Record<string, { remoteId: string; remoteUrl: string }> = {
  x: { remoteId: '1862341234567890123', remoteUrl: 'https://x.com/southasiandesk/status/1862341234567890123' },
  facebook: { remoteId: '104857600123456_122101234567890123', remoteUrl: 'https://www.facebook.com/104857600123456/posts/122101234567890123' },
  bluesky: { remoteId: 'at://did:plc:z72i7hdynmk6r22z27h6tvur/app.bsky.feed.post/3lbqzk2abcd2x', remoteUrl: 'https://bsky.app/profile/southasiandesk.bsky.social/post/3lbqzk2abcd2x' },
};
const CHANNELS = Object.keys(REMOTE);
const LIMITS: Record<string, number> = { x: 280, facebook: 1500, bluesky: 300 };
const SENTENCES = Array.from({ length: 12 }, (_, i) => `Officials said on Friday that talk number ${i} covered defence cooperation and the regional security landscape in detail.`);

function article(i: number): Article {
  const key = `a${randomBytes(10).toString('hex')}`;
  return {
    key, feedId: 'desk', feedTitle: 'SouthAsianDesk',
    title: `Pakistan and Turkiye reaffirm defence ties during a high-level military dialogue ${i}`,
    url: `https://southasiandesk.example/news/2026/11/28/pakistan-turkiye-defence-ties-${i}`,
    categories: ['Pakistan', 'Defence'], author: 'Staff Reporter',
    text: Array.from({ length: 40 }, (_, j) => SENTENCES[j % SENTENCES.length]).join('\n'),
    teaser: SENTENCES[0], imageUrl: `https://southasiandesk.example/img/${i}.jpg`,
    discoveredAt: new Date().toISOString(), publishedAt: new Date(Date.now() - 60_000).toISOString(),
  };
}

function draft(a: Article, channel: string): Draft {
  const url = `${a.url}?utm_source=${channel}&utm_medium=social&utm_campaign=crier`;
  const summary = channel === 'x' ? '' : `${SENTENCES[0]}\n\n`;
  const text = `${a.title}\n\n${summary}${url} #PakistanTurkey`;
  return {
    text, length: text.length, limit: LIMITS[channel] ?? 500, url, title: a.title, description: SENTENCES[0] ?? '',
    imageUrl: a.imageUrl, hashtags: ['PakistanTurkey'], sentences: summary ? [SENTENCES[0] ?? ''] : [], alternatives: SENTENCES.slice(1),
    note: 'no whole summary sentence fits beside the headline and link',
  };
}

describe('compaction of a settled story (#18)', () => {
  let redis: Redis;
  let prefix: string;
  beforeAll(() => {
    redis = new Redis(TEST_REDIS_URL);
  });
  afterAll(() => redis.disconnect());
  afterEach(async () => {
    await deletePrefix(prefix);
  });

  function ledgers() {
    prefix = uniquePrefix('compact');
    return {
      articles: createArticleLedger(redis, { prefix, retentionDays: 90, maxArticles: 100_000 }),
      posts: createPostLedger(redis, { prefix, retentionDays: 90 }),
      keys: ledgerKeys(prefix),
    };
  }

  /** A story through the real ledger calls: recorded, drafted for three channels, each post ending in `outcome`. */
  async function seedStory(l: ReturnType<typeof ledgers>, i: number, outcome: (channel: string) => 'posted' | 'skipped' | 'failed' | 'queued' = () => 'posted') {
    const a = article(i);
    await l.articles.record(a, [`url:${a.url}`, `guid:${a.key}`]);
    await l.posts.createMany(a.key, CHANNELS.map((channel) => ({ articleKey: a.key, channel, network: channel, draft: draft(a, channel), summariser: 'extractive', state: 'queued' as const, publishedAt: a.publishedAt })));
    for (const channel of CHANNELS) {
      const postId = postIdFor(a.key, channel);
      const end = outcome(channel);
      if (end === 'queued') continue;
      if (end === 'skipped') {
        await l.posts.skip(postId, 'not for this network');
        continue;
      }
      expect(await l.posts.claim(postId, 'lease', 60_000)).toBe('claimed');
      if (end === 'posted') await l.posts.markPosted(postId, 'lease', { ...REMOTE[channel], confirmed: true });
      else await l.posts.markFailed(postId, 'lease', 'rejected: media too large');
    }
    return a;
  }

  it('a settled story costs at most 2,048 bytes by MEMORY USAGE, and reads back whole', async () => {
    const l = ledgers();
    const stories = [];
    for (let i = 0; i < 20; i++) stories.push(await seedStory(l, i));
    const before = await prefixMemory(redis, prefix);
    for (const a of stories) expect(await compactStory(redis, prefix, a.key)).toBe('compacted');
    const after = await prefixMemory(redis, prefix);
    const perStory = after.bytes / stories.length;
    expect(perStory).toBeLessThanOrEqual(2_048);
    expect(before.bytes / stories.length).toBeGreaterThan(3 * perStory);

    const first = stories[0] as Article;
    const record = await l.articles.get(first.key);
    expect(record?.article).toMatchObject({ key: first.key, title: first.title, url: first.url, feedId: 'desk', publishedAt: first.publishedAt, discoveredAt: first.discoveredAt, text: '' });
    expect((await l.articles.times([first.key])).get(first.key)).toEqual({ publishedAtMs: Date.parse(first.publishedAt ?? ''), discoveredAtMs: Date.parse(first.discoveredAt) });
    const posts = await l.posts.listForArticle(first.key);
    expect(posts.map((p) => p.channel)).toEqual([...CHANNELS].sort());
    for (const p of posts) {
      // What a later edit, reply or delete needs, and the text as it went out.
      expect(p).toMatchObject({ state: 'posted', network: p.channel, articleKey: first.key, confirmed: true, attempts: 1, ...REMOTE[p.channel] });
      expect(p.draft.text).toBe(draft(first, p.channel).text);
      expect(p.postedAt).toBeTruthy();
      expect(p.draft.alternatives).toBeUndefined();
      expect(await l.posts.get(p.postId)).toEqual(p);
    }
    // A publish job for a compacted post finds it done: nothing is posted again.
    expect(await l.posts.claim(postIdFor(first.key, 'x'), 'again', 60_000)).toBe('done:posted');
  });

  it('is idempotent, keeps fields it does not know, and never touches a story still moving or failed', async () => {
    const l = ledgers();
    const settled = await seedStory(l, 1, (c) => (c === 'facebook' ? 'skipped' : 'posted'));
    const waiting = await seedStory(l, 2, (c) => (c === 'x' ? 'queued' : 'posted'));
    const failed = await seedStory(l, 3, (c) => (c === 'bluesky' ? 'failed' : 'posted'));
    // A field a later feature adds to a post (a network's extra id, a retraction mark) survives compaction.
    await redis.hset(l.keys.post(postIdFor(settled.key, 'bluesky')), 'remoteExtra', '{"cid":"bafyreib2rxk3rh6kzwq"}');
    const dump = async (a: Article) => {
      const keys = (await scanKeys(redis, prefixPattern(prefix, `:crier:*${a.key}*`))).sort();
      return Promise.all(keys.map(async (k) => [k, await redis.type(k) === 'hash' ? await redis.hgetall(k) : await redis.smembers(k)]));
    };
    const untouched = [await dump(waiting), await dump(failed)];

    expect(await compactSettledStories(redis, prefix, { sinceMs: Date.now() - 60_000 })).toBe(1);
    expect(await compactStory(redis, prefix, waiting.key)).toBe('unsettled');
    expect(await compactStory(redis, prefix, failed.key)).toBe('unsettled');
    expect([await dump(waiting), await dump(failed)]).toEqual(untouched);

    const once = await dump(settled);
    expect(await compactStory(redis, prefix, settled.key)).toBe('already');
    expect(await compactSettledStories(redis, prefix, { sinceMs: Date.now() - 60_000 })).toBe(0);
    expect(await dump(settled)).toEqual(once);
    expect(await redis.hget(l.keys.post(postIdFor(settled.key, 'bluesky')), 'remoteExtra')).toBe('{"cid":"bafyreib2rxk3rh6kzwq"}');
    expect((await l.posts.get(postIdFor(settled.key, 'facebook')))?.skipReason).toBe('not for this network');
  });

  it("an editor's retry of a compacted post reopens the story: listed as waiting, posted with its kept draft, compacted again", async () => {
    const l = ledgers();
    const a = await seedStory(l, 4, (c) => (c === 'facebook' ? 'skipped' : 'posted'));
    expect(await compactStory(redis, prefix, a.key)).toBe('compacted');
    const postId = postIdFor(a.key, 'facebook');
    expect(await l.posts.requeue(postId)).toBe(true);
    expect((await l.posts.listInStates(['queued'])).map((p) => p.postId)).toEqual([postId]);
    const claim = await l.posts.claimWithGates(postId, 'retry', 60_000);
    expect(claim.status).toBe('claimed');
    const kept = draft(a, 'facebook');
    expect('post' in claim && claim.post?.draft).toMatchObject({ text: kept.text, url: kept.url, imageUrl: kept.imageUrl, description: kept.description, hashtags: kept.hashtags });
    await l.posts.markPosted(postId, 'retry', { ...REMOTE.facebook, confirmed: true } as { remoteId: string; remoteUrl: string; confirmed: boolean });
    expect(await compactStory(redis, prefix, a.key)).toBe('compacted');
    expect((await l.posts.listForArticle(a.key)).map((p) => [p.channel, p.state, p.remoteId])).toEqual(CHANNELS.sort().map((c) => [c, 'posted', REMOTE[c]?.remoteId]));
  });

  it("an editor's edit of a compacted failed-then-retried post checks the text it was shown", async () => {
    const l = ledgers();
    const a = await seedStory(l, 5, (c) => (c === 'x' ? 'skipped' : 'posted'));
    expect(await compactStory(redis, prefix, a.key)).toBe('compacted');
    const postId = postIdFor(a.key, 'x');
    expect(await l.posts.requeue(postId)).toBe(true);
    const old = draft(a, 'x');
    const next = { ...old, text: `${a.title}\n\n${old.url}`, length: 10 };
    expect(await l.posts.replaceDraft({ postId, expectedText: old.text, draft: next, by: 'ed', sentences: [], states: ['queued'], detail: 'edit' })).toBe('ok');
    expect((await l.posts.get(postId))?.draft.text).toBe(next.text);
  });
});
