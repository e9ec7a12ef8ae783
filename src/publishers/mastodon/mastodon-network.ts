import { mastodonLength } from './mastodon-count.js';
import { fitDraft } from '../../drafts/fit-draft.js';
import type { CopyBudgets } from '../../drafts/sentence-budget.js';
import { defineNetwork } from '../publisher.js';
import { MASTODON_DEFAULT_MAX_CHARACTERS, mastodonSpec } from './mastodon-options.js';
import { createMastodonPublisher } from './mastodon-publisher.js';

export { MASTODON_DEFAULT_API_BASE_URL } from './mastodon-options.js';

/** Two sentences of the medium-length picks (about 300 characters); three hashtags at most. */
export const MASTODON_COPY: CopyBudgets = { summaryBudget: 'medium', sentenceBudget: 2, hashtagCap: 3 };

export const mastodonNetwork = defineNetwork({
  ...mastodonSpec,
  ...MASTODON_COPY,
  displayName: 'Mastodon',
  limit: MASTODON_DEFAULT_MAX_CHARACTERS,
  count: mastodonLength,
  format: (input) => fitDraft(input, { limit: input.options.maxCharacters, count: mastodonLength, copy: MASTODON_COPY }),
  createLive: (input) => createMastodonPublisher(input),
  // Idempotency-Key (kept an hour by the server): a resend returns the status already made.
  retryAfterUnknownIsSafe: true,
});
