import { BLUESKY_MAX_GRAPHEMES, blueskyLength as blueskyTextLength } from './bluesky-count.js';
import type { LengthCounter } from '../../drafts/draft.js';
import { fitDraft } from '../../drafts/fit-draft.js';
import type { CopyBudgets } from '../../drafts/sentence-budget.js';
import { defineNetwork } from '../publisher.js';
import { shortenLinks } from './bluesky-links.js';
import { blueskySpec } from './bluesky-options.js';
import { createBlueskyPublisher } from './bluesky-publisher.js';
import { blueskyCredentialsExpiry } from './bluesky-token-expiry.js';

export { BLUESKY_DEFAULT_API_BASE_URL } from './bluesky-options.js';

/**
 * What Bluesky counts against its 300 graphemes / 3,000 bytes (folded into one number by
 * `blueskyTextLength`): the text as posted, where each link shows in its short form and the
 * facet carries the full URL (see bluesky-links.ts).
 */
export const blueskyPostLength: LengthCounter = (text) => blueskyTextLength(shortenLinks(text).text);

/** One sentence of the medium-length picks; three hashtags at most. */
export const BLUESKY_COPY: CopyBudgets = { summaryBudget: 'medium', sentenceBudget: 1, hashtagCap: 3 };

export const blueskyNetwork = defineNetwork({
  ...blueskySpec,
  ...BLUESKY_COPY,
  displayName: 'Bluesky',
  limit: BLUESKY_MAX_GRAPHEMES,
  count: blueskyPostLength,
  format: (input) => fitDraft(input, { limit: BLUESKY_MAX_GRAPHEMES, count: blueskyPostLength, copy: BLUESKY_COPY }),
  postedText: (draft) => shortenLinks(draft.text, [draft.url]).text,
  createLive: createBlueskyPublisher,
  credentialsExpiry: blueskyCredentialsExpiry,
  // The rkey is derived from the post id and checked with getRecord before a retry: no second record.
  retryAfterUnknownIsSafe: true,
});
