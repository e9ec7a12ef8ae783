import { FeedFetchError } from './feed-errors.js';
import { findItemSpans, itemLabel, newestItems, withItems } from './item-spans.js';
import type { FeedLayout, ItemSpan } from './item-spans.js';
import { parseXmlFeed } from './xml-feed.js';
import type { XmlFeedResult } from './xml-feed.js';
import { unprefixRssElements } from './xml-repair.js';
import { asArray } from './xml-values.js';

/**
 * From feed text to rss-parser's raw output, so that one item cannot cost the feed:
 * - an item nested deeper than MAX_ITEM_DEPTH is cut out before parsing, with its reason;
 * - only the newest `maxItems` are parsed (a 100k-item feed costs what a 200-item one does);
 * - when the parser rejects the whole document, each item is tried on its own and the bad ones
 *   are skipped with the parser's words, so one broken story does not hide the good ones.
 */

/** Real XHTML content nests a dozen levels; thousands only come from someone probing recursion. */
export const MAX_ITEM_DEPTH = 64;
export const MAX_FEED_DEPTH = 64;
export const DEFAULT_MAX_ITEMS_PER_POLL = 200;
/** Reading item by item re-parses the channel head each time; beyond this it costs too much. */
const MAX_ISOLATION_FRAME_CHARS = 256 * 1024;

export interface ReadItemsResult extends XmlFeedResult {
  /** Why items were left out ("item 3 (\"Title\") skipped: …"). */
  skipped: string[];
  /** Items beyond maxItems (the oldest ones): not read at all this time. */
  itemsDropped: number;
}

export async function readFeedItems(xml: string, label: string, maxItems: number): Promise<ReadItemsResult> {
  const text = unprefixRssElements(xml);
  const layout = findItemSpans(text);
  if (layout.depthOutsideItems > MAX_FEED_DEPTH) {
    throw new FeedFetchError('malformed', `${label} nests elements more than ${MAX_FEED_DEPTH} deep outside its items`);
  }
  const skipped: string[] = [];
  const sane = layout.items.filter((item, index) => {
    if (item.depth <= MAX_ITEM_DEPTH) return true;
    skipped.push(`${itemLabel(text, item, index + 1)} skipped: its content is nested more than ${MAX_ITEM_DEPTH} elements deep`);
    return false;
  });
  const kept = newestItems(sane, Math.max(1, maxItems));
  const itemsDropped = sane.length - kept.length;
  try {
    const result = await parseXmlFeed(withItems(text, layout, new Set(kept)), label);
    return { ...result, skipped, itemsDropped };
  } catch (err) {
    const isolated = await readItemByItem(text, layout, kept, label, skipped);
    if (!isolated) throw err;
    return { ...isolated, skipped, itemsDropped };
  }
}

/**
 * Each item inside the feed's own frame (everything before the first item and after the last),
 * through the same repair ladder. Undefined when that cannot help: the frame itself does not
 * parse, it is too large to repeat, or no item parses on its own.
 */
async function readItemByItem(text: string, layout: FeedLayout, kept: readonly ItemSpan[], label: string, skipped: string[]): Promise<XmlFeedResult | undefined> {
  const first = layout.items[0];
  const last = layout.items[layout.items.length - 1];
  if (!first || !last || kept.length === 0) return undefined;
  const head = text.slice(0, first.start);
  const tail = text.slice(last.end);
  if (head.length + tail.length > MAX_ISOLATION_FRAME_CHARS) return undefined;

  let frame: XmlFeedResult;
  try {
    frame = await parseXmlFeed(head + tail, label);
  } catch {
    return undefined;
  }
  const items: unknown[] = [];
  const problems: string[] = [];
  for (const item of kept) {
    const position = layout.items.indexOf(item) + 1;
    try {
      const alone = await parseXmlFeed(head + text.slice(item.start, item.end) + tail, label);
      items.push(...asArray(alone.output.items));
    } catch (err) {
      problems.push(`${itemLabel(text, item, position)} skipped: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  if (items.length === 0) return undefined;
  skipped.push(...problems);
  return { ...frame, output: { ...frame.output, items } };
}
