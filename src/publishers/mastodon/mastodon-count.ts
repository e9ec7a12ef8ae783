import { type LengthCounter, urlWeightedLength } from '../../text/length-counters.js';

/** Mastodon: each http(s) URL counts as 23 characters (StatusLengthValidator URL placeholder). */
export const MASTODON_URL_LENGTH = 23;

/** Mastodon's default instance rule (500, URLs 23); an instance's own numbers come from mastodon-instance.ts. */
export const mastodonLength: LengthCounter = urlWeightedLength(MASTODON_URL_LENGTH);
