import { fitDraft } from '../../drafts/fit-draft.js';
import type { CopyBudgets } from '../../drafts/sentence-budget.js';
import { defineNetwork } from '../publisher.js';
import { linkedinLength } from './linkedin-little-text.js';
import { LINKEDIN_MAX_LENGTH, linkedinSpec } from './linkedin-options.js';
import { createLinkedinPublisher } from './linkedin-publisher.js';
import { linkedinCredentialsExpiry } from './linkedin-token-expiry.js';

export { LINKEDIN_AUTHOR_RE, LINKEDIN_DEFAULT_API_BASE_URL, LINKEDIN_DEFAULT_VERSION, LINKEDIN_MAX_LENGTH } from './linkedin-options.js';

/** Two sentences of the long picks (about 300 characters); three hashtags at most. */
export const LINKEDIN_COPY: CopyBudgets = { summaryBudget: 'long', sentenceBudget: 2, hashtagCap: 3 };

export const linkedinNetwork = defineNetwork({
  ...linkedinSpec,
  ...LINKEDIN_COPY,
  displayName: 'LinkedIn',
  limit: LINKEDIN_MAX_LENGTH,
  count: linkedinLength,
  format: (input) => fitDraft(input, { limit: LINKEDIN_MAX_LENGTH, count: linkedinLength, copy: LINKEDIN_COPY }),
  createLive: createLinkedinPublisher,
  credentialsExpiry: linkedinCredentialsExpiry,
  // No idempotency key; the duplicate 422 is undocumented: after an unknown outcome a human checks.
  retryAfterUnknownIsSafe: false,
});
