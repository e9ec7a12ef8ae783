/**
 * An article as Crier knows it: what a feed said about one story, normalised.
 * Produced by `src/feeds`, consumed by `src/summaries`; plain data, safe to JSON-encode into a job.
 */
export interface Article {
  /** Stable identity (see `src/feeds/identity.ts`): the same story in two feeds gets the same key. */
  key: string;
  feedId: string;
  /** Feed title, e.g. "SouthAsianDesk". */
  feedTitle?: string;
  title: string;
  /** The link as published (before canonicalisation), so the post points where the newsroom intended. */
  url: string;
  canonicalUrl?: string;
  guid?: string;
  author?: string;
  categories: string[];
  /** Plain text of the fullest body the feed gave (content:encoded, content, description). */
  text: string;
  /** The feed's own short description (teaser), plain text. */
  teaser?: string;
  imageUrl?: string;
  /** ISO-8601; absent when the feed gave no parsable date. */
  publishedAt?: string;
  /** ISO-8601; when Crier first saw the item. */
  discoveredAt: string;
  /** BCP-47 tag when the feed declares one (xml:lang, <language>). */
  language?: string;
}
