import { z } from 'zod';
import { BLUESKY_MAX_GRAPHEMES, blueskyLength as blueskyTextLength } from '../../drafts/counters.js';
import type { LengthCounter } from '../../drafts/draft.js';
import { fitDraft } from '../../drafts/fit-draft.js';
import { liveCredentials, networkOptions, secretToken } from '../network-options.js';
import type { NetworkDefinition } from '../publisher.js';
import { shortenLinks } from './bluesky-links.js';
import { createBlueskyPublisher } from './bluesky-publisher.js';

export const BLUESKY_DEFAULT_API_BASE_URL = 'https://bsky.social';

/**
 * What Bluesky counts against its 300 graphemes / 3,000 bytes (folded into one number by
 * `blueskyTextLength`): the text as posted, where each link shows in its short form and the
 * facet carries the full URL (see bluesky-links.ts).
 */
export const blueskyPostLength: LengthCounter = (text) => blueskyTextLength(shortenLinks(text).text);

export const blueskyNetwork: NetworkDefinition = {
  id: 'bluesky',
  displayName: 'Bluesky',
  envPrefix: 'BLUESKY',
  // An app password (Settings → App passwords), never the account password.
  credentialSets: [['IDENTIFIER', 'APP_PASSWORD']],
  credentialsSchema: liveCredentials({ secrets: { IDENTIFIER: secretToken, APP_PASSWORD: secretToken } }),
  optionsSchema: networkOptions(BLUESKY_DEFAULT_API_BASE_URL, {
    /** Attach an `app.bsky.embed.external` card (title, description, thumbnail) for the article. */
    linkCard: z.boolean().default(true),
    /** BCP-47 languages of the posts (e.g. ["ur"]); Bluesky uses them for feeds and translation. */
    /** Fetch article images from private/loopback hosts (tests only; production refuses them against SSRF). */
    allowPrivateImageHosts: z.boolean().default(false),
    langs: z.array(z.string().min(2).max(35)).max(3).optional(),
  }),
  defaultTemplate: '{title}\n\n{summary}\n\n{url} {hashtags}',
  defaultMaxHashtags: 2,
  limit: BLUESKY_MAX_GRAPHEMES,
  count: blueskyPostLength,
  format: (input) => fitDraft(input, { limit: BLUESKY_MAX_GRAPHEMES, count: blueskyPostLength }),
  postedText: (draft) => shortenLinks(draft.text, [draft.url]).text,
  createLive: createBlueskyPublisher,
  // The rkey is derived from the post id and checked with getRecord before a retry: no second record.
  retryAfterUnknownIsSafe: true,
};
