import type { FeedFilters } from '../config/schema.js';

/**
 * Per-feed include/exclude rules from the config. Include: when any rule is configured, at least
 * one category, keyword or regex must match. Exclude: none may match. Exclude wins, so an editor
 * can always stop "Sponsored" posts even if they are also tagged "Pakistan".
 *
 * Matching is meant to behave the way an editor expects, in any script:
 * - categories: whole category, case-insensitive ("defence" matches "Defence");
 * - keywords: whole words or phrases, case-insensitive, Unicode-aware ("Gen" does not match
 *   "General"; Urdu keywords work because letters, marks and digits of every script count as
 *   word characters); spaces in a phrase match any run of whitespace;
 * - regex: JavaScript syntax with the 'iu' flags, matched against the title and the text.
 */

export interface FilterableItem {
  title: string;
  text: string;
  categories: string[];
}

export type FilterResult = { ok: true } | { ok: false; reason: string };

type Matcher = NonNullable<FeedFilters['include']>;

const WORD_CHAR = '[\\p{L}\\p{M}\\p{N}_]';
const patternCache = new Map<string, RegExp | null>();

export function matchesFilters(item: FilterableItem, filters: FeedFilters): FilterResult {
  const haystack = `${item.title}\n${item.text}`.normalize('NFC');
  const categories = new Set(item.categories.map(normaliseCategory));

  const excluded = firstMatch(filters.exclude, haystack, categories);
  if (excluded) return { ok: false, reason: `excluded by ${excluded}` };

  const include = filters.include;
  if (include && ruleCount(include) > 0 && !firstMatch(include, haystack, categories)) {
    return { ok: false, reason: `matches none of the include rules (${describeRules(include)})` };
  }
  return { ok: true };
}

/** Description of the first rule that matches, e.g. 'keyword "cricket"'; undefined when none does. */
function firstMatch(matcher: Matcher | undefined, haystack: string, categories: Set<string>): string | undefined {
  if (!matcher) return undefined;
  for (const category of matcher.categories ?? []) {
    if (categories.has(normaliseCategory(category))) return `category "${category}"`;
  }
  for (const keyword of matcher.keywords ?? []) {
    if (compile(keywordPattern(keyword))?.test(haystack)) return `keyword "${keyword}"`;
  }
  for (const source of matcher.regex ?? []) {
    if (compile(source)?.test(haystack)) return `regex /${source}/`;
  }
  return undefined;
}

function ruleCount(matcher: Matcher): number {
  return (matcher.categories?.length ?? 0) + (matcher.keywords?.length ?? 0) + (matcher.regex?.length ?? 0);
}

function describeRules(matcher: Matcher): string {
  const parts: string[] = [];
  if (matcher.categories?.length) parts.push(`categories: ${matcher.categories.join(', ')}`);
  if (matcher.keywords?.length) parts.push(`keywords: ${matcher.keywords.join(', ')}`);
  if (matcher.regex?.length) parts.push(`regex: ${matcher.regex.map((r) => `/${r}/`).join(', ')}`);
  return parts.join('; ');
}

function normaliseCategory(category: string): string {
  return category.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase();
}

/**
 * Lookarounds instead of \b: \b only knows ASCII word characters even with the 'u' flag, so
 * "\bکراچی\b" would never match and "\bcafé\b" would match inside "cafés".
 */
function keywordPattern(keyword: string): string {
  const words = keyword.normalize('NFC').trim().split(/\s+/).map(escapeRegex);
  return `(?<!${WORD_CHAR})${words.join('\\s+')}(?!${WORD_CHAR})`;
}

function escapeRegex(text: string): string {
  // Only syntax characters: with the 'u' flag, escaping anything else (such as "\-") is a SyntaxError.
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * Patterns are validated by the config schema; a pattern that still fails to compile matches
 * nothing rather than taking the poller down. Compiled once per pattern for the process lifetime.
 */
function compile(source: string): RegExp | undefined {
  if (!source.trim()) return undefined;
  let pattern = patternCache.get(source);
  if (pattern === undefined) {
    try {
      pattern = new RegExp(source, 'iu');
    } catch {
      pattern = null;
    }
    patternCache.set(source, pattern);
  }
  return pattern ?? undefined;
}
