/**
 * Which of the summary's hashtags a post may carry.
 *
 * Rule: a hashtag is left out when its word is already in the visible text of the post, matched
 * as a whole word and case-insensitively ("#Pakistan" is not added when "Pakistan" or
 * "Pakistan's" is in the title or summary), and a CamelCase tag when its words appear in
 * sequence ("#AsimMunir" vs "Asim Munir"). Repeating a word as a tag spends characters without
 * adding reach; networks link the word's topic from the tag that is not in the text.
 */
import { toHashtag } from '../summaries/hashtags.js';
import { words } from '../summaries/terms.js';

/** "AsimMunir" → ["asim", "munir"], "KAAN" → ["kaan"], "F16_Jets" → ["f16", "jets"]. */
export function tagWords(tag: string): string[] {
  return tag
    .replace(/(\p{Ll}|\p{N})(\p{Lu})/gu, '$1 $2')
    .replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, '$1 $2')
    .toLowerCase()
    .match(/[^\s_]+/gu) ?? [];
}

function containsSequence(haystack: readonly string[], needle: readonly string[]): boolean {
  if (needle.length === 0) return false;
  outer: for (let i = 0; i + needle.length <= haystack.length; i += 1) {
    for (let j = 0; j < needle.length; j += 1) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

export interface PreparedTag {
  tag: string;
  key: string;
  parts: string[];
}

/** Tags repeat from article to article (categories, map tags, names): memoised, bounded. */
const preparedCache = new Map<string, PreparedTag | null>();
const PREPARED_CACHE_MAX = 10_000;

function prepareOne(raw: string): PreparedTag | null {
  let prepared = preparedCache.get(raw);
  if (prepared === undefined) {
    const tag = toHashtag(raw);
    prepared = tag === '' ? null : { tag, key: tag.toLocaleLowerCase('en'), parts: tagWords(tag) };
    if (preparedCache.size >= PREPARED_CACHE_MAX) preparedCache.clear();
    preparedCache.set(raw, prepared);
  }
  return prepared;
}

/** Sanitised, de-duplicated (case-insensitively) tags with their words; done once per post. */
export function prepareHashtags(tags: readonly string[]): PreparedTag[] {
  const seen = new Set<string>();
  const out: PreparedTag[] = [];
  for (const raw of tags) {
    const prepared = prepareOne(raw);
    if (!prepared || seen.has(prepared.key)) continue;
    seen.add(prepared.key);
    out.push(prepared);
  }
  return out;
}

/**
 * The prepared tags not already present in `visibleText`, in order, at most `max`. Tags whose
 * key is in `curated` (the feed's hashtagMap) are kept even when their word is in the text: the
 * editors chose them, and a name from the text must never push them out.
 */
export function pickHashtags(tags: readonly PreparedTag[], visibleText: string, max: number, curated: ReadonlySet<string> = new Set()): string[] {
  if (max <= 0) return [];
  const textWords = words(visibleText);
  const wordSet = new Set(textWords);
  const out: string[] = [];
  for (const { tag, key, parts } of tags) {
    if (!curated.has(key) && (wordSet.has(key) || containsSequence(textWords, parts))) continue;
    out.push(tag);
    if (out.length >= max) break;
  }
  return out;
}

/** Sanitised, de-duplicated tags not already present in `visibleText`, in order, at most `max`. */
export function selectHashtags(tags: readonly string[], visibleText: string, max: number): string[] {
  return pickHashtags(prepareHashtags(tags), visibleText, max);
}
