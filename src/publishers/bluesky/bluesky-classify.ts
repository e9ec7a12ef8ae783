import { AuthError, PermanentError, type PublishError, RateLimitedError, RetryableError } from '../errors.js';
import { DEFAULT_RATE_LIMIT_WAIT_MS, fromEpochSeconds, fromRetryAfter } from '../rate-limit-headers.js';

const NETWORK = 'bluesky';

/** XRPC error body: `{"error":"<Name>","message":"…"}`. */
export interface XrpcError {
  error?: string;
  message?: string;
}

export function xrpcError(body: unknown): XrpcError {
  if (!body || typeof body !== 'object') return {};
  const b = body as Record<string, unknown>;
  return {
    ...(typeof b.error === 'string' ? { error: b.error } : {}),
    ...(typeof b.message === 'string' ? { message: b.message } : {}),
  };
}

/** Errors that mean "this account cannot post until a human acts", whatever the status. */
const ACCOUNT_ERRORS = new Set(['AccountTakedown', 'AccountDeactivated', 'AccountSuspended']);

/**
 * The access token needs replacing: a PDS answers an expired access JWT with HTTP **400**
 * `ExpiredToken` (not 401), and a revoked or unknown one with 401. @atproto/api refreshes on
 * both; so do we (see bluesky-session.ts).
 */
export function isSessionExpired(status: number, body: unknown): boolean {
  const { error } = xrpcError(body);
  return status === 401 || (status === 400 && (error === 'ExpiredToken' || error === 'InvalidToken'));
}

/**
 * Pure: a non-2xx XRPC answer → the error the worker understands. Session expiry has already
 * been handled (refresh, then re-login) when this runs, so an auth error here is final.
 */
export function classify(status: number, headers: Headers, body: unknown, nowMs: number): PublishError {
  const { error, message } = xrpcError(body);
  const detail = [error, message].filter(Boolean).join(': ') || undefined;
  const init = { network: NETWORK, status, ...(detail ? { detail } : {}) };
  if (status === 429) {
    const untilMs =
      fromEpochSeconds(headers.get('ratelimit-reset')) ?? fromRetryAfter(headers.get('retry-after'), nowMs) ?? nowMs + DEFAULT_RATE_LIMIT_WAIT_MS;
    return new RateLimitedError('bluesky: rate limited', { ...init, untilMs });
  }
  if (status === 401 || status === 403 || (error !== undefined && ACCOUNT_ERRORS.has(error)) || (status === 400 && isSessionExpired(status, body))) {
    return new AuthError(`bluesky: not allowed to post (${error ?? status})`, { ...init, keepPost: true });
  }
  if (status === 408 || status >= 500) return new RetryableError(`bluesky: server error ${status}`, init);
  const tooLong = /longer than|too long|too many graphemes/i.test(message ?? '');
  return new PermanentError(`bluesky: post rejected (${error ?? status})`, { ...init, reason: tooLong ? 'too-long' : 'rejected' });
}
