import { describe, expect, it } from 'vitest';
import { classify, isSessionExpired } from '../../../src/publishers/bluesky/bluesky-classify.js';
import { AuthError, PermanentError, RateLimitedError, RetryableError } from '../../../src/publishers/errors.js';

const NOW = Date.parse('2026-05-04T10:00:00Z');
const h = (o: Record<string, string> = {}) => new Headers(o);

describe('bluesky classify', () => {
  it.each([
    ['429 with RateLimit-Reset (epoch s)', 429, h({ 'ratelimit-reset': String(NOW / 1000 + 900) }), { error: 'RateLimitExceeded' }, RateLimitedError, NOW + 900_000],
    ['429 with only Retry-After', 429, h({ 'retry-after': '30' }), { error: 'RateLimitExceeded' }, RateLimitedError, NOW + 30_000],
    ['429 with no header waits the default minute', 429, h(), {}, RateLimitedError, NOW + 60_000],
    ['400 InvalidRequest', 400, h(), { error: 'InvalidRequest', message: 'Invalid app.bsky.feed.post record' }, PermanentError, undefined],
    ['400 ExpiredToken (after refresh and re-login failed)', 400, h(), { error: 'ExpiredToken', message: 'Token has expired' }, AuthError, undefined],
    ['401 AuthenticationRequired', 401, h(), { error: 'AuthenticationRequired', message: 'Invalid identifier or password' }, AuthError, undefined],
    ['401 InvalidToken', 401, h(), { error: 'InvalidToken' }, AuthError, undefined],
    ['400 AccountTakedown', 400, h(), { error: 'AccountTakedown', message: 'Account has been taken down' }, AuthError, undefined],
    ['403', 403, h(), {}, AuthError, undefined],
    ['413 payload too large', 413, h(), { error: 'PayloadTooLarge' }, PermanentError, undefined],
    ['500', 500, h(), { error: 'InternalServerError' }, RetryableError, undefined],
    ['502 HTML page', 502, h(), undefined, RetryableError, undefined],
    ['503', 503, h(), { error: 'UpstreamFailure' }, RetryableError, undefined],
    ['408', 408, h(), undefined, RetryableError, undefined],
  ])('%s', (_name, status, headers, body, type, untilMs) => {
    const err = classify(status, headers, body, NOW);
    expect(err).toBeInstanceOf(type);
    expect(err.network).toBe('bluesky');
    expect(err.status).toBe(status);
    if (untilMs !== undefined) expect((err as RateLimitedError).untilMs).toBe(untilMs);
  });

  it('too-long text → PermanentError(too-long), other rejections → rejected', () => {
    const long = classify(400, h(), { error: 'InvalidRequest', message: 'Invalid app.bsky.feed.post record: Record/text must not be longer than 300 graphemes' }, NOW);
    expect((long as PermanentError).reason).toBe('too-long');
    expect((classify(400, h(), { error: 'InvalidRequest', message: 'Invalid facet' }, NOW) as PermanentError).reason).toBe('rejected');
  });

  it('auth errors keep the post for after `crier resume`, and carry the XRPC error as detail', () => {
    const err = classify(401, h(), { error: 'AuthenticationRequired', message: 'Invalid identifier or password' }, NOW) as AuthError;
    expect(err.keepPost).toBe(true);
    expect(err.detail).toBe('AuthenticationRequired: Invalid identifier or password');
  });

  it.each([
    [400, { error: 'ExpiredToken' }, true],
    [400, { error: 'InvalidToken' }, true],
    [401, { error: 'AuthenticationRequired' }, true],
    [400, { error: 'InvalidRequest' }, false],
    [429, { error: 'RateLimitExceeded' }, false],
    [500, undefined, false],
  ])('isSessionExpired(%i, %j) = %s', (status, body, expected) => {
    expect(isSessionExpired(status, body)).toBe(expected);
  });
});
