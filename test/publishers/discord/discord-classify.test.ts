import { describe, expect, it } from 'vitest';
import { classify } from '../../../src/publishers/discord/discord-classify.js';
import { AuthError, PermanentError, RateLimitedError, RetryableError } from '../../../src/publishers/errors.js';

const NOW = 1_750_000_000_000;

describe('discord classify', () => {
  const cases: Array<[string, number, Record<string, string>, unknown, new (...a: never[]) => Error, Record<string, unknown>?]> = [
    ['429 float retry_after in the body wins', 429, { 'retry-after': '3' }, { message: 'You are being rate limited.', retry_after: 2.345, global: false }, RateLimitedError, { untilMs: NOW + 2_345, scope: 'channel' }],
    ['429 global is still channel-scoped', 429, {}, { message: 'You are being rate limited.', retry_after: 0.5, global: true }, RateLimitedError, { untilMs: NOW + 500, scope: 'channel' }],
    ['429 without body: X-RateLimit-Reset-After', 429, { 'x-ratelimit-reset-after': '1.250', 'retry-after': '2' }, '', RateLimitedError, { untilMs: NOW + 1_250 }],
    ['429 Cloudflare page: Retry-After', 429, { 'retry-after': '30' }, '<html>1015</html>', RateLimitedError, { untilMs: NOW + 30_000 }],
    ['429 with nothing: default wait', 429, {}, '', RateLimitedError, { untilMs: NOW + 60_000 }],
    ['404 deleted webhook', 404, {}, { message: 'Unknown Webhook', code: 10015 }, AuthError, { keepPost: true }],
    ['401 bad token', 401, {}, { message: 'Invalid Webhook Token', code: 50027 }, AuthError],
    ['403 missing access', 403, {}, { message: 'Missing Access', code: 50001 }, AuthError],
    ['400 invalid form body', 400, {}, { message: 'Invalid Form Body', code: 50035, errors: { embeds: {} } }, PermanentError, { reason: 'rejected' }],
    ['400 content too long', 400, {}, { message: 'Invalid Form Body', code: 50035, errors: { content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } }, PermanentError, { reason: 'too-long' }],
    ['413 payload too large', 413, {}, 'request entity too large', PermanentError, { reason: 'too-long' }],
    ['500', 500, {}, { message: 'Internal Server Error', code: 0 }, RetryableError],
    ['503 html', 503, {}, '<html>upstream connect error</html>', RetryableError],
  ];
  it.each(cases)('%s', (_name, status, headers, body, type, fields) => {
    const err = classify(status, new Headers(headers), body, NOW);
    expect(err).toBeInstanceOf(type);
    if (fields) expect(err).toMatchObject(fields);
  });

  it('says what to do with a deleted webhook', () => {
    expect(classify(404, new Headers(), { message: 'Unknown Webhook', code: 10015 }, NOW).message).toMatch(/webhook deleted.*replace DISCORD_WEBHOOK_URL/);
  });

  it('keeps message, code and field errors as the detail', () => {
    const err = classify(400, new Headers(), { message: 'Invalid Form Body', code: 50035, errors: { content: 'x' } }, NOW);
    expect(err.detail).toBe('Invalid Form Body; code 50035; {"content":"x"}');
  });
});
