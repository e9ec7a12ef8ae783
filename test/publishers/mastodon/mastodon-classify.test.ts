import { describe, expect, it } from 'vitest';
import { AuthError, PermanentError, RateLimitedError, RetryableError } from '../../../src/publishers/errors.js';
import { classify } from '../../../src/publishers/mastodon/mastodon-classify.js';

const NOW = Date.parse('2026-05-04T10:00:00Z');
const h = (o: Record<string, string> = {}) => new Headers(o);

describe('mastodon classify', () => {
  it.each([
    ['429 with ISO-8601 X-RateLimit-Reset (microseconds)', 429, h({ 'x-ratelimit-reset': '2026-05-04T10:05:00.019685Z' }), { error: 'Too many requests' }, RateLimitedError, Date.parse('2026-05-04T10:05:00.019Z')],
    ['429 with only Retry-After', 429, h({ 'retry-after': '120' }), {}, RateLimitedError, NOW + 120_000],
    ['429 with an unusable reset falls back to the default minute', 429, h({ 'x-ratelimit-reset': 'soon' }), {}, RateLimitedError, NOW + 60_000],
    ['401 invalid token', 401, h(), { error: 'The access token is invalid' }, AuthError, undefined],
    ['403 suspended or missing scope', 403, h(), { error: 'This action is not allowed' }, AuthError, undefined],
    ['404 wrong apiBaseUrl', 404, h(), { error: 'Record not found' }, AuthError, undefined],
    ['422 validation', 422, h(), { error: "Validation failed: Text can't be blank" }, PermanentError, undefined],
    ['400 bad params', 400, h(), { error: 'Bad request' }, PermanentError, undefined],
    ['500', 500, h(), { error: 'We are sorry, but something went wrong' }, RetryableError, undefined],
    ['503 maintenance page', 503, h(), '<html>maintenance</html>', RetryableError, undefined],
  ])('%s', (_name, status, headers, body, type, untilMs) => {
    const err = classify(status, headers, body, NOW);
    expect(err).toBeInstanceOf(type);
    expect(err.network).toBe('mastodon');
    if (untilMs !== undefined) expect((err as RateLimitedError).untilMs).toBe(untilMs);
  });

  it('does not read the ISO reset as epoch seconds', () => {
    const err = classify(429, h({ 'x-ratelimit-reset': '2026-05-04T10:05:00Z' }), {}, NOW) as RateLimitedError;
    expect(err.untilMs - NOW).toBe(300_000);
  });

  it('"character limit exceeded" is too-long; other 422s are rejected', () => {
    expect((classify(422, h(), { error: 'Validation failed: Text character limit of 500 exceeded' }, NOW) as PermanentError).reason).toBe('too-long');
    expect((classify(422, h(), { error: 'Validation failed: Media attachments are invalid' }, NOW) as PermanentError).reason).toBe('rejected');
  });

  it('keeps the error text as detail and the post for after resume', () => {
    const err = classify(401, h(), { error: 'The access token is invalid' }, NOW) as AuthError;
    expect(err.detail).toBe('The access token is invalid');
    expect(err.keepPost).toBe(true);
  });
});
