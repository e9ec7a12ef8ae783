import { z } from 'zod';
import type { NetworkSpec } from '../../config/network-spec.js';
import { liveCredentials, networkOptions, secretToken } from '../network-options.js';

export const BLUESKY_DEFAULT_API_BASE_URL = 'https://bsky.social';

export const blueskyOptionsSchema = networkOptions(BLUESKY_DEFAULT_API_BASE_URL, {
  /** Attach an `app.bsky.embed.external` card (title, description, thumbnail) for the article. */
  linkCard: z.boolean().default(true),
  /** BCP-47 languages of the posts (e.g. ["ur"]); Bluesky uses them for feeds and translation. */
  langs: z.array(z.string().min(2).max(35)).max(3).optional(),
});
export type BlueskyOptions = z.infer<typeof blueskyOptionsSchema>;

/** What the config needs to validate a Bluesky channel (no publisher code: see src/config/network-spec.ts). */
export const blueskySpec = {
  id: 'bluesky',
  envPrefix: 'BLUESKY',
  // An app password (Settings → App passwords), never the account password.
  credentialSets: [['IDENTIFIER', 'APP_PASSWORD']],
  credentialsSchema: liveCredentials({ secrets: { IDENTIFIER: secretToken, APP_PASSWORD: secretToken } }),
  optionsSchema: blueskyOptionsSchema,
  defaultTemplate: '{title}\n\n{summary}\n\n{url} {hashtags}',
  defaultMaxHashtags: 2,
  liveAdapter: true,
} satisfies NetworkSpec;
