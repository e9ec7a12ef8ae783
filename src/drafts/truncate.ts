/**
 * Where text may be shortened: only at the end of a whitespace-delimited token (never inside a
 * word, a URL or an emoji sequence) and, inside runs of scripts written without spaces (CJK,
 * Thai, Lao, Khmer, Myanmar), at ICU word boundaries, which are also grapheme boundaries.
 */

export const ELLIPSIS = '…';

/** Scripts written without spaces between words. */
const NO_SPACE_SCRIPT_RE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\u3000-\u303F\uFF00-\uFFEF]/u;
/** Punctuation that reads badly right before "…" (openers, joiners, commas). */
// Starts only where a run starts (lookbehind): a long run of dashes before a word was quadratic.
const TRAILING_JUNK_RE = /(?<![\s,;:、，；：—–\-‐([{“‘"'«‹/\\])[\s,;:、，；：—–\-‐([{“‘"'«‹/\\]+$/u;

const wordSegmenter = new Intl.Segmenter('en', { granularity: 'word' });

/**
 * Ascending UTF-16 offsets at which `text` may be cut (the prefix `text.slice(0, i)` is
 * whole words). The full length is not included.
 */
export function cutPoints(text: string): number[] {
  const points = new Set<number>();
  for (const token of text.matchAll(/\S+/gu)) {
    const start = token.index ?? 0;
    const end = start + token[0].length;
    if (end < text.length) points.add(end);
    if (!NO_SPACE_SCRIPT_RE.test(token[0])) continue;
    // Inside a CJK/Thai run: ICU word boundaries next to a no-space-script segment only, so a
    // Latin word or URL embedded in the run stays whole.
    let previous = '';
    for (const segment of wordSegmenter.segment(token[0])) {
      const at = start + segment.index;
      if (segment.index > 0 && (NO_SPACE_SCRIPT_RE.test(previous) || NO_SPACE_SCRIPT_RE.test(segment.segment))) points.add(at);
      previous = segment.segment;
    }
  }
  return [...points].sort((a, b) => a - b);
}

/**
 * The prefix up to `cut`, without trailing separators, followed by "…". Returns '' when
 * nothing readable is left.
 */
export function truncateAt(text: string, cut: number): string {
  const prefix = text.slice(0, cut).replace(TRAILING_JUNK_RE, '');
  return prefix === '' ? '' : prefix + ELLIPSIS;
}

/**
 * Largest index `i` in [lo, hi] with `ok(i)` true, assuming `ok` is (mostly) monotone: true up
 * to some point, false after. Returns -1 when `ok(lo)` is false. Each probe is verified, so a
 * non-monotone `ok` can only make the answer shorter than optimal, never wrong.
 */
export function largestPassing(lo: number, hi: number, ok: (i: number) => boolean): number {
  if (hi < lo || !ok(lo)) return -1;
  let good = lo;
  let bad = hi + 1;
  while (bad - good > 1) {
    const mid = good + Math.floor((bad - good) / 2);
    if (ok(mid)) good = mid;
    else bad = mid;
  }
  return good;
}

/** Steps taken from a guess before giving up on it and bisecting the rest of the range. */
const GUESS_STEPS = 2;

/**
 * Same answer as `largestPassing`, but starts from an estimate: the caller usually knows roughly
 * where the limit falls (from cheap string lengths), so one or two verified probes replace a
 * full bisection, and every probe is a full render + count. Falls back to bisection when the
 * guess is more than GUESS_STEPS away.
 */
export function largestPassingFrom(lo: number, hi: number, guess: number, ok: (i: number) => boolean): number {
  if (hi < lo) return -1;
  let i = Math.min(hi, Math.max(lo, guess));
  if (ok(i)) {
    for (let steps = 0; i < hi; steps += 1) {
      if (steps >= GUESS_STEPS) return largestPassing(i, hi, ok);
      if (!ok(i + 1)) return i;
      i += 1;
    }
    return i;
  }
  for (let steps = 0; i > lo; steps += 1) {
    if (steps >= GUESS_STEPS) return largestPassing(lo, i - 1, ok);
    i -= 1;
    if (ok(i)) return i;
  }
  return -1;
}
