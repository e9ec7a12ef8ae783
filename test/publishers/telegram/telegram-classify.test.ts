import { describe, expect, it } from 'vitest';
import { AuthError, PermanentError, RateLimitedError, RetryableError } from '../../../src/publishers/errors.js';
import { classify, isPhotoRejection, migrateTarget } from '../../../src/publishers/telegram/telegram-classify.js';

const NOW = 1_750_000_000_000;
const env = (error_code: number, description: string, parameters?: Record<string, number>) => ({ ok: false, error_code, description, ...(parameters ? { parameters } : {}) });

describe('telegram classify', () => {
  const cases: Array<[string, number, unknown, new (...a: never[]) => Error, Record<string, unknown>?]> = [
    ['429 flood control', 429, env(429, 'Too Many Requests: retry after 17', { retry_after: 17 }), RateLimitedError, { untilMs: NOW + 17_000, scope: 'channel' }],
    ['401 bad token', 401, env(401, 'Unauthorized'), AuthError, { keepPost: true }],
    ['404 unknown token path', 404, env(404, 'Not Found'), AuthError],
    ['403 bot kicked', 403, env(403, 'Forbidden: bot was kicked from the channel chat'), AuthError, { keepPost: true }],
    ['403 not admin', 403, env(403, 'Forbidden: bot is not a member of the channel chat'), AuthError],
    ['400 chat not found', 400, env(400, 'Bad Request: chat not found'), AuthError],
    ['400 no rights', 400, env(400, 'Bad Request: not enough rights to send text messages to the chat'), AuthError],
    ['400 parse error', 400, env(400, "Bad Request: can't parse entities: Unsupported start tag \"x\" at byte offset 3"), PermanentError, { reason: 'rejected' }],
    ['400 too long', 400, env(400, 'Bad Request: message is too long'), PermanentError, { reason: 'too-long' }],
    ['400 caption too long', 400, env(400, 'Bad Request: message caption is too long'), PermanentError, { reason: 'too-long' }],
    ['500', 500, env(500, 'Internal Server Error'), RetryableError],
    ['502 html page', 502, '<html>Bad Gateway</html>', RetryableError],
  ];
  it.each(cases)('%s', (_name, status, body, type, fields) => {
    const err = classify(status, new Headers(), body, NOW);
    expect(err).toBeInstanceOf(type);
    expect(err.status).toBe(status);
    if (fields) expect(err).toMatchObject(fields);
  });

  it('keeps the description for the ledger', () => {
    const err = classify(400, new Headers(), env(400, 'Bad Request: message text is empty'), NOW);
    expect(err.detail).toBe('Bad Request: message text is empty');
  });

  it('429 without parameters falls back to Retry-After, then to a default wait', () => {
    expect((classify(429, new Headers({ 'retry-after': '5' }), env(429, 'Too Many Requests'), NOW) as RateLimitedError).untilMs).toBe(NOW + 5_000);
    expect((classify(429, new Headers(), {}, NOW) as RateLimitedError).untilMs).toBe(NOW + 60_000);
  });

  it('finds migrate_to_chat_id only on a 400', () => {
    const body = env(400, 'Bad Request: group chat was upgraded to a supergroup chat', { migrate_to_chat_id: -1009876543210 });
    expect(migrateTarget(400, body)).toBe('-1009876543210');
    expect(migrateTarget(200, body)).toBeUndefined();
    expect(migrateTarget(400, env(400, 'Bad Request: chat not found'))).toBeUndefined();
  });

  it.each([
    ['Bad Request: wrong file identifier/HTTP URL specified', true],
    ['Bad Request: failed to get HTTP URL content', true],
    ['Bad Request: wrong type of the web page content', true],
    ['Bad Request: IMAGE_PROCESS_FAILED', true],
    ['Bad Request: message caption is too long', false],
    ['Bad Request: chat not found', false],
  ])('photo rejection: %s → %s', (description, expected) => {
    expect(isPhotoRejection(400, env(400, description))).toBe(expected);
  });
});
