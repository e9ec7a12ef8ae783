import { cleanText } from './item-limits.js';
import type { ParsedFeed } from './parse-feed.js';

/**
 * The warnings a poll leaves on the feed's health (FeedState.warnings, `crier status`, the desk):
 * what the read had to work around, in words an editor can act on. Bounded in number and
 * length, and cleaned, because parts of them (item titles, parser messages) come from the feed.
 */

const MAX_WARNINGS = 10;
const MAX_SKIP_REASONS = 5;
const MAX_WARNING_CHARS = 300;

export function feedHealthWarnings(charsetWarnings: readonly string[] | undefined, parsed: Pick<ParsedFeed, 'warnings' | 'skipped' | 'itemsDropped'>): string[] {
  const warnings = [...(charsetWarnings ?? []), ...parsed.warnings, ...parsed.skipped.slice(0, MAX_SKIP_REASONS)];
  if (parsed.skipped.length > MAX_SKIP_REASONS) warnings.push(`…and ${parsed.skipped.length - MAX_SKIP_REASONS} more items skipped`);
  if (parsed.itemsDropped > 0) warnings.push(`${parsed.itemsDropped} older items were not read (over maxItemsPerPoll)`);
  return warnings.slice(0, MAX_WARNINGS).map((warning) => cleanText(warning, MAX_WARNING_CHARS));
}
