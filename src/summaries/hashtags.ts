/**
 * Hashtag candidates for an article, as tag bodies without '#', most relevant first:
 *   1. hashtagMap phrases found in the title (editor-curated and about the headline),
 *   2. the article's categories (editor-assigned),
 *   3. hashtagMap phrases found only in the body, most frequent first,
 *   4. proper names repeated at least twice in the body (names in the title first, then by count).
 * The formatter later drops tags whose words are already in the post and keeps `maxHashtags`.
 */
import { isStopword } from './terms.js';

export const MAX_SUMMARY_HASHTAGS = 10;
const MIN_NAME_MENTIONS = 2;

/** Categories that carry no meaning as a tag. */
const GENERIC_CATEGORIES = new Set(['uncategorized', 'uncategorised', 'general', 'news', 'latest', 'home', 'featured', 'top stories']);

/** Capitalised words that are not names (calendar words, honorifics stripped from name runs). */
const NOT_NAMES = new Set(
  ('monday tuesday wednesday thursday friday saturday sunday january february march april may june july ' +
    'august september october november december ' +
    // Abbreviations and currency codes that are capitalised but are not names.
    'rs usd pkr inr eur gbp no st mr mrs ms dr gen lt col am pm').split(' '),
);
const HONORIFICS = new Set(
  ('field marshal general gen lt col colonel major captain admiral brigadier president prime minister ' +
    'chief secretary senator governor mr mrs ms dr prof professor sir king queen prince princess sheikh').split(' '),
);

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

interface NameStat {
  name: string;
  count: number;
  first: number;
}

interface NameToken {
  token: string;
  /** First word of its sentence, where capitalisation proves nothing. */
  initial: boolean;
}

const NAME_TOKEN_RE = /[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N}'’-]*/gu;
// eslint-disable-next-line no-control-regex -- any Latin-1 character, controls included
const LATIN1_RE = /^[\x00-\u00FF\u2010-\u2027]*$/;
/**
 * Latin-1 fast path: runs of capitalised tokens only (lower-case words can never be part of a
 * name, so the regex engine skips them), without V8's slow Unicode-property classes.
 */
const LATIN_CAPITAL_RUN_RE =
  /(?<![A-Za-z0-9\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u00FF'\u2019-])[A-Z\u00C0-\u00D6\u00D8-\u00DE][A-Za-z0-9\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u00FF'\u2019-]*(?:\s+[A-Z\u00C0-\u00D6\u00D8-\u00DE][A-Za-z0-9\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u00FF'\u2019-]*)*/g;
const LATIN_FIRST_TOKEN_RE = /[A-Za-z0-9\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u00FF]/;
const SPACE_RE = /\s/;

/** Upper-case first letter, in any cased script ("É", "Ж"); caseless scripts never qualify. */
function startsUpper(token: string): boolean {
  const code = token.charCodeAt(0);
  if (code < 128) return code >= 65 && code <= 90;
  const c = token.charAt(0);
  return c !== c.toLowerCase() && c === c.toUpperCase();
}

/** The gap between two tokens is whitespace only (punctuation would end a name). */
function onlySpaces(text: string, from: number, to: number): boolean {
  if (to <= from) return false;
  for (let i = from; i < to; i += 1) {
    if (text.charCodeAt(i) !== 32 && !SPACE_RE.test(text.charAt(i))) return false;
  }
  return true;
}

/** Adds one token to the current run; returns false when the token breaks the run (not a name word). */
function pushNameToken(runs: NameToken[][], run: NameToken[], raw: string, initial: boolean): NameToken[] {
  const token = raw.endsWith("'s") || raw.endsWith('’s') ? raw.slice(0, -2) : raw;
  const upper = startsUpper(token);
  const lower = upper ? token.toLowerCase() : '';
  const isNameWord = upper && !NOT_NAMES.has(lower) && !(initial && isStopword(lower));
  if (!isNameWord) {
    if (run.length > 0) runs.push(run);
    return [];
  }
  if (!(run.length === 0 && HONORIFICS.has(lower))) run.push({ token, initial });
  return run;
}

function latinNameRuns(sentence: string): NameToken[][] {
  const runs: NameToken[][] = [];
  const firstToken = LATIN_FIRST_TOKEN_RE.exec(sentence)?.index ?? -1;
  for (const match of sentence.matchAll(LATIN_CAPITAL_RUN_RE)) {
    let run: NameToken[] = [];
    let initial = match.index === firstToken;
    for (const raw of match[0].split(/\s+/)) {
      run = pushNameToken(runs, run, raw, initial);
      initial = false;
    }
    if (run.length > 0) runs.push(run);
  }
  return runs;
}

/**
 * Runs of capitalised words separated only by spaces (punctuation ends a name), with honorifics
 * stripped from the front ("Field Marshal Asim Munir" → "Asim Munir").
 */
function nameRuns(sentence: string): NameToken[][] {
  if (LATIN1_RE.test(sentence)) return latinNameRuns(sentence);
  const runs: NameToken[][] = [];
  let run: NameToken[] = [];
  let previousEnd = -1;
  let index = 0;
  for (const match of sentence.matchAll(NAME_TOKEN_RE)) {
    const start = match.index;
    if (run.length > 0 && !onlySpaces(sentence, previousEnd, start)) {
      runs.push(run);
      run = [];
    }
    previousEnd = start + match[0].length;
    run = pushNameToken(runs, run, match[0], index === 0);
    index += 1;
  }
  if (run.length > 0) runs.push(run);
  return runs;
}

/**
 * Proper names mentioned at least twice. Heuristics, documented because they are guesses:
 * a sentence-initial word counts only if the same word is capitalised mid-sentence somewhere
 * ("Recent escalations…" is not a name); a multi-word run whose first word is more often a name
 * on its own ("Pakistan Turkey defence cooperation" next to many "Pakistan") is split into its
 * words, so adjacent names are not fused into one tag.
 */
export function repeatedNames(sentences: readonly string[], title: string): string[] {
  const rawRuns: NameToken[][] = [];
  for (const s of sentences) for (const run of nameRuns(s)) rawRuns.push(run);
  const midSentence = new Set<string>();
  for (const run of rawRuns) for (const t of run) if (!t.initial) midSentence.add(t.token);
  const runs: string[][] = [];
  for (const run of rawRuns) {
    const first = run[0];
    const tokens = (first?.initial && !midSentence.has(first.token) ? run.slice(1) : run).map((t) => t.token);
    if (tokens.length > 0) runs.push(tokens);
  }
  const singles = new Map<string, number>();
  const runCounts = new Map<string, number>();
  const joined = runs.map((run) => run.join(' '));
  runs.forEach((run, i) => {
    if (run.length === 1 && run[0]) singles.set(run[0], (singles.get(run[0]) ?? 0) + 1);
    const key = joined[i] ?? '';
    runCounts.set(key, (runCounts.get(key) ?? 0) + 1);
  });

  const stats = new Map<string, NameStat>();
  let order = 0;
  const add = (name: string): void => {
    let stat = stats.get(name);
    if (!stat) {
      stat = { name, count: 0, first: order++ };
      stats.set(name, stat);
    }
    stat.count += 1;
  };
  runs.forEach((run, i) => {
    const key = joined[i] ?? '';
    const split = run.length > 1 && (singles.get(run[0] ?? '') ?? 0) >= (runCounts.get(key) ?? 0);
    if (split) run.forEach(add);
    else add(key);
  });
  const titleLower = title.toLowerCase();
  const inTitle = new Map<string, number>();
  const kept = [...stats.values()].filter((s) => s.count >= MIN_NAME_MENTIONS && s.name.length > 1);
  for (const s of kept) inTitle.set(s.name, Number(titleLower.includes(s.name.toLowerCase())));
  return kept
    .sort((a, b) => (inTitle.get(b.name) ?? 0) - (inTitle.get(a.name) ?? 0) || b.count - a.count || a.first - b.first)
    .map((s) => s.name);
}

export interface HashtagSources {
  title: string;
  /** Body text (plain). */
  text: string;
  /** Prose sentences of the body (no headings or boilerplate), for name detection. */
  sentences: readonly string[];
  categories: readonly string[];
  /** Phrase → tags; compile it once with `compileHashtagMap` when extracting for many articles. */
  hashtagMap: Readonly<Record<string, readonly string[]>> | CompiledHashtagMap;
}

function isCompiled(map: HashtagSources['hashtagMap']): map is CompiledHashtagMap {
  return (map as Partial<CompiledHashtagMap>).compiled === true && Array.isArray((map as Partial<CompiledHashtagMap>).entries);
}

export function extractHashtags(sources: HashtagSources): string[] {
  const map = isCompiled(sources.hashtagMap) ? sources.hashtagMap : compileHashtagMap(sources.hashtagMap);
  const titleTags: string[] = [];
  const bodyHits: Array<{ tags: readonly string[]; count: number; index: number }> = [];
  // A name inside a phrase the editors mapped is theirs to tag ("Pakistan Turkey defence
  // cooperation" → #Turkiye, so no #Turkey from the same words).
  const mappedWords = new Set<string>();
  map.entries.forEach(({ phrase, re, tags }, index) => {
    let hit = countMatches(re, sources.title) > 0;
    if (hit) titleTags.push(...tags);
    else {
      const count = countMatches(re, sources.text);
      if (count > 0) bodyHits.push({ tags, count, index });
      hit = count > 0;
    }
    if (hit) for (const w of phrase.toLowerCase().split(/\s+/)) mappedWords.add(w);
  });
  bodyHits.sort((a, b) => b.count - a.count || a.index - b.index);
  const categories = sources.categories.filter((c) => !GENERIC_CATEGORIES.has(c.trim().toLowerCase()));
  const names = repeatedNames(sources.sentences, sources.title).filter((n) => !n.toLowerCase().split(' ').every((w) => mappedWords.has(w)));
  const candidates = [...titleTags, ...categories, ...bodyHits.flatMap((h) => h.tags), ...names];
  const seen = new Set<string>();
  const out: string[] = [];
  for (const candidate of candidates) {
    const tag = toHashtag(candidate);
    const key = tag.toLocaleLowerCase('en');
    if (tag === '' || seen.has(key) || isDemonymOf(key, seen)) continue;
    seen.add(key);
    out.push(tag);
    if (out.length >= MAX_SUMMARY_HASHTAGS) break;
  }
  return out;
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
