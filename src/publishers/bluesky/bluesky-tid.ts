import { createHash } from 'node:crypto';

/**
 * `app.bsky.feed.post` records are keyed by a TID: 64 bits (top bit 0, then 53 bits of
 * microseconds since the Unix epoch, then a 10-bit clock id) written as 13 characters of
 * base32-sortable. Choosing the key ourselves, from the post id, makes createRecord
 * idempotent: a retry names the same record instead of creating a second one.
 *
 * The timestamp part is taken from a hash, not from the clock, so every attempt derives the
 * same key. It is kept inside a fixed window in the past (TID_WINDOW_START_US + 2^46 µs, i.e.
 * 2023-01-01 to early 2025) so the key still reads as a plausible TID and never claims a time
 * in the future; 46 + 10 hashed bits make a collision between two posts of one account
 * vanishingly unlikely. Bluesky orders feeds by `createdAt`/indexing time, not by rkey.
 */
const S32_ALPHABET = '234567abcdefghijklmnopqrstuvwxyz';
const TID_WINDOW_START_US = 1_672_531_200_000_000n; // 2023-01-01T00:00:00Z
const TIMESTAMP_HASH_BITS = 46n;
const CLOCK_ID_BITS = 10n;

/** Syntax from the atproto TID spec: the first character carries only 4 bits (top bit 0). */
export const TID_RE = /^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$/;

function s32(value: bigint, width: number): string {
  let out = '';
  let v = value;
  for (let i = 0; i < width; i++) {
    out = S32_ALPHABET[Number(v % 32n)] + out;
    v /= 32n;
  }
  return out;
}

/** The TID for one post id: same input, same key, on every attempt and every worker. */
export function tidForPostId(postId: string): string {
  const digest = createHash('sha256').update(`crier-bluesky-rkey:${postId}`).digest();
  const bits = digest.readBigUInt64BE(0);
  const timestampUs = TID_WINDOW_START_US + (bits >> (64n - TIMESTAMP_HASH_BITS));
  const clockId = bits & ((1n << CLOCK_ID_BITS) - 1n);
  return tidFrom(timestampUs, Number(clockId));
}

/** 53-bit microsecond timestamp (11 chars) + 10-bit clock id (2 chars). */
export function tidFrom(timestampUs: bigint, clockId: number): string {
  if (timestampUs < 0n || timestampUs >= 1n << 53n) throw new RangeError('TID timestamp out of range');
  return s32(timestampUs, 11) + s32(BigInt(clockId & 0x3ff), 2);
}

/** Inverse of `tidFrom`, for tests and diagnostics. */
export function parseTid(tid: string): { timestampUs: bigint; clockId: number } {
  let v = 0n;
  for (const ch of tid) v = v * 32n + BigInt(S32_ALPHABET.indexOf(ch));
  return { timestampUs: v >> CLOCK_ID_BITS, clockId: Number(v & ((1n << CLOCK_ID_BITS) - 1n)) };
}
