import twitterText from 'twitter-text';
import { z } from 'zod';
import { fitDraft } from '../../drafts/fit-draft.js';
import { xWeightedLength } from '../../drafts/counters.js';
import type { Draft } from '../../drafts/draft.js';
import type { NetworkDefinition } from '../publisher.js';
import { liveCredentials, networkOptions, secretToken } from '../network-options.js';
import { createXPublisher } from './x-publisher.js';
import { formatThread, X_DEFAULT_THREAD_MAX_REPLIES } from './x-thread.js';

/** X counts 280 "weighted" characters: URLs 23 (t.co), emoji and CJK 2 (twitter-text config v3). */
export const X_MAX_WEIGHTED_LENGTH = 280;
export const X_DEFAULT_API_BASE_URL = 'https://api.x.com';
/** X pay-per-use prices (docs.x.com pricing, 2026): "Content: Create" and "Content: Create (with URL)". */
export const X_DEFAULT_PRICE_USD = { post: 0.015, postWithUrl: 0.2 } as const;
export const X_DEFAULT_REQUEST_TIMEOUT_SECONDS = 30;
export const X_DEFAULT_IMAGE_TIMEOUT_SECONDS = 15;

const priceSchema = z
  .object({
    post: z.number().nonnegative().default(X_DEFAULT_PRICE_USD.post),
    postWithUrl: z.number().nonnegative().default(X_DEFAULT_PRICE_USD.postWithUrl),
  })
  .strict()
  .default({ ...X_DEFAULT_PRICE_USD });

export const xOptionsSchema = networkOptions(X_DEFAULT_API_BASE_URL, {
  attachImage: z.boolean().default(false),
  thread: z.boolean().default(false),
  threadMaxReplies: z.number().int().min(1).max(25).default(X_DEFAULT_THREAD_MAX_REPLIES),
  priceUsd: priceSchema,
  requestTimeoutSeconds: z.number().positive().max(300).default(X_DEFAULT_REQUEST_TIMEOUT_SECONDS),
  imageTimeoutSeconds: z.number().positive().max(300).default(X_DEFAULT_IMAGE_TIMEOUT_SECONDS),
});
export type XOptions = z.infer<typeof xOptionsSchema>;

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
  const price = priceSchema.parse(options['priceUsd']);
  return [draft.text, ...(draft.thread ?? [])].reduce((sum, text) => sum + (hasUrl(text) ? price.postWithUrl : price.post), 0);
}

export const xNetwork: NetworkDefinition = {
  id: 'x',
  displayName: 'X',
  envPrefix: 'X',
  credentialSets: [['APP_KEY', 'APP_SECRET', 'ACCESS_TOKEN', 'ACCESS_SECRET'], ['OAUTH2_TOKEN']],
  credentialsSchema: liveCredentials({
    // Either set (OAuth 1.0a user context or an OAuth 2.0 user token): the config reads the first complete one.
    secrets: { APP_KEY: secretToken.optional(), APP_SECRET: secretToken.optional(), ACCESS_TOKEN: secretToken.optional(), ACCESS_SECRET: secretToken.optional(), OAUTH2_TOKEN: secretToken.optional() },
  }),
  optionsSchema: xOptionsSchema,
  defaultTemplate: '{title}\n\n{summary}\n\n{url} {hashtags}',
  defaultMaxHashtags: 2,
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
