/**
 * X's counting rule: twitter-text's weighted length. The numbers are spelled out here so an
 * upgrade of the library cannot silently change them.
 */
import twitterText from 'twitter-text';
import type { CopyBudgets } from '../../drafts/sentence-budget.js';
import type { LengthCounter } from '../../text/length-counters.js';

/** X (twitter-text config v3): every URL counts as this many characters, whatever its length. */
export const X_URL_LENGTH = 23;
/** X counts 280 "weighted" characters: URLs 23 (t.co), emoji and CJK 2 (twitter-text config v3). */
export const X_MAX_WEIGHTED_LENGTH = 280;
/**
 * twitter-text's "version 3" config: weights are in 1/100 of a character, code points in
 * `ranges` weigh 1, everything else (CJK, most symbols, "…") 2, and each emoji sequence 2.
 */
const X_CONFIG = {
  version: 3,
  maxWeightedTweetLength: X_MAX_WEIGHTED_LENGTH,
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

/** X: twitter-text weighted length (v3 defaults: URLs 23, emoji and CJK 2, Latin 1). */
export const xWeightedLength: LengthCounter = (text) => twitterText.parseTweet(text, X_CONFIG).weightedLength;

/** X also rejects empty text and a few characters (U+FFFE, U+FEFF, U+FFFF); this is its own check. */
export function isValidXText(text: string): boolean {
  return twitterText.parseTweet(text, X_CONFIG).valid;
}

/** What an X post carries: one sentence of the short summary picks, two hashtags at most. */
export const X_COPY: CopyBudgets = { summaryBudget: 'short', sentenceBudget: 1, hashtagCap: 2 };
