import { AuthError, PermanentError, type PublishError, RateLimitedError, RetryableError, UnknownOutcomeError } from '../errors.js';
import { fromRetryAfter } from '../rate-limit-headers.js';

const NETWORK = 'linkedin';

/** LinkedIn error body: `{"status":422,"message":"…","code":"…","serviceErrorCode":…,"errorDetails":…}`. */
export function linkedinErrorText(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const b = body as Record<string, unknown>;
  const parts = [b.code, b.message].filter((v): v is string => typeof v === 'string' && v !== '');
  return parts.length ? parts.join(': ') : undefined;
}

/** The existing post named by a 422 duplicate ("Content is a duplicate of urn:li:share:…"). */
export function duplicateOf(body: unknown): string | undefined {
  return /urn:li:(?:share|ugcPost):\d+/.exec(linkedinErrorText(body) ?? '')?.[0];
}

/** LinkedIn's daily application and member limits reset at midnight UTC. */
export function nextUtcMidnightMs(nowMs: number): number {
  const d = new Date(nowMs);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
}

/**
 * Pure: a non-2xx LinkedIn answer → the error the worker understands. A 429 without
 * Retry-After means a daily limit: nothing goes out before the next UTC midnight.
 */
export function classify(status: number, headers: Headers, body: unknown, nowMs: number): PublishError {
  const detail = linkedinErrorText(body);
  const raw = typeof body === 'string' ? body : JSON.stringify(body ?? '');
  const init = { network: NETWORK, status, ...(detail ? { detail } : {}) };
  if (status === 429) {
    const untilMs = fromRetryAfter(headers.get('retry-after'), nowMs) ?? nextUtcMidnightMs(nowMs);
    return new RateLimitedError('linkedin: rate limited', { ...init, untilMs });
  }
  if (status === 401) return new AuthError('linkedin: access token invalid or expired (re-authorise the app)', { ...init, keepPost: true });
  if (status === 403) return new AuthError('linkedin: no permission to post as this author (w_member_social / w_organization_social, admin role)', { ...init, keepPost: true });
  // 426 NONEXISTENT_VERSION: the Linkedin-Version header names a sunset version; every post would fail.
  if (status === 426 || /NONEXISTENT_VERSION|VERSION_MISSING/.test(raw)) {
    return new AuthError('linkedin: API version not active; bump networks.<channel>.version', { ...init, keepPost: true });
  }
  // A gateway timeout may hide a post made upstream; without an idempotency key only a human can tell.
  if (status === 504) return new UnknownOutcomeError('linkedin: gateway timeout; the post may have been made', init);
  if (status === 408 || status >= 500) return new RetryableError(`linkedin: server error ${status}`, init);
  if (status === 422 && /DUPLICATE/i.test(raw)) return new PermanentError('linkedin: duplicate post', { ...init, reason: 'duplicate' });
  const tooLong = /too long|exceeds? (the )?max(imum)? length|length.*exceed/i.test(raw);
  return new PermanentError(`linkedin: post rejected (${status})`, { ...init, reason: tooLong ? 'too-long' : 'rejected' });
}
