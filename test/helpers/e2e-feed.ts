import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PostRecord } from '../../src/ledger/post-ledger.js';
import type { TestCrier } from './pipeline.js';

/** An `<enclosure>`: the article image as the feed announces it. */
export interface TestEnclosure {
  url: string;
  /** MIME type; default image/jpeg. */
  type?: string;
  /** The `length` attribute in bytes; default 1000. */
  bytes?: number;
}

export interface TestFeedSpec {
  count: number;
  /** The channel's `<title>`. */
  feedTitle?: string;
  /**
   * Item title and description as the feed carries them: RSS titles are de facto HTML, so
   * text meant to show a literal `<` or `&` must already be HTML-escaped here. The helper only
   * adds the XML escaping. The default title carries markup-like text that must reach readers
   * as text, so every test using it also checks escaping.
   */
  title?(i: number): string;
  description?(i: number): string;
  /** Default `https://news.example/story-<i>`. */
  link?(i: number): string;
  /** Default `story-<i>`. */
  guid?(i: number): string;
  /** Undefined: the item has no enclosure. */
  image?(i: number): TestEnclosure | undefined;
  /** How old item `i` is; default `count - i` minutes, so later items are newer and all are fresh. */
  ageMinutes?(i: number): number;
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Writes `<dir>/feed.xml`, an RSS 2.0 file with `count` fresh items, and returns its path (a feed `url` may be a file). */
export async function writeTestFeed(dir: string, spec: TestFeedSpec): Promise<string> {
  const { count } = spec;
  const items = Array.from({ length: count }, (_, i) => {
    const image = spec.image?.(i);
    const enclosure = image ? `<enclosure url="${xml(image.url)}" type="${xml(image.type ?? 'image/jpeg')}" length="${image.bytes ?? 1000}"/>` : '';
    return `
    <item>
      <title>${xml(spec.title?.(i) ?? `Story ${i}: <b>Tom &amp; Jerry</b> & the council`)}</title>
      <link>${xml(spec.link?.(i) ?? `https://news.example/story-${i}`)}</link>
      <guid>${xml(spec.guid?.(i) ?? `story-${i}`)}</guid>
      <pubDate>${new Date(Date.now() - (spec.ageMinutes?.(i) ?? count - i) * 60_000).toUTCString()}</pubDate>
      <description>${xml(spec.description?.(i) ?? `The council met on Monday to discuss story ${i} and its budget. Members argued for three hours about the plan & its costs. A vote is expected next week after public comments.`)}</description>
      ${enclosure}
    </item>`;
  });
  const file = path.join(dir, 'feed.xml');
  const channel = `<title>${xml(spec.feedTitle ?? 'Example News')}</title><link>https://news.example/</link>`;
  await writeFile(file, `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>${channel}${items.join('')}</channel></rss>`);
  return file;
}

/** Every post in the ledger, for every article the crier has seen (all channels). */
export async function allPosts(crier: TestCrier): Promise<PostRecord[]> {
  const keys = await crier.running.ctx.articles.listKeys(100);
  return (await Promise.all(keys.map((k) => crier.running.ctx.posts.listForArticle(k)))).flat();
}
