import { type LengthCounter, sumGraphemes } from '../../text/length-counters.js';

const EMOJI_RE = /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20E3|\uFE0F/u;
const utf8 = new TextEncoder();

/**
 * Threads: "Emojis are counted as the number of UTF-8 bytes" (Threads API docs, 500 limit).
 * Other graphemes count 1; an emoji grapheme (incl. ZWJ sequences, flags, keycaps) counts its
 * UTF-8 byte length, so a family emoji costs 18+ and a flag 8.
 */
export const threadsLength: LengthCounter = (text) =>
  sumGraphemes(text, (g) => (EMOJI_RE.test(g) ? utf8.encode(g).length : 1));
