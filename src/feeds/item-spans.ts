import { parseFeedDate } from './feed-dates.js';
import { localNameOf, scanXml } from './xml-scan.js';

/**
 * Where each <item>/<entry> sits in the feed text, found in one linear scan before any XML
 * parser runs. It lets the reader keep a hostile or broken item from costing the whole feed:
 * items nested absurdly deep are cut out with their reason (xml2js and our readers recurse), only
 * the newest N items are parsed at all, and a feed the parser rejects can be read item by item.
 */

export interface ItemSpan {
  start: number;
  /** Index just past </item>, or the end of the text for an item cut off by truncation. */
  end: number;
  complete: boolean;
  /** Deepest element nesting inside the item (the item's own children are depth 1). */
  depth: number;
  /** Raw text of the item's first date element, for choosing the newest items. */
  dateText?: string;
}

export interface FeedLayout {
  items: ItemSpan[];
  /** Deepest nesting outside any item (the root element is depth 1). */
  depthOutsideItems: number;
}

const ITEM_NAMES = new Set(['item', 'entry']);
const DATE_NAMES = new Set(['pubDate', 'published', 'updated', 'date', 'issued', 'created', 'modified']);
const DATE_TEXT_CHARS = 120;
const CLOSE_SEARCH_DEPTH = 64;

export function findItemSpans(xml: string): FeedLayout {
  const items: ItemSpan[] = [];
  const stack: string[] = [];
  let depthOutsideItems = 0;
  let current: (ItemSpan & { base: number }) | undefined;
  let dateStart: number | undefined;

  scanXml(xml, (token) => {
    if (current && dateStart !== undefined && current.dateText === undefined) {
      current.dateText = xml.slice(dateStart, Math.min(token.start, dateStart + DATE_TEXT_CHARS));
    }
    dateStart = undefined;
    if (token.kind === 'open') {
      if (!token.selfClosing) stack.push(token.name);
      const depth = stack.length + (token.selfClosing ? 1 : 0);
      if (!current && !token.selfClosing && ITEM_NAMES.has(localNameOf(token.name))) {
        current = { start: token.start, end: token.end, complete: false, depth: 0, base: stack.length };
      } else if (current) {
        current.depth = Math.max(current.depth, depth - current.base);
        if (depth === current.base + 1 && !token.selfClosing && DATE_NAMES.has(localNameOf(token.name))) dateStart = token.end;
      } else depthOutsideItems = Math.max(depthOutsideItems, depth);
    }
    if (token.kind === 'close' && popTo(stack, token.name) && current && stack.length < current.base) {
      items.push(finish(current, token.end, true));
      current = undefined;
    }
  });
  // An item still open at the end was cut off (or swallowed by a dangling construct).
  if (current) items.push(finish(current, xml.length, false));
  return { items, depthOutsideItems };
}

function finish(span: ItemSpan & { base: number }, end: number, complete: boolean): ItemSpan {
  const item: ItemSpan = { start: span.start, end, complete, depth: span.depth };
  if (span.dateText !== undefined) item.dateText = span.dateText;
  return item;
}

/** Pops the stack back to the nearest element of that name; false when none is near the top. */
function popTo(stack: string[], name: string): boolean {
  const lowest = Math.max(0, stack.length - CLOSE_SEARCH_DEPTH);
  for (let index = stack.length - 1; index >= lowest; index--) {
    if (stack[index] === name) {
      stack.length = index;
      return true;
    }
  }
  return false;
}

/**
 * The `count` newest items, in document order. Items without a readable date rank after dated
 * ones, earlier in the document first (feeds list newest first far more often than not).
 */
export function newestItems(items: readonly ItemSpan[], count: number): ItemSpan[] {
  if (items.length <= count) return [...items];
  const ranked = items.map((item, index) => {
    const iso = item.dateText === undefined ? undefined : parseFeedDate(item.dateText);
    return { item, index, ms: iso === undefined ? -Infinity : Date.parse(iso) };
  });
  ranked.sort((a, b) => (b.ms === a.ms ? a.index - b.index : b.ms - a.ms));
  return ranked
    .slice(0, count)
    .sort((a, b) => a.index - b.index)
    .map((r) => r.item);
}

/** The feed text with only `kept` of `layout`'s items (the text around and between items stays). */
export function withItems(xml: string, layout: FeedLayout, kept: ReadonlySet<ItemSpan>): string {
  if (kept.size === layout.items.length) return xml;
  const parts: string[] = [];
  let copied = 0;
  for (const item of layout.items) {
    if (kept.has(item)) continue;
    parts.push(xml.slice(copied, item.start));
    copied = item.end;
  }
  parts.push(xml.slice(copied));
  return parts.join('');
}

/** A short label for messages: the item's title text when it has one near the start, else its position. */
export function itemLabel(xml: string, item: ItemSpan, position: number): string {
  const head = xml.slice(item.start, Math.min(item.end, item.start + 2048));
  const open = head.search(/<title[\s>]/);
  const textStart = open === -1 ? -1 : head.indexOf('>', open) + 1;
  const textEnd = textStart <= 0 ? -1 : head.indexOf('<', textStart);
  const title = textEnd === -1 ? '' : head.slice(textStart, textEnd).replace(/\s+/g, ' ').trim().slice(0, 80);
  return title ? `item ${position} ("${title}")` : `item ${position}`;
}
