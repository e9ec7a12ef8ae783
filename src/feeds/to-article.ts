import type { Article } from '../articles/article.js';
import { canonicaliseUrl } from './canonical-url.js';
import type { FeedItem } from './feed-item.js';
import { articleBodyToText } from '../text/html-to-text.js';
import { articleIdentities, articleKeyFor } from './identity.js';
import { safeHttpUrl, stripControls } from './item-limits.js';

/**
 * The hand-over from feeds to the rest of Crier: a FeedItem (what the feed said) becomes an
 * Article (plain data a job can carry). The key comes from the strongest identity, so the same
 * story reached through two feeds, or through http and https, gets the same key.
 */

export interface ArticleFeedInfo {
  feedId: string;
  /** The configured title, else the feed's own <title>. */
  feedTitle?: string;
  /** Feed-level language; an item's own xml:lang / dc:language wins over it. */
  language?: string;
}

export function toArticle(item: FeedItem, feed: ArticleFeedInfo, discoveredAt: Date): Article {
  const identities = articleIdentities(item, feed.feedId);
  const text = stripControls(articleBodyToText(item.html));
  const url = item.link ?? guidAsUrl(item.guid) ?? '';

  const article: Article = {
    key: articleKeyFor(identities[0] ?? fallbackIdentity(item, feed.feedId, text)),
    feedId: feed.feedId,
    title: item.title,
    url,
    categories: [...item.categories],
    text: text || item.teaser || '',
    discoveredAt: discoveredAt.toISOString(),
  };
  if (feed.feedTitle) article.feedTitle = feed.feedTitle;
  const canonicalUrl = url ? canonicaliseUrl(url) : undefined;
  if (canonicalUrl) article.canonicalUrl = canonicalUrl;
  if (item.guid) article.guid = item.guid;
  if (item.author) article.author = item.author;
  if (item.teaser) article.teaser = item.teaser;
  if (item.imageUrl) article.imageUrl = item.imageUrl;
  if (item.publishedAt) article.publishedAt = item.publishedAt;
  const language = item.language ?? feed.language;
  if (language) article.language = language;
  return article;
}

/** A non-permalink guid can still be an http URL (isPermaLink="false" is often set carelessly). */
function guidAsUrl(guid: string | undefined): string | undefined {
  return guid && /^https?:\/\//i.test(guid) ? safeHttpUrl(guid) : undefined;
}

/**
 * parseFeed drops items without title, link and guid, so identities are never empty for its
 * output; items built by hand (tests, the preview command) still get a deterministic key.
 */
function fallbackIdentity(item: FeedItem, feedId: string, text: string): string {
  return `text:${feedId}:${item.title}|${text.slice(0, 200)}`;
}
