import { describe, expect, it } from 'vitest';
import { AuthError, PermanentError, RateLimitedError, RetryableError } from '../../../src/publishers/errors.js';
import { classify } from '../../../src/publishers/slack/slack-classify.js';

const NOW = 1_750_000_000_000;

describe('slack classify', () => {
  const cases: Array<[number, Record<string, string>, string, new (...a: never[]) => Error, Record<string, unknown>?]> = [
    [429, { 'retry-after': '30' }, 'rate_limited', RateLimitedError, { untilMs: NOW + 30_000, scope: 'channel' }],
    [429, {}, 'rate_limited', RateLimitedError, { untilMs: NOW + 60_000 }],
    [400, {}, 'invalid_payload', PermanentError, { reason: 'rejected', detail: 'invalid_payload' }],
    [400, {}, 'no_text', PermanentError, { reason: 'rejected' }],
    [400, {}, 'invalid_blocks', PermanentError],
    [400, {}, 'msg_too_long', PermanentError, { reason: 'too-long' }],
    [401, {}, 'invalid_auth', AuthError],
    [403, {}, 'action_prohibited', AuthError, { keepPost: true }],
    [403, {}, 'invalid_token', AuthError],
    [404, {}, 'channel_not_found', AuthError],
    [404, {}, 'no_service', AuthError],
    [410, {}, 'channel_is_archived', AuthError, { keepPost: true }],
    [400, {}, 'team_disabled', AuthError],
    [500, {}, 'internal_error', RetryableError],
    [503, {}, '<html>Service Unavailable</html>', RetryableError],
  ];
  it.each(cases)('%i %s %s', (status, headers, body, type, fields) => {
    const err = classify(status, new Headers(headers), body, NOW);
    expect(err).toBeInstanceOf(type);
    expect(err.status).toBe(status);
    if (fields) expect(err).toMatchObject(fields);
  });

  it('says which code Slack gave and what to do', () => {
    expect(classify(410, new Headers(), 'channel_is_archived', NOW).message).toMatch(/channel_is_archived.*SLACK_WEBHOOK_URL/);
  });
});
