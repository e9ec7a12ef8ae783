import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Article } from '../articles/article.js';
import { ledgerKeys } from './keys.js';
import { RECORD_ARTICLE_LUA } from './redis-scripts.js';
import { unpackArticle } from './compaction-codec.js';

/** Article text kept in the ledger is capped: the summariser never needs more, Redis memory does. */
const MAX_STORED_TEXT_CHARS = 50_000;

export type RecordStatus = 'new' | 'seen' | 'changed';

export interface ArticleRecord {
  article: Article;
  contentHash: string;
  skipReason?: string;
  correctedAt?: string;
  /** Set once the story was retracted (#16): it is never posted again. */
  retractedAt?: string;
}

/** When an article was published and discovered (absent when the feed gave none or it is unreadable). */
export interface ArticleTimes {
  publishedAtMs?: number;
  discoveredAtMs?: number;
}

export function contentHash(article: Pick<Article, 'title' | 'text'>): string {
  return createHash('sha256').update(`${article.title}\n${article.text}`).digest('hex').slice(0, 32);
}

/** A compacted story (#18) keeps its times packed with its posts (`px`, see compaction-codec.ts). */
async function compactedTimes(redis: Redis, articleHashKeys: string[]): Promise<Map<string, [string | null, string | null]>> {
  const out = new Map<string, [string | null, string | null]>();
  if (articleHashKeys.length === 0) return out;
  const res = (await redis.pipeline(articleHashKeys.map((k) => ['hgetBuffer', k, 'px'])).exec()) ?? [];
  articleHashKeys.forEach((k, i) => {
    const a = unpackArticle(res[i]?.[1] as Buffer | null);
    if (typeof a.discoveredAt === 'string') out.set(k, [typeof a.publishedAt === 'string' ? a.publishedAt : null, a.discoveredAt]);
  });
  return out;
}

type RedisWithScripts = Redis & {
  crierRecordArticle(...args: (string | number)[]): Promise<[RecordStatus, string]>;
};

function withScripts(redis: Redis): RedisWithScripts {
  const r = redis as RedisWithScripts;
  if (typeof r.crierRecordArticle !== 'function') {
    r.defineCommand('crierRecordArticle', { lua: RECORD_ARTICLE_LUA });
  }
  return r;
}

export function createArticleLedger(redis: Redis, opts: { prefix: string; retentionDays: number; maxArticles: number }) {
  const keys = ledgerKeys(opts.prefix);
  const ttlSeconds = Math.ceil(opts.retentionDays * 86_400);
  const r = withScripts(redis);

  async function run(article: Article, identities: string[], mode: 'record' | 'seen-only', skipReason?: string) {
    const hash = contentHash(article);
    const stored: Article = { ...article, text: article.text.slice(0, MAX_STORED_TEXT_CHARS) };
    const fields: string[] = [
      'key', article.key,
      'feedId', article.feedId,
      'title', article.title,
      'url', article.url,
      'publishedAt', article.publishedAt ?? '',
      'discoveredAt', article.discoveredAt,
      'contentHash', hash,
      'data', JSON.stringify(stored),
    ];
    if (skipReason) fields.push('skipReason', skipReason);
    const keyList = [keys.article(article.key), keys.articlesByTime, ...identities.map(keys.identity)];
    const discoveredMs = Date.parse(article.discoveredAt);
    const [status, key] = await r.crierRecordArticle(
      keyList.length,
      ...keyList,
      article.key,
      ttlSeconds,
      discoveredMs,
      hash,
      mode,
      ...fields,
    );
    return { status, articleKey: key };
  }

  return {
    /**
     * Records a newly seen article unless any of its identities is already known (the same story
     * under another URL, guid or title+date). Atomic, so two pollers cannot both claim it.
     */
    record: (article: Article, identities: string[], skipReason?: string) => run(article, identities, 'record', skipReason),
    /** First poll of a feed: remember what is already there without storing or posting it. */
    markSeen: (article: Article, identities: string[]) => run(article, identities, 'seen-only'),

    async get(articleKey: string): Promise<ArticleRecord | undefined> {
      const h = await redis.hgetall(keys.article(articleKey));
      if (!h.data) return undefined;
      // After a correction the stored article is the new version, found under the story's first key.
      // A compacted story (#18) keeps no `key` field (it is the key asked for) and packs title, link, times, feed title, author.
      const packed = h.px === undefined ? {} : unpackArticle(await redis.hgetBuffer(keys.article(articleKey), 'px'));
      const article = { ...packed, ...(JSON.parse(h.data) as Article), key: h.key ?? articleKey };
      return {
        article,
        contentHash: h.contentHash ?? '',
        ...(h.skipReason ? { skipReason: h.skipReason } : {}),
        ...(h.correctedAt ? { correctedAt: new Date(Number(h.correctedAt)).toISOString() } : {}),
        ...(h.retractedAt ? { retractedAt: h.retractedAt } : {}),
      };
    },

    /** Newest first. */
    async listKeys(limit: number, offset = 0): Promise<string[]> {
      return redis.zrevrange(keys.articlesByTime, offset, offset + limit - 1);
    },

    /** Newest first, discovered within [minMs, maxMs] (an absent end is open). */
    async listKeysDiscovered(range: { minMs?: number; maxMs?: number }, limit: number, offset = 0): Promise<string[]> {
      return redis.zrevrangebyscore(keys.articlesByTime, range.maxMs ?? '+inf', range.minMs ?? '-inf', 'LIMIT', offset, limit);
    },

    /** Publication and discovery times of many articles in one round trip. */
    async times(articleKeys: string[]): Promise<Map<string, ArticleTimes>> {
      const unique = [...new Set(articleKeys)];
      const out = new Map<string, ArticleTimes>();
      if (unique.length === 0) return out;
      const pipe = redis.pipeline();
      for (const k of unique) pipe.hmget(keys.article(k), 'publishedAt', 'discoveredAt');
      const res = (await pipe.exec()) ?? [];
      const fromData = await compactedTimes(redis, unique.filter((_, i) => !(res[i]?.[1] as (string | null)[] | undefined)?.[1]).map(keys.article));
      unique.forEach((k, i) => {
        const [published, discovered] = fromData.get(keys.article(k)) ?? (res[i]?.[1] as (string | null)[] | undefined) ?? [];
        const p = published ? Date.parse(published) : NaN;
        const d = discovered ? Date.parse(discovered) : NaN;
        out.set(k, { ...(Number.isFinite(p) ? { publishedAtMs: p } : {}), ...(Number.isFinite(d) ? { discoveredAtMs: d } : {}) });
      });
      return out;
    },

    /** Bounded retention: hashes expire by TTL; the time index is trimmed here by age and count. */
    async prune(now = Date.now()): Promise<number> {
      const removedByAge = await redis.zremrangebyscore(keys.articlesByTime, '-inf', now - ttlSeconds * 1000);
      const excess = (await redis.zcard(keys.articlesByTime)) - opts.maxArticles;
      const removedByCount = excess > 0 ? await redis.zremrangebyrank(keys.articlesByTime, 0, excess - 1) : 0;
      return removedByAge + removedByCount;
    },
  };
}

export type ArticleLedger = ReturnType<typeof createArticleLedger>;
