import { z } from 'zod';
import { fitDraft } from '../../drafts/fit-draft.js';
import { utf16Length } from '../../drafts/counters.js';
import type { NetworkDefinition } from '../publisher.js';
import { liveCredentials, networkOptions, requiredInLive, secretToken } from '../network-options.js';
import { createFacebookPublisher } from './facebook-publisher.js';

/** Facebook accepts ~63k characters, but a promotion post over a few paragraphs reads badly. */
export const FACEBOOK_MAX_LENGTH = 63_206;
export const FACEBOOK_EDITORIAL_LENGTH = 1_500;
export const FACEBOOK_DEFAULT_API_BASE_URL = 'https://graph.facebook.com';
export const FACEBOOK_DEFAULT_GRAPH_VERSION = 'v23.0';

export const facebookNetwork: NetworkDefinition = {
  id: 'facebook',
  displayName: 'Facebook Page',
  envPrefix: 'FACEBOOK',
  credentialSets: [['PAGE_TOKEN']],
  credentialsSchema: liveCredentials({ secrets: { PAGE_TOKEN: secretToken }, options: { pageId: requiredInLive('the numeric Page id (pageId)') } }),
  optionsSchema: networkOptions(FACEBOOK_DEFAULT_API_BASE_URL, {
    pageId: z.string().regex(/^\d+$/, 'expected the numeric Page id').optional(),
    graphVersion: z.string().regex(/^v\d+\.\d+$/, 'expected e.g. v23.0').default(FACEBOOK_DEFAULT_GRAPH_VERSION),
    maxLength: z.number().int().positive().max(FACEBOOK_MAX_LENGTH).default(FACEBOOK_EDITORIAL_LENGTH),
    /** Code 368 (blocked for policy violations): how long the channel waits before trying again. */
    policyBlockMinutes: z.number().positive().default(180),
    requestTimeoutMs: z.number().int().positive().optional(),
  }),
  defaultTemplate: '{title}\n\n{summary}\n\n{url}\n\n{hashtags}',
  defaultMaxHashtags: 3,
  limit: FACEBOOK_EDITORIAL_LENGTH,
  count: utf16Length,
  format: (input) =>
    fitDraft(input, { limit: Number(input.options.maxLength ?? FACEBOOK_EDITORIAL_LENGTH), count: utf16Length }),
  createLive: createFacebookPublisher,
  // Facebook has no idempotency key and no duplicate guard we can rely on: an unknown outcome needs a human.
  retryAfterUnknownIsSafe: false,
};
