import twitterText from 'twitter-text';
import { fitDraft } from '../../drafts/fit-draft.js';
import { X_MAX_WEIGHTED_LENGTH, xWeightedLength } from './x-count.js';
import type { Draft } from '../../drafts/draft.js';
import type { NetworkDefinition } from '../publisher.js';
import { X_DEFAULT_THREAD_MAX_REPLIES, xOptionsSchema, xPriceSchema, xSpec } from './x-options.js';
import { createXPublisher } from './x-publisher.js';
import { formatThread } from './x-thread.js';

export {
  X_DEFAULT_API_BASE_URL,
  X_DEFAULT_IMAGE_TIMEOUT_SECONDS,
  X_DEFAULT_PRICE_USD,
  X_DEFAULT_REQUEST_TIMEOUT_SECONDS,
  xOptionsSchema,
  type XOptions,
} from './x-options.js';

export { X_MAX_WEIGHTED_LENGTH } from './x-count.js';

/**
 * X bills a post "with URL" when its text holds a link. Count anything twitter-text links (bare
 * domains too) and any http(s):// string even on a TLD twitter-text does not know: a budget
 * should over-estimate, never under-estimate.
 */
function hasUrl(text: string): boolean {
  return /https?:\/\/[^\s/]/i.test(text) || twitterText.extractUrls(text).length > 0;
}

/** Price of every request the draft makes: the post itself plus each thread reply. */
export function xCostUsd(draft: Draft, options: Record<string, unknown>): number {
  const price = xPriceSchema.parse(options['priceUsd']);
  return [draft.text, ...(draft.thread ?? [])].reduce((sum, text) => sum + (hasUrl(text) ? price.postWithUrl : price.post), 0);
}

export const xNetwork: NetworkDefinition = {
  ...xSpec,
  displayName: 'X',
  limit: X_MAX_WEIGHTED_LENGTH,
  count: xWeightedLength,
  format: (input) =>
    input.options['thread'] === true
      ? formatThread(input, X_MAX_WEIGHTED_LENGTH, Number(input.options['threadMaxReplies'] ?? X_DEFAULT_THREAD_MAX_REPLIES))
      : fitDraft(input, { limit: X_MAX_WEIGHTED_LENGTH, count: xWeightedLength }),
  createLive: (input) => createXPublisher({ ...input, options: xOptionsSchema.parse(input.options) }),
  // X rejects a second post with identical text (403 duplicate), which makes a blind retry safe.
  retryAfterUnknownIsSafe: true,
  costUsd: xCostUsd,
};
