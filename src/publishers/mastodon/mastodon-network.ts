import { z } from 'zod';
import { mastodonLength } from '../../drafts/counters.js';
import { fitDraft } from '../../drafts/fit-draft.js';
import { liveCredentials, networkOptions, secretToken } from '../network-options.js';
import type { NetworkDefinition } from '../publisher.js';
import { MASTODON_DEFAULT_MAX_CHARACTERS } from './mastodon-instance.js';
import { createMastodonPublisher } from './mastodon-publisher.js';

/** There is no central Mastodon: `apiBaseUrl` is the account's instance. */
export const MASTODON_DEFAULT_API_BASE_URL = 'https://mastodon.social';

export const mastodonNetwork: NetworkDefinition = {
  id: 'mastodon',
  displayName: 'Mastodon',
  envPrefix: 'MASTODON',
  // A token with the write:statuses (and write:media for images) scope.
  credentialSets: [['ACCESS_TOKEN']],
  credentialsSchema: liveCredentials({ secrets: { ACCESS_TOKEN: secretToken } }),
  optionsSchema: networkOptions(MASTODON_DEFAULT_API_BASE_URL, {
    /**
     * Drafts are fitted to this many characters (URLs 23). The publisher re-checks every post
     * against the instance's own `max_characters` and `characters_reserved_per_url`.
     */
    maxCharacters: z.number().int().positive().default(MASTODON_DEFAULT_MAX_CHARACTERS),
    /** Upload the article image as a media attachment (otherwise Mastodon shows its own link card). */
    attachImage: z.boolean().default(false),
    /** Fetch article images from private/loopback hosts (tests only; production refuses them against SSRF). */
    allowPrivateImageHosts: z.boolean().default(false),
    visibility: z.enum(['public', 'unlisted', 'private', 'direct']).default('public'),
    /** ISO 639 language of the posts (e.g. "ur"). */
    language: z.string().regex(/^[a-z]{2,3}$/, 'expected an ISO 639 code like "en" or "ur"').optional(),
  }),
  defaultTemplate: '{title}\n\n{summary}\n\n{url}\n\n{hashtags}',
  defaultMaxHashtags: 3,
  limit: MASTODON_DEFAULT_MAX_CHARACTERS,
  count: mastodonLength,
  format: (input) => fitDraft(input, { limit: Number(input.options.maxCharacters ?? MASTODON_DEFAULT_MAX_CHARACTERS), count: mastodonLength }),
  createLive: (input) => createMastodonPublisher(input),
  // Idempotency-Key (kept an hour by the server): a resend returns the status already made.
  retryAfterUnknownIsSafe: true,
};
