/**
 * The lede carries the news: it is preferred for every post, and when it does not fit a short
 * post whole, only a sentence that keeps its key fact (its first number, else its first name)
 * may stand in for it. A later sentence that merely fits ("Governor X said the bank expected…")
 * is not the story; the headline and link alone are better than that.
 */


export interface LedeLike {
  text: string;
  index: number;
  dangling: boolean;
}

const NUMBERS_RE = /\p{Nd}+(?:[.,٫٬]\p{Nd}+)*/gu;
const INNER_NAMES_RE = /(?<=\s)\p{Lu}[\p{Ll}\p{M}'’-]{2,}(?:\s\p{Lu}[\p{Ll}\p{M}'’-]{1,})*/gu;
const MONTH_NEAR_RE = /(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s*$|^,?\s*(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/iu;

/** A year or a day of a month: a date is not the news the lede carries. */
function isDatePart(number: string, before: string, after: string): boolean {
  return /^(?:19|20)\d\d$/u.test(number) || MONTH_NEAR_RE.test(before.slice(-12)) || MONTH_NEAR_RE.test(after.slice(0, 12));
}

/** What a stand-in for the lede must also say: its first number that is not a date, else its first name. */
export function keyFactOf(lede: string): string | undefined {
  for (const m of lede.matchAll(NUMBERS_RE)) {
    if (!isDatePart(m[0], lede.slice(0, m.index), lede.slice(m.index + m[0].length))) return m[0];
  }
  for (const m of lede.matchAll(INNER_NAMES_RE)) if (!CALENDAR.has(m[0].toLowerCase())) return m[0];
  return undefined;
}

const USABLE_LEDE_RE = /[:：]$/u;

/** The first sentence in reading order that can open a post: not leaning on another, not a lead-in to a list. */
export function pickLede<T extends LedeLike>(candidates: readonly T[], minWords = 6): T | undefined {
  const inOrder = [...candidates].sort((a, b) => a.index - b.index);
  return (
    inOrder.find((c) => !c.dangling && !USABLE_LEDE_RE.test(c.text) && c.text.split(/\s+/u).length >= minWords) ??
    inOrder.find((c) => !c.dangling) ??
    inOrder[0]
  );
}

/**
 * The lede itself when it fits `maxChars`; else the shortest-ranked candidate within `maxChars`
 * that carries the lede's key fact and does not lean on another sentence; else undefined.
 */
export function ledeWithin<T extends LedeLike>(lede: T, ranked: readonly T[], maxChars: number): T | undefined {
  if (lede.text.length <= maxChars) return lede;
  const fact = keyFactOf(lede.text);
  if (!fact) return undefined;
  return ranked.find((c) => c !== lede && !c.dangling && c.text.length <= maxChars && c.text.includes(fact));
}

/** A headline restated in other words is no hook: this share of its terms in the headline, and nothing new. */
export const RESTATE_COVERAGE = 0.4;
const TOKEN_RE = /[\p{L}\p{N}][\p{L}\p{M}\p{N}'’-]*/gu;
const CALENDAR = new Set('monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september october november december today yesterday'.split(' '));

/**
 * True when the sentence brings no number and no name that the headline lacks ("Pakistan and
 * Turkiye reaffirmed their commitment to enhanced defence ties…" under "Pakistan, Turkiye
 * reaffirm defence ties…"). Caseless scripts have no capitals: only numbers count there.
 */
export function addsNoFacts(sentence: string, title: string): boolean {
  const titleLower = title.toLowerCase();
  let first = true;
  for (const m of sentence.matchAll(TOKEN_RE)) {
    const token = m[0].replace(/['’]s$/u, '');
    const lower = token.toLowerCase();
    const isNumber = /^\p{N}/u.test(token);
    const isName = !first && /^\p{Lu}/u.test(token) && !CALENDAR.has(lower);
    first = false;
    if ((isNumber || isName) && !titleLower.includes(lower)) return false;
  }
  return true;
}
