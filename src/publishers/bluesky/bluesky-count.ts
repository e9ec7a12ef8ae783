import { graphemeLength, type LengthCounter } from '../../text/length-counters.js';

/** Bluesky post records allow 300 graphemes AND 3000 UTF-8 bytes (app.bsky.feed.post lexicon). */
export const BLUESKY_MAX_GRAPHEMES = 300;
export const BLUESKY_MAX_BYTES = 3000;

const utf8 = new TextEncoder();

/**
 * Bluesky's two limits folded into one count against 300: graphemes, or bytes / 10 when that is
 * larger (emoji-heavy text can pass 300 graphemes' worth of bytes: a family emoji is 25 bytes).
 * Use with limit BLUESKY_MAX_GRAPHEMES; `graphemeLength` alone misses the byte limit.
 */
export const blueskyLength: LengthCounter = (text) =>
  Math.max(graphemeLength(text), Math.ceil((utf8.encode(text).length * BLUESKY_MAX_GRAPHEMES) / BLUESKY_MAX_BYTES));
