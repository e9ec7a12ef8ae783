import { z } from 'zod';
import type { NetworkSpec } from '../../config/network-spec.js';
import { liveCredentials, networkOptions, requiredInLive, secretToken } from '../network-options.js';

/** Facebook accepts ~63k characters, but a promotion post over a few paragraphs reads badly. */
export const FACEBOOK_MAX_LENGTH = 63_206;
export const FACEBOOK_EDITORIAL_LENGTH = 1_500;
export const FACEBOOK_DEFAULT_API_BASE_URL = 'https://graph.facebook.com';
export const FACEBOOK_DEFAULT_GRAPH_VERSION = 'v23.0';

export const facebookOptionsSchema = networkOptions(FACEBOOK_DEFAULT_API_BASE_URL, {
  pageId: z.string().regex(/^\d+$/, 'expected the numeric Page id').optional(),
  graphVersion: z.string().regex(/^v\d+\.\d+$/, 'expected e.g. v23.0').default(FACEBOOK_DEFAULT_GRAPH_VERSION),
  maxLength: z.number().int().positive().max(FACEBOOK_MAX_LENGTH).default(FACEBOOK_EDITORIAL_LENGTH),
  /** Code 368 (blocked for policy violations): how long the channel waits before trying again. */
  policyBlockMinutes: z.number().positive().default(180),
  requestTimeoutMs: z.number().int().positive().optional(),
});
export type FacebookOptions = z.infer<typeof facebookOptionsSchema>;

export const facebookSpec = {
  id: 'facebook',
  envPrefix: 'FACEBOOK',
  credentialSets: [['PAGE_TOKEN']],
  credentialsSchema: liveCredentials({ secrets: { PAGE_TOKEN: secretToken }, options: { pageId: requiredInLive('the numeric Page id (pageId)') } }),
  optionsSchema: facebookOptionsSchema,
  defaultTemplate: '{title}\n\n{summary}\n\n{url}\n\n{hashtags}',
  defaultMaxHashtags: 3,
  liveAdapter: true,
} satisfies NetworkSpec;
