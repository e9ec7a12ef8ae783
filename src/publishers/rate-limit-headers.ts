/**
 * Reset times arrive in three shapes: delta seconds (`Retry-After: 30`, Telegram's `retry_after`,
 * Discord's float seconds), epoch seconds (X, Bluesky), or an ISO/HTTP date (Mastodon, Retry-After).
 * All return epoch milliseconds, or undefined when the value is unusable.
 */
export function fromDeltaSeconds(value: string | number | null | undefined, nowMs: number): number | undefined {
  const n = typeof value === 'number' ? value : value == null ? NaN : Number(value);
  return Number.isFinite(n) && n >= 0 ? nowMs + Math.ceil(n * 1000) : undefined;
}

export function fromEpochSeconds(value: string | number | null | undefined): number | undefined {
  const n = typeof value === 'number' ? value : value == null ? NaN : Number(value);
  return Number.isFinite(n) && n > 0 ? n * 1000 : undefined;
}

export function fromDate(value: string | null | undefined): number | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}

/** `Retry-After` is either delta seconds or an HTTP date (RFC 9110 §10.2.3). */
export function fromRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (!value) return undefined;
  return /^\s*\d+(\.\d+)?\s*$/.test(value) ? fromDeltaSeconds(value, nowMs) : fromDate(value);
}

/** When a network gives no usable time, wait this long rather than hammering it. */
export const DEFAULT_RATE_LIMIT_WAIT_MS = 60_000;
