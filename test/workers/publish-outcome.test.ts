import { describe, expect, it } from 'vitest';
import { AuthError, PermanentError, RateLimitedError, RetryableError, UnknownOutcomeError } from '../../src/publishers/errors.js';
import { decidePublishFailure, type DecisionInput } from '../../workers/publish-outcome.js';

const NOW = 1_800_000_000_000;
const base: Omit<DecisionInput, 'error'> = {
  network: 'x',
  attempt: 1,
  maxAttempts: 5,
  rateLimitWaits: 0,
  maxRateLimitWaits: 3,
  afterUnknownOutcome: false,
  retryAfterUnknownIsSafe: false,
  nowMs: NOW,
};
const n = { network: 'x' };

describe('decidePublishFailure', () => {
  it.each([
    ['retryable → retry', { error: new RetryableError('503', n) }, { action: 'retry', ledger: 'queued' }],
    ['retryable on the last attempt → failed', { error: new RetryableError('503', n), attempt: 5 }, { action: 'stop', ledger: 'failed' }],
    ['429 → pause the channel until reset', { error: new RateLimitedError('429', { ...n, untilMs: NOW + 900_000 }) }, { action: 'rate-limit-channel', untilMs: NOW + 900_000 }],
    ['429 with a reset in the past → at least 1 s', { error: new RateLimitedError('429', { ...n, untilMs: NOW - 5 }) }, { action: 'rate-limit-channel', untilMs: NOW + 1_000 }],
    ['per-post limit → delay the post only', { error: new RateLimitedError('slow', { ...n, untilMs: NOW + 5_000, scope: 'post' }) }, { action: 'delay-post', untilMs: NOW + 5_000 }],
    ['429 too many times → failed (no endless loop)', { error: new RateLimitedError('429', { ...n, untilMs: NOW + 1 }), rateLimitWaits: 3 }, { action: 'stop', ledger: 'failed' }],
    ['400 → failed', { error: new PermanentError('bad', n) }, { action: 'stop', ledger: 'failed' }],
    ['duplicate → skipped', { error: new PermanentError('dup', { ...n, reason: 'duplicate' }) }, { action: 'stop', ledger: 'skipped' }],
    ['duplicate after an unknown outcome → posted, unconfirmed', { error: new PermanentError('dup', { ...n, reason: 'duplicate' }), afterUnknownOutcome: true }, { action: 'stop', ledger: 'posted', confirmed: false }],
    ['401 → halt the channel, fail the post', { error: new AuthError('401', n) }, { action: 'halt-channel', keepPost: false }],
    ['402 credits → halt the channel, keep the post', { error: new AuthError('402', { ...n, keepPost: true }) }, { action: 'halt-channel', keepPost: true }],
    ['unknown outcome, unsafe network → unknown', { error: new UnknownOutcomeError('timeout', n) }, { action: 'stop', ledger: 'unknown' }],
    ['unknown outcome, idempotent network → retry and remember', { error: new UnknownOutcomeError('timeout', n), retryAfterUnknownIsSafe: true }, { action: 'retry', markUnknown: true }],
    ['a bug (plain Error) is treated as unknown outcome', { error: new TypeError('oops') }, { action: 'stop', ledger: 'unknown' }],
  ])('%s', (_name, input, expected) => {
    expect(decidePublishFailure({ ...base, ...input })).toMatchObject(expected);
  });

  it('keeps the network message for the ledger', () => {
    const d = decidePublishFailure({ ...base, error: new PermanentError('X refused the post', { ...n, status: 400, detail: 'Your Tweet text is too long.' }) });
    expect(d.message).toContain('Your Tweet text is too long.');
  });
});
