/**
 * One LengthCounter per counting rule. Where a network's rule is not documented precisely we
 * pick the stricter reading (a count that is never below the network's), because a post that
 * is rejected for length is worse than one that is a few characters shorter than it could be.
 */
import twitterText from 'twitter-text';
import type { LengthCounter } from './draft.js';

// ---------------------------------------------------------------------------------------------
// Every number the counting rules depend on, in one place.
// ---------------------------------------------------------------------------------------------

/** X (twitter-text config v3): every URL counts as this many characters, whatever its length. */
export const X_URL_LENGTH = 23;
/**
 * twitter-text's "version 3" config, spelled out so the numbers live here and an upgrade of
 * the library cannot silently change them: weights are in 1/100 of a character, code points in
 * `ranges` weigh 1, everything else (CJK, most symbols, "…") 2, and each emoji sequence 2.
 */
const X_CONFIG = {
  version: 3,
  maxWeightedTweetLength: 280,
  scale: 100,
  defaultWeight: 200,
  emojiParsingEnabled: true,
  transformedURLLength: X_URL_LENGTH,
  ranges: [
    { start: 0, end: 4351, weight: 100 },
    { start: 8192, end: 8205, weight: 100 },
    { start: 8208, end: 8223, weight: 100 },
    { start: 8242, end: 8247, weight: 100 },
  ],
};
/** Bluesky post records allow 300 graphemes AND 3000 UTF-8 bytes (app.bsky.feed.post lexicon). */
export const BLUESKY_MAX_GRAPHEMES = 300;
export const BLUESKY_MAX_BYTES = 3000;
/** Mastodon: each http(s) URL counts as 23 characters (StatusLengthValidator URL placeholder). */
export const MASTODON_URL_LENGTH = 23;

/**
 * Published limits, for callers and tests (channel config may override them). Units:
 * x = weighted chars, bluesky = graphemes, mastodon = graphemes with URLs at 23,
 * threads = graphemes with emoji at UTF-8 bytes, the rest = UTF-16 code units.
 */
export const LIMITS = {
  x: 280,
  bluesky: 300,
  mastodon: 500,
  threads: 500,
  instagram: 2200,
  telegram: 4096,
  /** Telegram media caption (sendPhoto). */
  telegramCaption: 1024,
  discord: 2000,
  linkedin: 3000,
  facebook: 63206,
  /** Slack truncates message text above 40 000 chars; 4 000 is its recommended maximum. */
  slack: 4000,
} as const;

// ---------------------------------------------------------------------------------------------

const graphemeSegmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });
const utf8 = new TextEncoder();

/** X: twitter-text weighted length (v3 defaults: URLs 23, emoji and CJK 2, Latin 1). */
export const xWeightedLength: LengthCounter = (text) => twitterText.parseTweet(text, X_CONFIG).weightedLength;

/** X also rejects empty text and a few characters (U+FFFE, U+FEFF, U+FFFF); this is its own check. */
export function isValidXText(text: string): boolean {
  return twitterText.parseTweet(text, X_CONFIG).valid;
}

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
function sumGraphemes(text: string, weigh?: (grapheme: string) => number): number {
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

/** Extended grapheme clusters (what a reader sees as one character). Bluesky's 300-limit unit. */
export const graphemeLength: LengthCounter = (text) => sumGraphemes(text);

/**
 * Bluesky's two limits folded into one count against 300: graphemes, or bytes / 10 when that is
 * larger (emoji-heavy text can pass 300 graphemes' worth of bytes: a family emoji is 25 bytes).
 * Use with limit BLUESKY_MAX_GRAPHEMES; `graphemeLength` alone misses the byte limit.
 */
export const blueskyLength: LengthCounter = (text) =>
  Math.max(graphemeLength(text), Math.ceil((utf8.encode(text).length * BLUESKY_MAX_GRAPHEMES) / BLUESKY_MAX_BYTES));

/**
 * URL spans as Mastodon sees them: twitter-text's extractor with the protocol required,
 * which is the same family of regex Mastodon uses (it is a Ruby port of twitter-text).
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

/** Mastodon's default instance rule (500, URLs 23). */
export const mastodonLength: LengthCounter = urlWeightedLength(MASTODON_URL_LENGTH);

const EMOJI_RE = /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20E3|\uFE0F/u;

/**
 * Threads: "Emojis are counted as the number of UTF-8 bytes" (Threads API docs, 500 limit).
 * Other graphemes count 1; an emoji grapheme (incl. ZWJ sequences, flags, keycaps) counts its
 * UTF-8 byte length, so a family emoji costs 18+ and a flag 8.
 */
export const threadsLength: LengthCounter = (text) =>
  sumGraphemes(text, (g) => (EMOJI_RE.test(g) ? utf8.encode(g).length : 1));

/**
 * UTF-16 code units (`String.length`). Used where the network does not define its unit
 * precisely: Telegram (entity offsets are UTF-16; 4096 "characters after entities parsing"),
 * Discord (2000), Facebook, Instagram (2200), LinkedIn (3000), Slack. UTF-16 length is never
 * below the code-point or grapheme count, so it is the safe reading of "characters".
 */
export const utf16Length: LengthCounter = (text) => text.length;
