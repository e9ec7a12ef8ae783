import { fitDraft } from '../../drafts/fit-draft.js';
import type { CopyBudgets } from '../../drafts/sentence-budget.js';
import { utf16Length } from '../../text/length-counters.js';
import { defineNetwork } from '../publisher.js';
import { INSTAGRAM_MAX_CAPTION_LENGTH, INSTAGRAM_MAX_HASHTAGS_HARD, instagramSpec } from './instagram-options.js';
import { createInstagramPublisher } from './instagram-publisher.js';
import { instagramCredentialsExpiry } from './instagram-token-expiry.js';

export { INSTAGRAM_DEFAULT_API_BASE_URL, INSTAGRAM_DEFAULT_MAX_HASHTAGS, INSTAGRAM_MAX_CAPTION_LENGTH, INSTAGRAM_MAX_HASHTAGS_HARD } from './instagram-options.js';

/** Captions carry three sentences of the long picks and up to eight hashtags. */
export const INSTAGRAM_COPY: CopyBudgets = { summaryBudget: 'long', sentenceBudget: 3, hashtagCap: 8 };

export const instagramNetwork = defineNetwork({
  ...instagramSpec,
  ...INSTAGRAM_COPY,
  displayName: 'Instagram',
  limit: INSTAGRAM_MAX_CAPTION_LENGTH,
  count: utf16Length,
  format: (input) =>
    fitDraft(
      {
        ...input,
        template: input.template.replaceAll('{linkLine}', input.options.linkLine),
        maxHashtags: Math.min(input.maxHashtags, input.options.maxHashtags, INSTAGRAM_MAX_HASHTAGS_HARD),
      },
      { limit: INSTAGRAM_MAX_CAPTION_LENGTH, count: utf16Length, includeUrl: false, copy: INSTAGRAM_COPY },
    ),
  createLive: createInstagramPublisher,
  credentialsExpiry: instagramCredentialsExpiry,
  // Safe because publishing is two-phase: the container id is checkpointed before media_publish,
  // and every retry first reads the container's status_code; PUBLISHED means our earlier call went
  // through, so we return that post instead of publishing again (graph/graph-container.ts).
  retryAfterUnknownIsSafe: true,
});
