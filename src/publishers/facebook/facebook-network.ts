import { fitDraft } from '../../drafts/fit-draft.js';
import type { CopyBudgets } from '../../drafts/sentence-budget.js';
import { utf16Length } from '../../text/length-counters.js';
import { defineNetwork } from '../publisher.js';
import { FACEBOOK_EDITORIAL_LENGTH, facebookSpec } from './facebook-options.js';
import { createFacebookPublisher } from './facebook-publisher.js';
import { facebookCredentialsExpiry } from './facebook-token-expiry.js';

export { FACEBOOK_DEFAULT_API_BASE_URL, FACEBOOK_DEFAULT_GRAPH_VERSION, FACEBOOK_EDITORIAL_LENGTH, FACEBOOK_MAX_LENGTH } from './facebook-options.js';

/** Two sentences of the long picks (about 300 characters); three hashtags at most. */
export const FACEBOOK_COPY: CopyBudgets = { summaryBudget: 'long', sentenceBudget: 2, hashtagCap: 3 };

export const facebookNetwork = defineNetwork({
  ...facebookSpec,
  ...FACEBOOK_COPY,
  displayName: 'Facebook Page',
  limit: FACEBOOK_EDITORIAL_LENGTH,
  count: utf16Length,
  format: (input) => fitDraft(input, { limit: input.options.maxLength, count: utf16Length, copy: FACEBOOK_COPY }),
  createLive: createFacebookPublisher,
  credentialsExpiry: facebookCredentialsExpiry,
  // Facebook has no idempotency key and no duplicate guard we can rely on: an unknown outcome needs a human.
  retryAfterUnknownIsSafe: false,
});
