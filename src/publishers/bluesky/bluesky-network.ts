import { z } from 'zod';
import { graphemeLength } from '../../drafts/counters.js';
import type { LengthCounter } from '../../drafts/draft.js';
import { fitDraft } from '../../drafts/fit-draft.js';
import { networkOptions } from '../network-options.js';
import type { NetworkDefinition } from '../publisher.js';
import { utf8Length } from './bluesky-facets.js';
import { createBlueskyPublisher } from './bluesky-publisher.js';

/** `app.bsky.feed.post#text`: maxGraphemes 300 and maxLength 3000 (UTF-8 bytes). */
export const BLUESKY_MAX_GRAPHEMES = 300;
export const BLUESKY_MAX_TEXT_BYTES = 3_000;
export const BLUESKY_DEFAULT_API_BASE_URL = 'https://bsky.social';

/**
 * Graphemes, as Bluesky counts them. The byte cap only bites on texts made of very heavy
 * graphemes (300 family emoji are ~7,500 bytes); folding it in as bytes/10 makes one number
 * that is ≤ 300 exactly when both lexicon limits hold, and equals the grapheme count otherwise.
 */
export const blueskyLength: LengthCounter = (text) =>
  Math.max(graphemeLength(text), Math.ceil((utf8Length(text) * BLUESKY_MAX_GRAPHEMES) / BLUESKY_MAX_TEXT_BYTES));

export const blueskyNetwork: NetworkDefinition = {
  id: 'bluesky',
  displayName: 'Bluesky',
  envPrefix: 'BLUESKY',
  // An app password (Settings → App passwords), never the account password.
  credentialSets: [['IDENTIFIER', 'APP_PASSWORD']],
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
  count: blueskyLength,
  format: (input) => fitDraft(input, { limit: BLUESKY_MAX_GRAPHEMES, count: blueskyLength }),
  createLive: createBlueskyPublisher,
  // The rkey is derived from the post id and checked with getRecord before a retry: no second record.
  retryAfterUnknownIsSafe: true,
};
