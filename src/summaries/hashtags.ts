/**
 * Hashtag candidates for an article, as tag bodies without '#', most relevant first:
 *   1. the feed's hashtagMap: phrases found in the title, then in the body (most frequent first);
 *      editor-curated, so never displaced by anything below,
 *   2. the article's categories that pass the stoplist (house sections such as Breaking, News,
 *      Reviews, Opinion, Crime or What's on are not subjects),
 *   3. proper names that appear in the headline or the lede (and at least twice in the body),
 *      not nationality adjectives ("Turkish") and not names mentioned only deep in the body.
 * The formatter drops tags whose words are already in the post (curated ones excepted) and keeps
 * the network's cap.
 */
import { isDemonym, mentions, repeatedNames } from './names.js';

export { repeatedNames } from './names.js';

export const MAX_SUMMARY_HASHTAGS = 10;

/** House sections and labels that are not a story's subject (compared lower-case, apostrophes dropped). */
const CATEGORY_STOPLIST = new Set([
  'uncategorized', 'uncategorised', 'general', 'news', 'latest', 'latest news', 'home', 'featured', 'top stories',
  'top story', 'breaking', 'breaking news', 'reviews', 'review', 'opinion', 'opinions', 'editorial', 'editorials',
  'columns', 'column', 'blog', 'blogs', 'crime', 'crimes', 'whats on', 'what is on', 'events', 'live', 'live updates',
  'videos', 'video', 'photos', 'gallery', 'trending', 'most read', 'world', 'national', 'local', 'regional',
  'international', 'stories', 'story', 'misc', 'other', 'others', 'sponsored', 'partner content', 'analysis',
  'features', 'feature', 'lifestyle', 'entertainment', 'must read', 'editors pick', 'editor’s pick',
]);

export function isStoplistedCategory(category: string): boolean {
  return CATEGORY_STOPLIST.has(category.trim().toLowerCase().replace(/['’]/gu, '').replace(/\s+/gu, ' '));
}

/**
 * Tag body for a phrase: words CamelCased ("asim munir" → "AsimMunir"), anything that is not a
 * letter, mark, digit or underscore removed (networks end a hashtag at punctuation), possessives
 * dropped. A single word keeps its own casing ("iPhone", "KAAN"). Returns '' when nothing usable
 * remains or the tag would be digits only (X and others do not link "#2026").
 */
export function toHashtag(phrase: string): string {
  const parts = phrase
    .replace(/^#+/u, '')
    .replace(/['’]s\b/gu, '')
    .replace(/['’]/gu, '')
    // match() rather than split(regex): V8's regex split is far slower, and this runs per post.
    .match(/[\p{L}\p{M}\p{N}_]+/gu) ?? [];
  const body =
    parts.length === 1
      ? (parts[0] ?? '')
      : parts.map((p) => (p[0] ?? '').toLocaleUpperCase('en') + p.slice(1)).join('');
  return /[\p{L}_]/u.test(body) ? body : '';
}

function phraseRegExp(phrase: string): RegExp | undefined {
  const escaped = phrase.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
  if (escaped === '') return undefined;
  return new RegExp(`(?<![\\p{L}\\p{M}\\p{N}])${escaped}(?![\\p{L}\\p{M}\\p{N}])`, 'giu');
}

/** A hashtag map with its phrase regexes built once (per summariser, not per article). */
export interface CompiledHashtagMap {
  readonly compiled: true;
  entries: ReadonlyArray<{ phrase: string; re: RegExp; tags: readonly string[] }>;
}

export function compileHashtagMap(map: Readonly<Record<string, readonly string[]>>): CompiledHashtagMap {
  const entries: Array<{ phrase: string; re: RegExp; tags: readonly string[] }> = [];
  for (const [phrase, tags] of Object.entries(map)) {
    const re = phraseRegExp(phrase);
    if (re) entries.push({ phrase: phrase.trim(), re, tags });
  }
  return { compiled: true, entries };
}

function countMatches(re: RegExp, text: string): number {
  re.lastIndex = 0;
  let n = 0;
  while (re.exec(text) !== null) n += 1;
  return n;
}

export interface HashtagSources {
  title: string;
  /** The lede (first sentence of the summary); names must appear here or in the title. */
  lede?: string;
  /** Body text (plain). */
  text: string;
  /** Prose sentences of the body (no headings or boilerplate), for name detection. */
  sentences: readonly string[];
  categories: readonly string[];
  /** Phrase → tags; compile it once with `compileHashtagMap` when extracting for many articles. */
  hashtagMap: Readonly<Record<string, readonly string[]>> | CompiledHashtagMap;
}

export interface ArticleHashtags {
  /** Every candidate, best first (curated first). */
  hashtags: string[];
  /** The hashtagMap's tags among them: kept even when their word is already in the post. */
  curated: string[];
}

function isCompiled(map: HashtagSources['hashtagMap']): map is CompiledHashtagMap {
  return (map as Partial<CompiledHashtagMap>).compiled === true && Array.isArray((map as Partial<CompiledHashtagMap>).entries);
}

/** Map tags (title hits, then body hits by count) and the words of the phrases that hit. */
function mapHits(map: CompiledHashtagMap, title: string, text: string): { tags: string[]; mappedWords: Set<string> } {
  const titleTags: string[] = [];
  const bodyHits: Array<{ tags: readonly string[]; count: number; index: number }> = [];
  // A name inside a phrase the editors mapped is theirs to tag ("Pakistan Turkey defence
  // cooperation" → #Turkiye, so no #Turkey from the same words).
  const mappedWords = new Set<string>();
  map.entries.forEach(({ phrase, re, tags }, index) => {
    let hit = countMatches(re, title) > 0;
    if (hit) titleTags.push(...tags);
    else {
      const count = countMatches(re, text);
      if (count > 0) bodyHits.push({ tags, count, index });
      hit = count > 0;
    }
    if (hit) for (const w of phrase.toLowerCase().split(/\s+/)) mappedWords.add(w);
  });
  bodyHits.sort((a, b) => b.count - a.count || a.index - b.index);
  return { tags: [...titleTags, ...bodyHits.flatMap((h) => h.tags)], mappedWords };
}

/** Names of the story: repeated in the body and present in the headline or lede; no adjectives. */
function storyNames(sources: HashtagSources, mappedWords: ReadonlySet<string>): string[] {
  const lede = sources.lede ?? sources.sentences[0] ?? '';
  return repeatedNames(sources.sentences, sources.title).filter(
    (n) => !isDemonym(n) && !n.toLowerCase().split(' ').every((w) => mappedWords.has(w)) && (mentions(sources.title, n) || mentions(lede, n)),
  );
}

export function articleHashtags(sources: HashtagSources): ArticleHashtags {
  const map = isCompiled(sources.hashtagMap) ? sources.hashtagMap : compileHashtagMap(sources.hashtagMap);
  const { tags: mapped, mappedWords } = mapHits(map, sources.title, sources.text);
  const categories = sources.categories.filter((c) => !isStoplistedCategory(c));
  const seen = new Set<string>();
  const out: string[] = [];
  const curated: string[] = [];
  const add = (candidate: string, isCurated: boolean): void => {
    const tag = toHashtag(candidate);
    const key = tag.toLocaleLowerCase('en');
    if (tag === '' || seen.has(key) || isDemonymOf(key, seen) || out.length >= MAX_SUMMARY_HASHTAGS) return;
    seen.add(key);
    out.push(tag);
    if (isCurated) curated.push(tag);
  };
  for (const t of mapped) add(t, true);
  for (const c of categories) add(c, false);
  for (const n of storyNames(sources, mappedWords)) add(n, false);
  return { hashtags: out, curated };
}

export function extractHashtags(sources: HashtagSources): string[] {
  return articleHashtags(sources).hashtags;
}

/** "pakistani" next to "pakistan", "indian" next to "india": the same tag twice, spelled as a people. */
const DEMONYM_SUFFIXES = ['i', 'n', 'an', 'ian', 'ese', 'ish'];

function isDemonymOf(key: string, accepted: ReadonlySet<string>): boolean {
  for (const suffix of DEMONYM_SUFFIXES) {
    if (key.length > suffix.length + 2 && key.endsWith(suffix) && accepted.has(key.slice(0, -suffix.length))) return true;
  }
  // "india" + "n", but also "indonesia" → "indonesian": covered above; "turkiye"/"turkish" differ too much.
  return false;
}
