/**
 * Sentence splitting: `Intl.Segmenter` (ICU, UAX #29) does the heavy lifting in every script,
 * and this module repairs the mistakes ICU makes on news copy (it has no abbreviation list, so
 * "Gen. Asim Munir" becomes two sentences) and adds hard boundaries it cannot know about
 * (paragraph breaks, headings).
 */
import { countWords } from './terms.js';

export interface Paragraph {
  text: string;
  /** A short line without terminal punctuation ("Regional Security Landscape In Focus"). */
  heading: boolean;
  sentences: string[];
}

export interface SplitOptions {
  /**
   * Drop heading-like lines (default true). Turn off for text known to be prose, such as a
   * teaser, whose single sentence often lacks a final full stop.
   */
  dropHeadings?: boolean;
}

/** Titles and other abbreviations that are (practically) never the end of a sentence. */
const ALWAYS_ABBREVIATIONS = new Set([
  'gen.', 'lt.', 'col.', 'maj.', 'capt.', 'brig.', 'adm.', 'sgt.', 'cmdr.', 'gov.', 'sen.', 'rep.',
  'dr.', 'mr.', 'mrs.', 'ms.', 'prof.', 'st.', 'hon.', 'rev.', 'e.g.', 'i.e.', 'vs.', 'v.',
  'rs.', 'approx.', 'fig.', 'vol.', 'pp.', 'p.', 'art.', 'sec.', 'cf.', 'mt.', 'ft.',
  'jan.', 'feb.', 'aug.', 'sept.', 'sep.', 'oct.', 'nov.', 'dec.',
]);

/**
 * Abbreviations that also end sentences ("…moved to the U.S. The next day"). They are joined
 * with what follows only when the next word is not a typical sentence opener, which keeps
 * "The U.S. Army said" whole and still splits "…the U.S. The next day".
 */
const AMBIGUOUS_ABBREVIATIONS = new Set([
  'u.s.', 'u.k.', 'u.n.', 'u.a.e.', 'e.u.', 'inc.', 'ltd.', 'co.', 'corp.', 'jr.', 'sr.', 'etc.', 'bros.',
]);

/** Words that commonly start an English sentence; used only to disambiguate the set above. */
const SENTENCE_OPENERS = new Set([
  'the', 'a', 'an', 'he', 'she', 'it', 'they', 'we', 'i', 'you', 'this', 'that', 'these', 'those',
  'there', 'in', 'on', 'at', 'for', 'but', 'and', 'or', 'so', 'however', 'meanwhile', 'also', 'his',
  'her', 'their', 'its', 'our', 'after', 'before', 'when', 'while', 'if', 'as', 'since', 'both',
  'some', 'many', 'one', 'officials', 'according', 'earlier', 'later', 'last', 'next', 'what', 'who',
]);

/**
 * Terminators ICU may not split on in every version/locale (Urdu full stop, Devanagari danda
 * used by Hindi and Bengali, Arabic question mark, CJK full-width marks). A closing quote or
 * bracket right after the terminator stays with the sentence.
 */
const NON_LATIN_BOUNDARY_RE = /(?<=[۔।॥؟。！？][\p{Pf}\p{Pe}"'」』]*)\s*(?=\S)/u;

/** A sentence's last character(s) that mark it as finished (also used for heading detection). */
const TERMINAL_RE = /[.!?…۔।॥؟。！？:;][\p{Pf}\p{Pe}"'」』*]*$/u;

const HEADING_MAX_WORDS = 14;
const HEADING_MAX_CHARS = 120;

const segmenters = new Map<string, Intl.Segmenter>();

/** Segmenter for the language, falling back to English (deterministic, unlike the host default). */
function sentenceSegmenter(lang: string | undefined): Intl.Segmenter {
  const key = lang ?? 'en';
  let segmenter = segmenters.get(key);
  if (!segmenter) {
    try {
      segmenter = new Intl.Segmenter(key, { granularity: 'sentence' });
    } catch {
      // An invalid BCP-47 tag from a feed must not stop the pipeline.
      segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
    }
    segmenters.set(key, segmenter);
  }
  return segmenter;
}

function lastToken(text: string): string {
  const match = /(\S+)$/u.exec(text.trimEnd());
  // Strip an opening bracket/quote glued to the abbreviation: "(Gen." → "Gen.".
  return (match?.[1] ?? '').replace(/^[\p{Ps}\p{Pi}"']+/u, '');
}

function firstWord(text: string): string {
  const match = /^[\p{Ps}\p{Pi}"']*([\p{L}\p{M}\p{N}]+)/u.exec(text.trimStart());
  return match?.[1] ?? '';
}

/** Should `next` be glued back onto `prev`? See the rules in the module comment above. */
function shouldJoin(prev: string, next: string): boolean {
  const original = lastToken(prev);
  const token = original.toLowerCase();
  const nextTrimmed = next.trimStart();
  if (nextTrimmed === '') return true;
  // ICU splits after "!"/"?" even before lower case: `"Stop!" he shouted.` is one sentence.
  if (/^[\p{Pi}\p{Ps}"']*\p{Ll}/u.test(nextTrimmed)) return true;
  // A segment that is only closing punctuation belongs to the sentence it closes.
  if (/^[\p{Pf}\p{Pe}"'»]+$/u.test(nextTrimmed)) return true;
  if (ALWAYS_ABBREVIATIONS.has(token)) return true;
  // "No. 10" / "Nos. 3 and 4", but "He said no. The…" ends a sentence.
  if ((original === 'No.' || original === 'Nos.') && /^\p{N}/u.test(nextTrimmed)) return true;
  // Initials: "A. Q. Khan" (one upper-case letter and a full stop).
  if (/^\p{Lu}\.$/u.test(original)) return true;
  // Decimals split by a stray space are not repaired; ICU already keeps "1.5" whole.
  const isDottedAcronym = /^(?:\p{L}\.){2,}$/u.test(token);
  if (AMBIGUOUS_ABBREVIATIONS.has(token) || isDottedAcronym) {
    const word = firstWord(nextTrimmed);
    return word !== '' && !SENTENCE_OPENERS.has(word.toLowerCase());
  }
  return false;
}

/** Moves closing quotes that ICU left at the start of the next segment back to their sentence. */
function reattachClosingQuote(prev: string, next: string): [string, string] {
  const curly = /^([\p{Pf}»]+)(\s|$)/u.exec(next);
  if (curly?.[1]) return [prev.trimEnd() + curly[1], next.slice(curly[1].length)];
  const straightQuotes = (prev.match(/"/g) ?? []).length;
  if (straightQuotes % 2 === 1 && /^"(\s|$)/.test(next)) return [prev.trimEnd() + '"', next.slice(1)];
  return [prev, next];
}

function splitLine(line: string, lang: string | undefined): string[] {
  const raw = [...sentenceSegmenter(lang).segment(line)].flatMap((s) => s.segment.split(NON_LATIN_BOUNDARY_RE));
  const out: string[] = [];
  for (const piece of raw) {
    const previous = out.at(-1);
    if (previous === undefined) {
      out.push(piece);
      continue;
    }
    const [prev, next] = reattachClosingQuote(previous, piece);
    if (shouldJoin(prev, next)) {
      out[out.length - 1] = prev + next;
    } else {
      out[out.length - 1] = prev;
      out.push(next);
    }
  }
  return out.map((s) => s.replace(/\s+/g, ' ').trim()).filter((s) => s.length > 0);
}

/** True for a short line that does not end like a sentence: a heading or a dateline/credit. */
export function isHeadingLike(line: string, lang?: string): boolean {
  const trimmed = line.trim();
  if (trimmed === '' || TERMINAL_RE.test(trimmed)) return false;
  return trimmed.length <= HEADING_MAX_CHARS && countWords(trimmed, lang) <= HEADING_MAX_WORDS;
}

/**
 * Splits plain text into paragraphs (one per line) and their sentences. A line break is always a
 * sentence boundary, so a heading is never glued to the sentence after it.
 */
export function splitParagraphs(text: string, lang?: string, options: SplitOptions = {}): Paragraph[] {
  const detectHeadings = options.dropHeadings ?? true;
  return text
    .split(/\n+/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line) => {
      const heading = detectHeadings && isHeadingLike(line, lang);
      return { text: line, heading, sentences: heading ? [] : splitLine(line, lang) };
    });
}

/** Sentences of `text` in reading order, headings dropped. `lang` is a BCP-47 tag (e.g. "ur"). */
export function splitSentences(text: string, lang?: string, options: SplitOptions = {}): string[] {
  return splitParagraphs(text, lang, options).flatMap((p) => p.sentences);
}
