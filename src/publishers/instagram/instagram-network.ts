import { fitDraft } from '../../drafts/fit-draft.js';
import { utf16Length } from '../../text/length-counters.js';
import { defineNetwork } from '../publisher.js';
import { INSTAGRAM_DEFAULT_MAX_HASHTAGS, INSTAGRAM_MAX_CAPTION_LENGTH, INSTAGRAM_MAX_HASHTAGS_HARD, instagramSpec } from './instagram-options.js';
import { createInstagramPublisher } from './instagram-publisher.js';

export { INSTAGRAM_DEFAULT_API_BASE_URL, INSTAGRAM_DEFAULT_MAX_HASHTAGS, INSTAGRAM_MAX_CAPTION_LENGTH, INSTAGRAM_MAX_HASHTAGS_HARD } from './instagram-options.js';

export const instagramNetwork = defineNetwork({
  ...instagramSpec,
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
      { limit: INSTAGRAM_MAX_CAPTION_LENGTH, count: utf16Length, includeUrl: false },
    ),
  createLive: createInstagramPublisher,
  // Safe because publishing is two-phase: the container id is checkpointed before media_publish,
  // and every retry first reads the container's status_code; PUBLISHED means our earlier call went
  // through, so we return that post instead of publishing again (graph/graph-container.ts).
  retryAfterUnknownIsSafe: true,
});
