/**
 * Word-level helpers shared by the summariser (scoring, headline overlap) and the formatter
 * (is a hashtag's word already in the text?). Words come from ICU word segmentation so CJK and
 * Thai, which have no spaces, still yield words.
 */

/**
 * Function words that say nothing about a story. English plus the commonest Urdu and Hindi
 * particles (scripts never collide, so one set serves all languages).
 */
const STOPWORDS = new Set(
  (
    'a an the and or but nor so yet of to in on at by for from with without about into onto over under ' +
    'after before during since until while as than then that this these those there here it its he she ' +
    'they them their his her him we us our you your i me my is are was were be been being am has have had ' +
    'do does did will would shall should can could may might must not no also more most such both each ' +
    'other some any all which who whom whose what when where why how if said says say according new ' +
    'one two up out its just only very said mr mrs ms dr ' +
    'کے کی کا اور نے میں سے کو پر ہے ہیں تھا تھی تھے یہ وہ کہ بھی ایک اس ان گیا گئی کیا ' +
    'के की का और ने में से को पर है हैं था थी थे यह वह कि भी एक इस उन गया गई किया'
  ).split(/\s+/),
);

const wordSegmenters = new Map<string, Intl.Segmenter>();

function wordSegmenter(lang: string | undefined): Intl.Segmenter {
  const key = lang ?? 'en';
  let segmenter = wordSegmenters.get(key);
  if (!segmenter) {
    try {
      segmenter = new Intl.Segmenter(key, { granularity: 'word' });
    } catch {
      segmenter = new Intl.Segmenter('en', { granularity: 'word' });
    }
    wordSegmenters.set(key, segmenter);
  }
  return segmenter;
}

/**
 * Scripts written without spaces (Han incl. supplementary planes, kana, Thai, Lao, Khmer, Myanmar),
 * where only ICU's dictionary segmentation finds words. Explicit ranges: V8 runs \p{Script=…}
 * classes far slower, and this test runs on every sentence.
 */
const NO_SPACE_SCRIPT_RE =
  /[\u0E00-\u0EFF\u1000-\u109F\u1780-\u17FF\u19E0-\u19FF\u2E80-\u2FDF\u3005-\u3007\u3021-\u3029\u3038-\u303B\u3040-\u30FF\u31F0-\u31FF\u3400-\u4DBF\u4E00-\u9FFF\uA9E0-\uA9FF\uAA60-\uAA7F\uF900-\uFAFF\uFF66-\uFF9F]|[\uD840-\uD87F\uD880-\uD88F][\uDC00-\uDFFF]/;
/**
 * Fast path for space-separated scripts: ICU word segmentation is ~10× slower than a regex, and
 * the formatter asks for words of every candidate post. Inner apostrophes, periods and hyphens
 * between letters/digits stay inside the word, as with ICU ("don't", "U.S", "1.5", "F-16" → "f", "16").
 */
const SPACED_WORD_RE = /[\p{L}\p{M}\p{N}_]+(?:[.'’][\p{L}\p{M}\p{N}_]+)*/gu;

const ASCII_WORD_RE = /[a-z0-9_]+(?:[.'’][a-z0-9_]+)*/g;
// eslint-disable-next-line no-control-regex -- any ASCII, controls included
const MOSTLY_ASCII_RE = /^[\x00-\x7F\u2010-\u2027]*$/;

/** Lower-cased; an explicit-range regex for ASCII text (V8's \p{…} classes are slow). */
function spacedWords(text: string): string[] {
  const lower = text.toLowerCase();
  return (MOSTLY_ASCII_RE.test(lower) ? lower.match(ASCII_WORD_RE) : lower.match(SPACED_WORD_RE)) ?? [];
}

function dropPossessive(word: string): string {
  return word.endsWith("'s") || word.endsWith('’s') ? word.slice(0, -2) : word;
}

/** Lower-cased words (ICU word-like segments), possessive "’s" removed. */
export function words(text: string, lang?: string): string[] {
  if (!NO_SPACE_SCRIPT_RE.test(text)) return spacedWords(text).map(dropPossessive);
  const out: string[] = [];
  for (const segment of wordSegmenter(lang).segment(text)) {
    if (!segment.isWordLike) continue;
    out.push(dropPossessive(segment.segment.toLowerCase()));
  }
  return out;
}

/** Number of words, for scripts with and without spaces alike. */
export function countWords(text: string, lang?: string): number {
  if (!NO_SPACE_SCRIPT_RE.test(text)) return spacedWords(text).length;
  let n = 0;
  for (const segment of wordSegmenter(lang).segment(text)) if (segment.isWordLike) n += 1;
  return n;
}

/**
 * A deliberately light English stemmer ("reaffirmed" ~ "reaffirm", "ties" ~ "tie"): enough to
 * match a headline's terms in the body without a dictionary. Non-Latin words pass unchanged.
 */
export function stem(word: string): string {
  if (!/^[a-z]+$/.test(word) || word.length <= 4) return word;
  if (word.endsWith('ies')) return word.slice(0, -3) + 'y';
  if (word.endsWith('ing') && word.length > 6) return word.slice(0, -3);
  if (word.endsWith('ed') && word.length > 5) return word.slice(0, -2);
  if (word.endsWith('es') && /(?:ss|sh|ch|x|z)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

/** Stems are memoised: newsroom vocabulary repeats across articles. Bounded so memory stays flat. */
const stemCache = new Map<string, string>();
const STEM_CACHE_MAX = 50_000;

function cachedStem(word: string): string {
  let stemmed = stemCache.get(word);
  if (stemmed === undefined) {
    stemmed = stem(word);
    if (stemCache.size >= STEM_CACHE_MAX) stemCache.clear();
    stemCache.set(word, stemmed);
  }
  return stemmed;
}

const DIGITS_RE = /^[0-9]+$/;
const NUMERIC_RE = /^\p{N}+$/u;

function isNumber(word: string): boolean {
  const c = word.charCodeAt(0);
  if (c >= 48 && c <= 57) return DIGITS_RE.test(word) || NUMERIC_RE.test(word);
  return c > 127 && NUMERIC_RE.test(word);
}

/** Content terms of already-split words (see `words`): stop words and pure numbers removed, stemmed. */
export function contentTermsOf(wordList: readonly string[]): string[] {
  const out: string[] = [];
  for (const w of wordList) if (!STOPWORDS.has(w) && !isNumber(w)) out.push(cachedStem(w));
  return out;
}

/** Content terms: words minus stop words and pure numbers, stemmed. */
export function contentTerms(text: string, lang?: string): string[] {
  return contentTermsOf(words(text, lang));
}

export function isStopword(word: string): boolean {
  return STOPWORDS.has(word.toLowerCase());
}

/** |A ∩ B| / |A ∪ B|; 0 for two empty sets. */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 0;
  let shared = 0;
  for (const term of a) if (b.has(term)) shared += 1;
  return shared / (a.size + b.size - shared);
}

/** Share of `part`'s terms that also occur in `whole` (0 when `part` is empty). */
export function coverage(part: ReadonlySet<string>, whole: ReadonlySet<string>): number {
  if (part.size === 0) return 0;
  let shared = 0;
  for (const term of part) if (whole.has(term)) shared += 1;
  return shared / part.size;
}
