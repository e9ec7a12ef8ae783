import { z } from 'zod';
import { fitDraft } from '../../drafts/fit-draft.js';
import { utf16Length } from '../../drafts/counters.js';
import type { NetworkDefinition } from '../publisher.js';
import { liveCredentials, networkOptions, requiredInLive, secretToken } from '../network-options.js';
import { createInstagramPublisher } from './instagram-publisher.js';

export const INSTAGRAM_MAX_CAPTION_LENGTH = 2_200;
export const INSTAGRAM_MAX_HASHTAGS_HARD = 30;
export const INSTAGRAM_DEFAULT_MAX_HASHTAGS = 5;
export const INSTAGRAM_DEFAULT_API_BASE_URL = 'https://graph.facebook.com';

export const instagramNetwork: NetworkDefinition = {
  id: 'instagram',
  displayName: 'Instagram',
  envPrefix: 'INSTAGRAM',
  credentialSets: [['ACCESS_TOKEN']],
  credentialsSchema: liveCredentials({
    secrets: { ACCESS_TOKEN: secretToken },
    options: { userId: requiredInLive('the numeric Instagram user id (userId)') },
    publicBaseUrlFor: 'Instagram fetches images by URL, and the cards and converted images Crier makes are served from it',
  }),
  optionsSchema: networkOptions(INSTAGRAM_DEFAULT_API_BASE_URL, {
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
    allowPrivateImageHosts: z.boolean().default(false),
  }),
  // Links in captions are not clickable on Instagram: point readers to the bio and name the site.
  defaultTemplate: '{title}\n\n{summary}\n\n{linkLine} · {domain}\n\n{hashtags}',
  defaultMaxHashtags: INSTAGRAM_DEFAULT_MAX_HASHTAGS,
  limit: INSTAGRAM_MAX_CAPTION_LENGTH,
  count: utf16Length,
  format: (input) =>
    fitDraft(
      {
        ...input,
        template: input.template.replaceAll('{linkLine}', String(input.options.linkLine ?? 'Link in bio')),
        maxHashtags: Math.min(input.maxHashtags, Number(input.options.maxHashtags ?? INSTAGRAM_DEFAULT_MAX_HASHTAGS), INSTAGRAM_MAX_HASHTAGS_HARD),
      },
      { limit: INSTAGRAM_MAX_CAPTION_LENGTH, count: utf16Length, includeUrl: false },
    ),
  createLive: createInstagramPublisher,
  // Safe because publishing is two-phase: the container id is checkpointed before media_publish,
  // and every retry first reads the container's status_code; PUBLISHED means our earlier call went
  // through, so we return that post instead of publishing again (graph/graph-container.ts).
  retryAfterUnknownIsSafe: true,
};
