/**
 * Proper names in news copy, for hashtags: runs of capitalised words (punctuation ends a name),
 * honorifics stripped, sentence-initial words counted only when also capitalised mid-sentence.
 * Heuristics, documented because they are guesses.
 */
import { isStopword } from './terms.js';

const MIN_NAME_MENTIONS = 2;

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


/**
 * Adjectives of nationality: capitalised, but "#Turkish" on a story about Türkiye's army chief
 * tags an adjective, not a subject.
 */
const DEMONYMS = new Set(
  ('afghan american arab australian bangladeshi british canadian chinese egyptian emirati european french german ' +
    'greek indian indonesian iranian iraqi irish israeli italian japanese korean kuwaiti malaysian maldivian nepali ' +
    'nepalese pakistani palestinian qatari russian saudi singaporean spanish sri lankan syrian turkish ukrainian ' +
    'bhutanese burmese tamil sindhi punjabi baloch pashtun bengali kashmiri african asian western eastern').split(' '),
);

export function isDemonym(name: string): boolean {
  return DEMONYMS.has(name.toLowerCase());
}

/** Whole-word, case-insensitive "does `text` mention `name`" (names are short: the regex is bounded). */
export function mentions(text: string, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
  return new RegExp(`(?<![\\p{L}\\p{M}\\p{N}])${escaped}(?![\\p{L}\\p{M}\\p{N}])`, 'iu').test(text);
}
