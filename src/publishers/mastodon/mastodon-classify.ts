import { AuthError, PermanentError, type PublishError, RateLimitedError, RetryableError } from '../errors.js';
import { DEFAULT_RATE_LIMIT_WAIT_MS, fromDate, fromRetryAfter } from '../rate-limit-headers.js';

const NETWORK = 'mastodon';

/** Mastodon error body: `{"error":"…"}` (sometimes with `error_description`). */
export function mastodonErrorText(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const b = body as Record<string, unknown>;
  const parts = [b.error, b.error_description].filter((v): v is string => typeof v === 'string' && v !== '');
  return parts.length ? parts.join(': ') : undefined;
}

/**
 * Pure: a non-2xx Mastodon answer → the error the worker understands. Mastodon's
 * `X-RateLimit-Reset` is an ISO-8601 time (e.g. `2020-09-08T13:25:00.019685Z`), not epoch
 * seconds like X or Bluesky.
 */
export function classify(status: number, headers: Headers, body: unknown, nowMs: number): PublishError {
  const detail = mastodonErrorText(body);
  const init = { network: NETWORK, status, ...(detail ? { detail } : {}) };
  if (status === 429) {
    const untilMs = fromDate(headers.get('x-ratelimit-reset')) ?? fromRetryAfter(headers.get('retry-after'), nowMs) ?? nowMs + DEFAULT_RATE_LIMIT_WAIT_MS;
    return new RateLimitedError('mastodon: rate limited', { ...init, untilMs });
  }
  if (status === 401 || status === 403) {
    // Invalid or revoked token, missing write:statuses scope, or a suspended account.
    return new AuthError(`mastodon: not allowed to post (${status})`, { ...init, keepPost: true });
  }
  if (status === 404 || status === 410) {
    // The statuses endpoint itself is missing: wrong apiBaseUrl or a gone instance/account. Every post would fail.
    return new AuthError(`mastodon: ${status} from the statuses endpoint; check networks.<channel>.apiBaseUrl`, { ...init, keepPost: true });
  }
  if (status === 408 || status >= 500) return new RetryableError(`mastodon: server error ${status}`, init);
  // 422 "Validation failed: Text character limit of 500 exceeded" / "can't be blank", 400 bad params.
  const tooLong = /character limit|too long/i.test(detail ?? '');
  return new PermanentError(`mastodon: post rejected (${status})`, { ...init, reason: tooLong ? 'too-long' : 'rejected' });
}
