import { z } from 'zod';
import type { NetworkSpec } from '../../config/network-spec.js';
import { liveCredentials, networkOptions, requiredInLive, secretToken } from '../network-options.js';

export const INSTAGRAM_MAX_CAPTION_LENGTH = 2_200;
export const INSTAGRAM_MAX_HASHTAGS_HARD = 30;
export const INSTAGRAM_DEFAULT_MAX_HASHTAGS = 5;
export const INSTAGRAM_DEFAULT_API_BASE_URL = 'https://graph.facebook.com';

export const instagramOptionsSchema = networkOptions(INSTAGRAM_DEFAULT_API_BASE_URL, {
  userId: z.string().regex(/^\d+$/, 'expected the numeric Instagram user id').optional(),
  graphVersion: z.string().regex(/^v\d+\.\d+$/, 'expected e.g. v23.0').default('v23.0'),
  maxHashtags: z.number().int().min(0).max(INSTAGRAM_MAX_HASHTAGS_HARD).default(INSTAGRAM_DEFAULT_MAX_HASHTAGS),
  linkLine: z.string().default('Link in bio'),
  /** Overrides `config.quota_total` from content_publishing_limit (sources disagree: 25, 50, 100 per 24 h). */
  quotaTotal: z.number().int().positive().optional(),
  /** Hold when the quota is used up and no earlier post of ours tells when a slot frees. */
  quotaWaitMinutes: z.number().positive().default(60),
  pollIntervalMs: z.number().int().positive().default(3_000),
  maxPolls: z.number().int().positive().default(20),
  policyBlockMinutes: z.number().positive().default(180),
  requestTimeoutMs: z.number().int().positive().optional(),
  imageFetchTimeoutMs: z.number().int().positive().default(10_000),
  imageMaxBytes: z.number().int().positive().default(20 * 1024 * 1024),
});
export type InstagramOptions = z.infer<typeof instagramOptionsSchema>;

export const instagramSpec = {
  id: 'instagram',
  envPrefix: 'INSTAGRAM',
  credentialSets: [['ACCESS_TOKEN']],
  credentialsSchema: liveCredentials({
    secrets: { ACCESS_TOKEN: secretToken },
    options: { userId: requiredInLive('the numeric Instagram user id (userId)') },
    publicBaseUrlFor: 'Instagram fetches images by URL, and the cards and converted images Crier makes are served from it',
  }),
  optionsSchema: instagramOptionsSchema,
  // Links in captions are not clickable on Instagram: point readers to the bio and name the site.
  defaultTemplate: '{title}\n\n{summary}\n\n{linkLine} · {domain}\n\n{hashtags}',
  defaultMaxHashtags: INSTAGRAM_DEFAULT_MAX_HASHTAGS,
  liveAdapter: true,
} satisfies NetworkSpec;
