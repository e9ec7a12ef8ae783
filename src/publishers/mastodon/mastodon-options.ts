import { z } from 'zod';
import type { NetworkSpec } from '../../config/network-spec.js';
import { liveCredentials, networkOptions, secretToken } from '../network-options.js';

/** There is no central Mastodon: `apiBaseUrl` is the account's instance. */
export const MASTODON_DEFAULT_API_BASE_URL = 'https://mastodon.social';
/** Mastodon's stock limit; an instance may raise it (the publisher reads `max_characters`). */
export const MASTODON_DEFAULT_MAX_CHARACTERS = 500;

export const mastodonOptionsSchema = networkOptions(MASTODON_DEFAULT_API_BASE_URL, {
  /**
   * Drafts are fitted to this many characters (URLs 23). The publisher re-checks every post
   * against the instance's own `max_characters` and `characters_reserved_per_url`.
   */
  maxCharacters: z.number().int().positive().default(MASTODON_DEFAULT_MAX_CHARACTERS),
  /** Upload the article image as a media attachment (otherwise Mastodon shows its own link card). */
  attachImage: z.boolean().default(false),
  visibility: z.enum(['public', 'unlisted', 'private', 'direct']).default('public'),
  /** ISO 639 language of the posts (e.g. "ur"). */
  language: z.string().regex(/^[a-z]{2,3}$/, 'expected an ISO 639 code like "en" or "ur"').optional(),
});
export type MastodonOptions = z.infer<typeof mastodonOptionsSchema>;

export const mastodonSpec = {
  id: 'mastodon',
  envPrefix: 'MASTODON',
  // A token with the write:statuses (and write:media for images) scope.
  credentialSets: [['ACCESS_TOKEN']],
  credentialsSchema: liveCredentials({ secrets: { ACCESS_TOKEN: secretToken } }),
  optionsSchema: mastodonOptionsSchema,
  defaultTemplate: '{title}\n\n{summary}\n\n{url}\n\n{hashtags}',
  defaultMaxHashtags: 3,
  liveAdapter: true,
} satisfies NetworkSpec;
