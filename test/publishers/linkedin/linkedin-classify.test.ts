import { describe, expect, it } from 'vitest';
import { AuthError, PermanentError, RateLimitedError, RetryableError, UnknownOutcomeError } from '../../../src/publishers/errors.js';
import { classify, duplicateOf, nextUtcMidnightMs } from '../../../src/publishers/linkedin/linkedin-classify.js';

const NOW = Date.parse('2026-05-04T22:30:00Z');
const MIDNIGHT = Date.parse('2026-05-05T00:00:00Z');
const h = (o: Record<string, string> = {}) => new Headers(o);
const DUPLICATE = {
  errorDetailType: 'com.linkedin.common.error.BadRequest',
  message: 'Content is a duplicate of urn:li:share:7190000000000000001',
  errorDetails: { inputErrors: [{ description: 'Duplicate post is detected', input: {}, code: 'DUPLICATE_POST' }] },
  status: 422,
};

describe('linkedin classify', () => {
  it.each([
    ['429 without Retry-After waits for the next UTC midnight', 429, h(), { status: 429, message: 'Resource level throttle APPLICATION DAY limit' }, RateLimitedError, MIDNIGHT],
    ['429 with Retry-After uses it', 429, h({ 'retry-after': '600' }), { status: 429 }, RateLimitedError, NOW + 600_000],
    ['401', 401, h(), { status: 401, code: 'INVALID_ACCESS_TOKEN', message: 'Invalid access token' }, AuthError, undefined],
    ['403 permission', 403, h(), { status: 403, code: 'ACCESS_DENIED', message: 'Not enough permissions' }, AuthError, undefined],
    ['426 sunset version', 426, h(), { status: 426, code: 'NONEXISTENT_VERSION', message: 'Requested version 202401 is not active' }, AuthError, undefined],
    ['400 missing version header', 400, h(), { status: 400, code: 'VERSION_MISSING', message: 'A version must be present' }, AuthError, undefined],
    ['422 DUPLICATE', 422, h(), DUPLICATE, PermanentError, undefined],
    ['422 other validation', 422, h(), { status: 422, message: 'ERROR :: /author :: is not a valid urn' }, PermanentError, undefined],
    ['400 bad request', 400, h(), { status: 400, message: 'Syntax exception in path variables' }, PermanentError, undefined],
    ['500', 500, h(), { status: 500, message: 'Internal Server Error' }, RetryableError, undefined],
    ['502 bad gateway', 502, h(), '', RetryableError, undefined],
    ['504 gateway timeout: the post may exist', 504, h(), '', UnknownOutcomeError, undefined],
  ])('%s', (_name, status, headers, body, type, untilMs) => {
    const err = classify(status, headers, body, NOW);
    expect(err).toBeInstanceOf(type);
    expect(err.network).toBe('linkedin');
    if (untilMs !== undefined) expect((err as RateLimitedError).untilMs).toBe(untilMs);
  });

  it('a duplicate is reason "duplicate" and names the existing post in the detail', () => {
    const err = classify(422, h(), DUPLICATE, NOW) as PermanentError;
    expect(err.reason).toBe('duplicate');
    expect(err.detail).toContain('urn:li:share:7190000000000000001');
    expect(duplicateOf(DUPLICATE)).toBe('urn:li:share:7190000000000000001');
    expect(duplicateOf({ message: 'nope' })).toBeUndefined();
    expect((classify(422, h(), { status: 422, message: 'ERROR :: /author' }, NOW) as PermanentError).reason).toBe('rejected');
  });

  it('next UTC midnight is strictly after now, also at exactly midnight and across month/year ends', () => {
    expect(nextUtcMidnightMs(Date.parse('2026-05-05T00:00:00Z'))).toBe(Date.parse('2026-05-06T00:00:00Z'));
    expect(nextUtcMidnightMs(Date.parse('2026-12-31T23:59:59Z'))).toBe(Date.parse('2027-01-01T00:00:00Z'));
    expect(nextUtcMidnightMs(Date.parse('2026-02-28T12:00:00Z'))).toBe(Date.parse('2026-03-01T00:00:00Z'));
  });
});
