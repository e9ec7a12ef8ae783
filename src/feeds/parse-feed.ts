import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { resolveUrl } from './canonical-url.js';
import { FeedFetchError } from './feed-errors.js';
import { normaliseItem, titleOf } from './feed-item.js';
import { cleanText, ITEM_LIMITS, safeHttpUrl } from './item-limits.js';
import type { FeedItem } from './feed-item.js';
import { DEFAULT_MAX_ITEMS_PER_POLL, readFeedItems } from './read-items.js';
import { rootElementName } from './xml-feed.js';
import { asArray, attr, firstText, isRecord, textOf } from './xml-values.js';

export type { FeedItem } from './feed-item.js';

const JUNK_SCAN_CHARS = 4096;
const YIELD_EVERY_ITEMS = 20;

/** Lets timers and I/O callbacks (other feeds, the desk) run before the next slice of work. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export interface ParsedFeed {
  title?: string;
  link?: string;
  /** BCP-47-ish tag as declared (<language>, dc:language or xml:lang). */
  language?: string;
  items: FeedItem[];
  /** Problems worth showing on the feed's health page that did not stop the feed being read. */
  warnings: string[];
  /** Items left out, each with its reason ("item 3 (\"Title\") skipped: …"). */
  skipped: string[];
  /** Items beyond `maxItems` (the oldest): not read this time. */
  itemsDropped: number;
  /** WebSub: the first `<link rel="hub">` and the `rel="self"` link (Atom, or atom:link in RSS), absolute http(s). */
  hub?: string;
  self?: string;
}

export interface ParseFeedOptions {
  feedId: string;
  /** Where the text came from (URL or file path): the base for relative links. */
  feedUrl: string;
  /** Read at most this many items, the newest (default DEFAULT_MAX_ITEMS_PER_POLL). */
  maxItems?: number;
  /**
   * Skip items without an http(s) link (none, javascript:, data:, file:, overlong), with the
   * reason: what gets posted must link somewhere safe. Off only for feeds configured to post
   * such items without a link (`postWithoutLink`), and for reading feeds as data.
   */
  requireLink?: boolean;
}

/**
 * Parse decoded feed text (RSS 0.9x/1.0/2.0, Atom 0.3/1.0) into plain items.
 * Throws FeedFetchError: 'not-a-feed' for HTML pages and non-feed XML, 'malformed' for XML
 * that even the repair pass cannot read (message includes the parser's own words).
 */
export async function parseFeed(text: string, opts: ParseFeedOptions): Promise<ParsedFeed> {
  const xml = stripLeadingJunk(text);
  const root = rootElementName(xml);
  if (root !== undefined && /^(?:[\w-]+:)?html$/i.test(root)) {
    throw new FeedFetchError('not-a-feed', `${describe(opts)} is a web page (HTML), not an RSS or Atom feed`);
  }
  const parsed = await readFeedItems(xml, describe(opts), opts.maxItems ?? DEFAULT_MAX_ITEMS_PER_POLL);
  const { output, repairedError } = parsed;
  const atom = root?.toLowerCase() === 'feed';

  const feedAttrs = { $: output.rawAttrs };
  const documentBase = toBaseUrl(opts.feedUrl);
  const link = feedLink(output.rawLink, resolveUrl(attr(feedAttrs, 'xml:base'), documentBase) ?? documentBase);
  // A feed read from disk (the demo, tests) is still about a website: relative links mean the site.
  const siteBase = documentBase?.startsWith('file:') && link ? link : documentBase;
  const baseUrl = resolveUrl(attr(feedAttrs, 'xml:base'), siteBase) ?? siteBase;

  const items: FeedItem[] = [];
  const skipped = [...parsed.skipped];
  for (const [index, raw] of asArray(output.items).entries()) {
    // Other feeds' polls share this event loop: let them run between slices of a big feed.
    if (index > 0 && index % YIELD_EVERY_ITEMS === 0) await yieldToEventLoop();
    try {
      const item = normaliseItem(raw, { baseUrl, atom });
      if (!item) continue;
      if (opts.requireLink && !item.link && !isHttpGuid(item.guid)) {
        const given = item.rejectedLink ? `its link "${item.rejectedLink}" is not an http(s) address` : 'it has no link';
        skipped.push(`item ${index + 1} ("${item.title.slice(0, 80)}") skipped: ${given}`);
        continue;
      }
      items.push(item);
    } catch (err) {
      // One item our readers cannot handle must not cost the others.
      skipped.push(`item ${index + 1} skipped: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  // A repaired document that yields nothing was not recovered, just silenced: report the damage.
  // (A complete but odd feed whose items are merely unidentifiable is not damage.)
  const { truncated } = parsed;
  const nothingRecovered = asArray(output.items).length === 0 || (truncated === true && items.length === 0);
  if (repairedError && nothingRecovered && /<(?:item|entry)[\s>]/.test(xml)) throw repairedError;

  const feed: ParsedFeed = { items, warnings: parsed.warnings, skipped, itemsDropped: parsed.itemsDropped };
  const title = cleanText(titleOf(asArray(output.rawTitle)[0] ?? asArray(output.rawDcTitle)[0], atom), ITEM_LIMITS.titleChars);
  if (title) feed.title = title;
  if (link) feed.link = link;
  Object.assign(feed, relLinks([...asArray(output.rawLink), ...asArray(output.rawAtomLink)], baseUrl));
  const language = cleanText(firstText(output.rawLanguage) ?? firstText(output.rawDcLanguage) ?? attr(feedAttrs, 'xml:lang') ?? '', ITEM_LIMITS.languageChars);
  if (language) feed.language = language;
  return feed;
}

/**
 * Anything before the first "<" (a BOM that survived, a PHP warning, blank lines) makes the XML
 * parser reject the whole document (rss-parser issues #95, #194); it is never feed content.
 */
export function stripLeadingJunk(text: string): string {
  // PHP warnings are often HTML ("<b>Warning</b>: …"), so an XML declaration nearby wins.
  const declaration = text.indexOf('<?xml');
  const start = declaration > 0 && declaration < JUNK_SCAN_CHARS ? declaration : text.indexOf('<');
  if (start === -1) {
    const sample = text.trim();
    if (!sample) throw new FeedFetchError('not-a-feed', 'the feed is empty');
    const hint = /^[[{]/.test(sample) ? ' (it looks like JSON)' : '';
    throw new FeedFetchError('not-a-feed', `the response is not XML${hint}, so it is not an RSS or Atom feed`);
  }
  return start === 0 ? text : text.slice(start);
}

function feedLink(rawLinks: unknown, base: string | undefined): string | undefined {
  const links = asArray(rawLinks);
  const alternate =
    links.find((node) => (attr(node, 'rel') ?? 'alternate') === 'alternate' && (attr(node, 'href') ?? textOf(node)).trim()) ??
    links.find((node) => isRecord(node) || typeof node === 'string');
  if (alternate === undefined) return undefined;
  return safeHttpUrl(resolveUrl(attr(alternate, 'href') ?? textOf(alternate).slice(0, ITEM_LIMITS.linkChars + 1), base));
}

/** The WebSub hub (first one) and self links among the feed's link elements, resolved and http(s) only. */
function relLinks(links: unknown[], base: string | undefined): { hub?: string; self?: string } {
  const found: { hub?: string; self?: string } = {};
  for (const node of links.slice(0, 50)) {
    const rel = attr(node, 'rel')?.trim().toLowerCase();
    if (rel !== 'hub' && rel !== 'self') continue;
    const href = safeHttpUrl(resolveUrl(attr(node, 'href')?.slice(0, ITEM_LIMITS.linkChars + 1), base));
    if (href && found[rel] === undefined) found[rel] = href;
  }
  return found;
}

/** A guid that is an http(s) URL still gives a post something to link to (see to-article.ts). */
function isHttpGuid(guid: string | undefined): boolean {
  return safeHttpUrl(guid) !== undefined;
}

/** Relative links in a feed read from disk resolve against the file, like a browser would. */
function toBaseUrl(feedUrl: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]+:/i.test(feedUrl)) return resolveUrl(feedUrl, undefined);
  try {
    return pathToFileURL(path.resolve(feedUrl)).href;
  } catch {
    return undefined;
  }
}

function describe(opts: ParseFeedOptions): string {
  return `feed "${opts.feedId}"`;
}
