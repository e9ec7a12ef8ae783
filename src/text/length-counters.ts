/**
 * Length counters every network can share: graphemes (optionally weighted), UTF-16 code units
 * and a URL-weighted grapheme count. A network's own rule (X's weighting, Bluesky's byte cap,
 * Threads' emoji bytes) lives in its folder under src/publishers/<net>/ and is built from these.
 */
import twitterText from 'twitter-text';

/** Counts a text the way one network does. */
export type LengthCounter = (text: string) => number;

const graphemeSegmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * Characters that can join a neighbour into one grapheme cluster (UAX #29): CR (CR LF), marks
 * (Extend/SpacingMark), format characters (ZWJ, ZWNJ, tags), regional indicators, emoji
 * modifiers, Hangul jamo/syllables, Thai/Lao "AM", halfwidth kana voicing marks, tag characters
 * and the Prepend characters. Text without any of them has one grapheme per code point.
 */
const MAY_JOIN_RE =
  /[\r\p{M}\p{Cf}\p{Regional_Indicator}\p{Emoji_Modifier}\u1100-\u11FF\u3130-\u318F\uA960-\uA97F\uAC00-\uD7FF\u0E33\u0EB3\uFF9E\uFF9F\u0D4E\u{110BD}\u{110CD}\u{111C2}\u{111C3}\u{1193F}\u{11941}\u{11A3A}\u{11A84}-\u{11A89}\u{11D46}\u{11F02}\u{E0000}-\u{E0FFF}]/u;
/**
 * Scripts and symbols that never join (Latin, Greek, Cyrillic letters, general punctuation,
 * arrows and BMP symbols, kana, CJK ideographs, fullwidth forms): a cheap explicit-range test
 * that avoids V8's slow Unicode-property classes for the common case.
 */
const NEVER_JOINS_RE =
  // eslint-disable-next-line no-control-regex -- control characters are single graphemes too
  /^[\x00-\x0C\x0E-\u02FF\u0370-\u0482\u048A-\u052F\u1E00-\u1FFF\u2000-\u200A\u2010-\u2029\u202F-\u205F\u2070-\u20CF\u2100-\u2BFF\u3001-\u3029\u3030-\u303F\u3041-\u3096\u30A0-\u30FF\u4E00-\u9FFF\uFF01-\uFF9D]*$/;

/** Prepend characters join with what FOLLOWS, so chunking at spaces is unsafe when present. */
const PREPEND_RE = /[\u0600-\u0605\u06DD\u070F\u0890\u0891\u08E2\u0D4E\u{110BD}\u{110CD}\u{111C2}\u{111C3}\u{1193F}\u{11941}\u{11A3A}\u{11A84}-\u{11A89}\u{11D46}\u{11F02}]/u;

function countGraphemesSlow(text: string, weigh?: (grapheme: string) => number): number {
  let n = 0;
  for (const { segment } of graphemeSegmenter.segment(text)) n += weigh ? weigh(segment) : 1;
  return n;
}

/**
 * Grapheme count, or a weighted sum over graphemes. ICU segmentation costs ~1 µs per grapheme
 * in V8, and the formatter counts every candidate post, so text is cut into chunks at spaces
 * and newlines (always grapheme boundaries unless a Prepend character precedes them) and only
 * chunks that contain a joining character are segmented; elsewhere one code point is one
 * grapheme. A property test checks this against plain Intl.Segmenter.
 */
export function sumGraphemes(text: string, weigh?: (grapheme: string) => number): number {
  if (!weigh && NEVER_JOINS_RE.test(text)) return text.length;
  if (PREPEND_RE.test(text)) return countGraphemesSlow(text, weigh);
  let n = 0;
  for (const chunk of MAY_JOIN_RE.test(text) ? text.split(/(?<!\r)(?=[ \n])/) : [text]) {
    if (!NEVER_JOINS_RE.test(chunk) && MAY_JOIN_RE.test(chunk)) n += countGraphemesSlow(chunk, weigh);
    else if (weigh) for (const cp of chunk) n += weigh(cp);
    else n += chunk.length - (chunk.match(/[\uD800-\uDBFF]/g)?.length ?? 0);
  }
  return n;
}

/** Extended grapheme clusters (what a reader sees as one character). */
export const graphemeLength: LengthCounter = (text) => sumGraphemes(text);

/**
 * URL spans: twitter-text's extractor with the protocol required (the same family of regex
 * Mastodon uses: it is a Ruby port of twitter-text).
 */
function urlSpans(text: string): Array<readonly [number, number]> {
  if (!/https?:\/\//i.test(text)) return [];
  return twitterText
    .extractUrlsWithIndices(text, { extractUrlsWithoutProtocol: false })
    .map((e) => e.indices)
    .filter((ix) => /^https?:\/\//i.test(text.slice(ix[0], ix[1])));
}

/**
 * Mastodon-style count: each http(s) URL counts as `urlWeight`, the rest by graphemes (Mastodon
 * validates `countable_text.mb_chars.grapheme_length` after replacing URLs with a placeholder).
 * Remote mentions ("@user@host") are counted in full, which over-counts slightly; Mastodon only
 * counts "@user".
 */
export function urlWeightedLength(urlWeight: number): LengthCounter {
  return (text) => {
    let total = 0;
    let cursor = 0;
    for (const [start, end] of urlSpans(text)) {
      total += graphemeLength(text.slice(cursor, start)) + urlWeight;
      cursor = end;
    }
    return total + graphemeLength(text.slice(cursor));
  };
}

/**
 * UTF-16 code units (`String.length`). Used where the network does not define its unit
 * precisely: Telegram (entity offsets are UTF-16; 4096 "characters after entities parsing"),
 * Discord (2000), Facebook, Instagram (2200), LinkedIn (3000), Slack. UTF-16 length is never
 * below the code-point or grapheme count, so it is the safe reading of "characters".
 */
export const utf16Length: LengthCounter = (text) => text.length;
