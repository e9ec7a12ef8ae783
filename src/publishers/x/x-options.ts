import { z } from 'zod';
import type { NetworkSpec } from '../../config/network-spec.js';
import { liveCredentials, networkOptions, secretToken } from '../network-options.js';

export const X_DEFAULT_API_BASE_URL = 'https://api.x.com';
/** X pay-per-use prices (docs.x.com pricing, 2026): "Content: Create" and "Content: Create (with URL)". */
export const X_DEFAULT_PRICE_USD = { post: 0.015, postWithUrl: 0.2 } as const;
export const X_DEFAULT_REQUEST_TIMEOUT_SECONDS = 30;
export const X_DEFAULT_IMAGE_TIMEOUT_SECONDS = 15;
/** Each reply is a paid request (X pricing), so threads stay short unless configured otherwise. */
export const X_DEFAULT_THREAD_MAX_REPLIES = 3;

export const xPriceSchema = z
  .object({
    post: z.number().nonnegative().default(X_DEFAULT_PRICE_USD.post),
    postWithUrl: z.number().nonnegative().default(X_DEFAULT_PRICE_USD.postWithUrl),
  })
  .strict()
  .prefault({});

export const xOptionsSchema = networkOptions(X_DEFAULT_API_BASE_URL, {
  attachImage: z.boolean().default(false),
  thread: z.boolean().default(false),
  threadMaxReplies: z.number().int().min(1).max(25).default(X_DEFAULT_THREAD_MAX_REPLIES),
  priceUsd: xPriceSchema,
  requestTimeoutSeconds: z.number().positive().max(300).default(X_DEFAULT_REQUEST_TIMEOUT_SECONDS),
  imageTimeoutSeconds: z.number().positive().max(300).default(X_DEFAULT_IMAGE_TIMEOUT_SECONDS),
});
export type XOptions = z.infer<typeof xOptionsSchema>;

export const xSpec = {
  id: 'x',
  envPrefix: 'X',
  credentialSets: [['APP_KEY', 'APP_SECRET', 'ACCESS_TOKEN', 'ACCESS_SECRET'], ['OAUTH2_TOKEN']],
  credentialsSchema: liveCredentials({
    // Either set (OAuth 1.0a user context or an OAuth 2.0 user token): the config reads the first complete one.
    secrets: { APP_KEY: secretToken.optional(), APP_SECRET: secretToken.optional(), ACCESS_TOKEN: secretToken.optional(), ACCESS_SECRET: secretToken.optional(), OAUTH2_TOKEN: secretToken.optional() },
  }),
  optionsSchema: xOptionsSchema,
  defaultTemplate: '{title}\n\n{summary}\n\n{url} {hashtags}',
  defaultMaxHashtags: 2,
  liveAdapter: true,
} satisfies NetworkSpec;
