import twitterText from 'twitter-text';
import { fitDraft } from '../../drafts/fit-draft.js';
import { X_COPY, X_MAX_WEIGHTED_LENGTH, xWeightedLength } from './x-count.js';
import type { Draft } from '../../drafts/draft.js';
import { defineNetwork } from '../publisher.js';
import { xSpec, type XOptions } from './x-options.js';
import { createXPublisher } from './x-publisher.js';
import { xCredentialsExpiry } from './x-token-expiry.js';
import { formatThread } from './x-thread.js';

export {
  X_DEFAULT_API_BASE_URL,
  X_DEFAULT_IMAGE_TIMEOUT_SECONDS,
  X_DEFAULT_PRICE_USD,
  X_DEFAULT_REQUEST_TIMEOUT_SECONDS,
  xOptionsSchema,
  type XOptions,
} from './x-options.js';

export { X_COPY, X_MAX_WEIGHTED_LENGTH } from './x-count.js';

/**
 * X bills a post "with URL" when its text holds a link. Count anything twitter-text links (bare
 * domains too) and any http(s):// string even on a TLD twitter-text does not know: a budget
 * should over-estimate, never under-estimate.
 */
function hasUrl(text: string): boolean {
  return /https?:\/\/[^\s/]/i.test(text) || twitterText.extractUrls(text).length > 0;
}

/** Price of every request the draft makes: the post itself plus each thread reply. */
export function xCostUsd(draft: Draft, options: Pick<XOptions, 'priceUsd'>): number {
  const price = options.priceUsd;
  return [draft.text, ...(draft.thread ?? [])].reduce((sum, text) => sum + (hasUrl(text) ? price.postWithUrl : price.post), 0);
}

export const xNetwork = defineNetwork({
  ...xSpec,
  ...X_COPY,
  displayName: 'X',
  limit: X_MAX_WEIGHTED_LENGTH,
  count: xWeightedLength,
  format: (input) =>
    input.options.thread
      ? formatThread(input, X_MAX_WEIGHTED_LENGTH, input.options.threadMaxReplies)
      : fitDraft(input, { limit: X_MAX_WEIGHTED_LENGTH, count: xWeightedLength, copy: X_COPY }),
  createLive: createXPublisher,
  credentialsExpiry: xCredentialsExpiry,
  // X rejects a second post with identical text (403 duplicate), which makes a blind retry safe.
  retryAfterUnknownIsSafe: true,
  costUsd: xCostUsd,
});
