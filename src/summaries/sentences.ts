/**
 * Sentence splitting for news copy in any script: candidate ends come from one regex (the
 * terminators UAX #29 uses, Latin and non-Latin), then what a generic splitter gets wrong in news
 * is repaired ("Gen. Asim Munir", "U.S. Army", "A. Q. Khan", closing quotes); paragraph breaks
 * and headings are hard boundaries.
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
 * Candidate sentence ends: a Latin terminator (plus closing quotes/brackets) followed by
 * whitespace, or a terminator of a script that needs no space after it (Urdu full stop,
 * Devanagari/Bengali danda, Arabic question mark, CJK full-width marks). The repairs below then
 * glue back what is not a real end (abbreviations, initials, "!" before lower case).
 */
// The terminator run is matched once, from its first character, and never given back
// (lookbehind + captured lookahead = an atomic group): "....x" was quadratic in the dots.
const BOUNDARY_RE = /(?<![.!?])(?=([.!?]+))\1[\p{Pf}\p{Pe}"'»」』]*\s+|[۔।॥؟。！？]+[\p{Pf}\p{Pe}"'»」』]*\s*/gu;

/** A sentence's last character(s) that mark it as finished (also used for heading detection). */
const TERMINAL_RE = /[.!?…۔।॥؟。！？:;][\p{Pf}\p{Pe}"'」』*]*$/u;

const HEADING_MAX_WORDS = 14;
const HEADING_MAX_CHARS = 120;

const LEADING_OPENERS_RE = /^[\p{Ps}\p{Pi}"']+/u;
const STARTS_LOWER_RE = /^[\p{Pi}\p{Ps}"']*\p{Ll}/u;
const ONLY_CLOSERS_RE = /^[\p{Pf}\p{Pe}"'»]+$/u;
const INITIAL_RE = /^\p{Lu}\.$/u;
const DOTTED_ACRONYM_RE = /^(?:\p{L}\.){2,}$/u;
const FIRST_WORD_RE = /^[\p{Ps}\p{Pi}"']*([\p{L}\p{M}\p{N}]+)/u;
const CURLY_CLOSE_RE = /^([\p{Pf}»]+)(\s|$)/u;

/** Last whitespace-delimited token, without an opening bracket/quote glued to it: "(Gen." → "Gen.". */
function lastToken(text: string): string {
  const trimmed = text.trimEnd();
  // lastIndexOf instead of /\S+$/: a regex anchored at the end still scans the whole sentence.
  const at = Math.max(trimmed.lastIndexOf(' '), trimmed.lastIndexOf('\n'), trimmed.lastIndexOf('\t'));
  return trimmed.slice(at + 1).replace(LEADING_OPENERS_RE, '');
}

function firstWord(text: string): string {
  return FIRST_WORD_RE.exec(text)?.[1] ?? '';
}

/** Should `next` be glued back onto `prev`? See the rules in the module comment above. */
function shouldJoin(prev: string, next: string): boolean {
  const original = lastToken(prev);
  const token = original.toLowerCase();
  const nextTrimmed = next.trimStart();
  if (nextTrimmed === '') return true;
  // "!"/"?" before lower case does not end a sentence: `"Stop!" he shouted.` is one sentence.
  if (STARTS_LOWER_RE.test(nextTrimmed)) return true;
  // A segment that is only closing punctuation belongs to the sentence it closes.
  if (ONLY_CLOSERS_RE.test(nextTrimmed)) return true;
  if (ALWAYS_ABBREVIATIONS.has(token)) return true;
  // "No. 10" / "Nos. 3 and 4", but "He said no. The…" ends a sentence.
  if ((original === 'No.' || original === 'Nos.') && /^\p{N}/u.test(nextTrimmed)) return true;
  // Initials: "A. Q. Khan" (one upper-case letter and a full stop).
  if (INITIAL_RE.test(original)) return true;
  // Decimals ("1.5") never get here: a boundary needs whitespace after the full stop.
  if (AMBIGUOUS_ABBREVIATIONS.has(token) || DOTTED_ACRONYM_RE.test(token)) {
    const word = firstWord(nextTrimmed);
    return word !== '' && !SENTENCE_OPENERS.has(word.toLowerCase());
  }
  return false;
}

/** Moves closing quotes left at the start of the next segment back to their sentence. */
function reattachClosingQuote(prev: string, next: string): [string, string] {
  const first = next.charCodeAt(0);
  // Fast exit: almost every segment starts with a letter.
  if (first !== 0x22 && first !== 0xbb && first < 0x2018) return [prev, next];
  const curly = CURLY_CLOSE_RE.exec(next);
  if (curly?.[1]) return [prev.trimEnd() + curly[1], next.slice(curly[1].length)];
  if (first === 0x22 && /^"(\s|$)/.test(next)) {
    let straight = 0;
    for (let i = prev.indexOf('"'); i !== -1; i = prev.indexOf('"', i + 1)) straight += 1;
    if (straight % 2 === 1) return [prev.trimEnd() + '"', next.slice(1)];
  }
  return [prev, next];
}

/** Pieces of one line, cut after every BOUNDARY_RE match (the separator stays with its piece). */
function rawPieces(line: string): string[] {
  const pieces: string[] = [];
  let last = 0;
  for (const m of line.matchAll(BOUNDARY_RE)) {
    const end = m.index + m[0].length;
    if (end >= line.length) break;
    pieces.push(line.slice(last, end));
    last = end;
  }
  pieces.push(line.slice(last));
  return pieces;
}

/**
 * Sentences of one line. A boundary regex plus repairs rather than Intl.Segmenter: ICU (UAX #29)
 * finds the same candidate ends but costs several µs per sentence and still needs every repair
 * here (it has no abbreviation list), and the summariser splits every article it sees.
 */
function splitLine(line: string): string[] {
  const out: string[] = [];
  for (const piece of rawPieces(line)) {
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
  const sentences: string[] = [];
  for (const s of out) {
    const clean = s.replace(/\s+/g, ' ').trim();
    if (clean !== '') sentences.push(clean);
  }
  return sentences;
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
      return { text: line, heading, sentences: heading ? [] : splitLine(line) };
    });
}

/** Sentences of `text` in reading order, headings dropped. `lang` is a BCP-47 tag (e.g. "ur"). */
export function splitSentences(text: string, lang?: string, options: SplitOptions = {}): string[] {
  return splitParagraphs(text, lang, options).flatMap((p) => p.sentences);
}
