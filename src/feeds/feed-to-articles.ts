import type { Article } from '../articles/article.js';
import { articleIdentities } from './identity.js';
import { yieldToEventLoop, type ParsedFeed, type ParseFeedOptions } from './parse-feed.js';
import { toArticle } from './to-article.js';

/**
 * The one item → article step, shared by the poll worker and `crier preview`, so a preview
 * shows exactly the articles a poll would hand on (same key, title, feed title, language).
 * Filters and age limits are admission decisions and stay with the poller, which records them.
 */

/** What of a feed's settings the item → article step reads (a FeedConfig fits). */
export interface ArticleFeedSettings {
  id: string;
  /** The configured title; the feed's own <title> when absent. */
  title?: string;
  /** Read at most this many items per poll, the newest. */
  maxItemsPerPoll?: number;
  /** Post items without a safe http(s) link (otherwise they are skipped, with the reason). */
  postWithoutLink?: boolean;
}

export interface FeedArticle {
  article: Article;
  identities: string[];
  publishedMs: number | undefined;
}

/** How to parse a feed so its items are the ones `feedToArticles` would be handed in a poll. */
export function feedParseOptions(feed: ArticleFeedSettings, feedUrl: string): ParseFeedOptions {
  return {
    feedId: feed.id,
    feedUrl,
    ...(feed.maxItemsPerPoll !== undefined ? { maxItems: feed.maxItemsPerPoll } : {}),
    requireLink: feed.postWithoutLink !== true,
  };
}

export async function feedToArticles(parsed: ParsedFeed, feed: ArticleFeedSettings, discoveredAt: Date): Promise<FeedArticle[]> {
  const feedTitle = feed.title ?? parsed.title;
  const info = { feedId: feed.id, ...(feedTitle ? { feedTitle } : {}), ...(parsed.language ? { language: parsed.language } : {}) };
  const out: FeedArticle[] = [];
  for (const [index, item] of parsed.items.entries()) {
    // Article text extraction is the costly part of a big feed: let other feeds' timers run between slices.
    if (index > 0 && index % 20 === 0) await yieldToEventLoop();
    const article = toArticle(item, info, discoveredAt);
    const publishedMs = article.publishedAt ? Date.parse(article.publishedAt) : undefined;
    out.push({ article, identities: articleIdentities(item, feed.id), publishedMs });
  }
  return out;
}
