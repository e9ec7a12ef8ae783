/**
 * For feeds that only carry a teaser: fetch the article page and summarise its main text.
 * The URL comes from a feed (anyone who can publish an item controls it), so the fetch goes
 * through safeFetch (SSRF guard at connect time, size cap, timeout); the extracted text is cached
 * per article, and so is a failure (briefly), so retries and re-polls do not refetch.
 */
import type { Article } from '../articles/article.js';
import { safeFetch } from '../shared/http/safe-fetch.js';
import { extractMainText } from '../text/main-text.js';
import type { Summariser, Summary } from './summary.js';
import { countWords } from './terms.js';
import { toPlainText } from '../text/plain-text.js';

export interface TextCache {
  get(key: string): Promise<string | null | undefined>;
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
}

export interface ArticleFetchOptions {
  timeoutMs: number;
  maxBytes: number;
  cache: TextCache;
  userAgent?: string;
  /** Tests serve pages from 127.0.0.1; production never sets this. */
  allowPrivateHosts?: boolean;
  log?: { warn(obj: object, msg: string): void };
}

/** A feed body with fewer words than this is a teaser, worth replacing with the page's text. */
export const TEASER_MAX_WORDS = 80;
const TEXT_CACHE_SECONDS = 7 * 86_400;
const FAILURE_CACHE_SECONDS = 3_600;
/** Cached marker for "fetched, nothing usable": the summariser keeps the feed's text. */
const NOTHING = '';

async function pageText(url: string, opts: ArticleFetchOptions): Promise<{ text: string } | { problem: string }> {
  const res = await safeFetch(url, {
    timeoutMs: opts.timeoutMs,
    maxBytes: opts.maxBytes,
    accept: 'text/html,application/xhtml+xml',
    ...(opts.userAgent ? { userAgent: opts.userAgent } : {}),
    ...(opts.allowPrivateHosts ? { allowPrivateHosts: true } : {}),
  });
  if (!res.ok) return { problem: res.problem };
  if (res.contentType && !/html/.test(res.contentType)) return { problem: `not an HTML page (${res.contentType})` };
  return { text: extractMainText(res.bytes.toString('utf8')) };
}

export function withFetchedArticle(inner: Summariser, opts: ArticleFetchOptions): Summariser {
  return {
    name: inner.name,
    async summarise(article: Article): Promise<Summary> {
      const feedText = toPlainText(article.text);
      if (countWords(feedText, article.language) >= TEASER_MAX_WORDS || !/^https?:\/\//i.test(article.url)) return inner.summarise(article);
      const key = `article-text:${article.key}`;
      let text = await opts.cache.get(key).catch(() => undefined);
      if (text === undefined || text === null) {
        const page = await pageText(article.url, opts);
        text = 'text' in page && countWords(page.text, article.language) > countWords(feedText, article.language) ? page.text : NOTHING;
        if ('problem' in page) opts.log?.warn({ articleKey: article.key, problem: page.problem }, 'cannot fetch the article page; using the feed text');
        await opts.cache.set(key, text, text === NOTHING ? FAILURE_CACHE_SECONDS : TEXT_CACHE_SECONDS).catch(() => undefined);
      }
      return inner.summarise(text === NOTHING ? article : { ...article, text });
    },
  };
}
