import { ApiPartialResponseError, ApiRequestError, ApiResponseError } from 'twitter-api-v2';
import { describe, expect, it } from 'vitest';
import { AuthError, PermanentError, RateLimitedError, RetryableError, UnknownOutcomeError, type PublishError } from '../../../src/publishers/errors.js';
import { DEFAULT_RATE_LIMIT_WAIT_MS } from '../../../src/publishers/rate-limit-headers.js';
import { classifyXError, classifyXFailure, xErrorMessage, type XHeaders } from '../../../src/publishers/x/x-classify.js';

const NOW_MS = Date.UTC(2026, 4, 1, 12, 0, 0);
const S = (ms: number) => String(Math.floor(ms / 1000));
const IN_15_MIN = NOW_MS + 15 * 60_000;
const IN_20_H = NOW_MS + 20 * 3_600_000;
const IN_23_H = NOW_MS + 23 * 3_600_000;
const DUPLICATE = { detail: 'You are not allowed to create a Tweet with duplicate content.', type: 'about:blank', title: 'Forbidden', status: 403 };
const INVALID = {
  errors: [{ message: 'The `text` field is required.', parameters: {} }],
  title: 'Invalid Request',
  detail: 'One or more parameters to your request was invalid.',
  type: 'https://api.twitter.com/2/problems/invalid-request',
};

interface Row {
  name: string;
  status: number;
  headers?: XHeaders;
  body?: unknown;
  kind: PublishError['kind'];
  untilMs?: number;
  reason?: PermanentError['reason'];
  keepPost?: boolean;
  detail?: RegExp;
}

const rows: Row[] = [
  { name: '429 → 15-minute reset (epoch seconds)', status: 429, headers: { 'x-rate-limit-limit': '100', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': S(IN_15_MIN) }, kind: 'rate-limited', untilMs: Math.floor(IN_15_MIN / 1000) * 1000 },
  {
    name: '429 with the user daily cap spent → the 24-hour reset, not the 15-minute one',
    status: 429,
    headers: { 'x-rate-limit-remaining': '97', 'x-rate-limit-reset': S(IN_15_MIN), 'x-user-limit-24hour-remaining': '0', 'x-user-limit-24hour-reset': S(IN_20_H), 'x-app-limit-24hour-remaining': '1200', 'x-app-limit-24hour-reset': S(IN_23_H) },
    kind: 'rate-limited',
    untilMs: Math.floor(IN_20_H / 1000) * 1000,
  },
  {
    name: '429 with the app daily cap spent → the app 24-hour reset',
    status: 429,
    headers: { 'x-rate-limit-reset': S(IN_15_MIN), 'x-user-limit-24hour-remaining': '3', 'x-user-limit-24hour-reset': S(IN_20_H), 'x-app-limit-24hour-remaining': '0', 'x-app-limit-24hour-reset': S(IN_23_H) },
    kind: 'rate-limited',
    untilMs: Math.floor(IN_23_H / 1000) * 1000,
  },
  {
    name: '429 with both daily caps spent → the later reset',
    status: 429,
    headers: { 'X-User-Limit-24hour-Remaining': '0', 'X-User-Limit-24hour-Reset': S(IN_23_H), 'x-app-limit-24hour-remaining': ['0'], 'x-app-limit-24hour-reset': [S(IN_20_H)] },
    kind: 'rate-limited',
    untilMs: Math.floor(IN_23_H / 1000) * 1000,
  },
  { name: '429 without headers → the default wait', status: 429, body: { errors: [{ code: 88, message: 'Rate limit exceeded' }] }, kind: 'rate-limited', untilMs: NOW_MS + DEFAULT_RATE_LIMIT_WAIT_MS, detail: /Rate limit exceeded/ },
  { name: '500 → retryable', status: 500, kind: 'retryable' },
  { name: '503 → retryable', status: 503, body: { title: 'Service Unavailable' }, kind: 'retryable' },
  { name: '403 duplicate content → permanent duplicate', status: 403, body: DUPLICATE, kind: 'permanent', reason: 'duplicate', detail: /duplicate content/ },
  { name: '403 legacy code 187 → permanent duplicate', status: 403, body: { errors: [{ code: 187, message: 'Status is a duplicate.' }] }, kind: 'permanent', reason: 'duplicate' },
  { name: '401 → auth, post fails', status: 401, body: { title: 'Unauthorized', status: 401, detail: 'Unauthorized' }, kind: 'auth', keepPost: false },
  { name: '402 CreditsDepleted → auth, post kept for resume', status: 402, body: { title: 'CreditsDepleted', status: 402, detail: 'Your enrolled account does not have any credits.' }, kind: 'auth', keepPost: true, detail: /credits/ },
  { name: '403 missing permission → auth', status: 403, body: { title: 'Forbidden', detail: 'Your client app is not configured with the appropriate oauth1 app permissions for this endpoint.' }, kind: 'auth', keepPost: false, detail: /permissions/ },
  { name: '400 → permanent, X message kept', status: 400, body: INVALID, kind: 'permanent', reason: 'rejected', detail: /One or more parameters.*The `text` field is required/ },
  { name: '400 too long → permanent too-long', status: 400, body: { errors: [{ code: 186, message: 'Tweet needs to be a bit shorter.' }] }, kind: 'permanent', reason: 'too-long' },
  { name: '404 → permanent', status: 404, body: 'Not Found', kind: 'permanent', reason: 'rejected', detail: /Not Found/ },
];

describe('classifyXError', () => {
  it.each(rows)('$name', (row) => {
    const err = classifyXError(row.status, row.headers ?? {}, row.body, NOW_MS);
    expect(err.kind).toBe(row.kind);
    expect(err.network).toBe('x');
    expect(err.status).toBe(row.status);
    if (row.untilMs !== undefined) expect((err as RateLimitedError).untilMs).toBe(row.untilMs);
    if (row.kind === 'rate-limited') expect((err as RateLimitedError).scope).toBe('channel');
    if (row.reason) expect((err as PermanentError).reason).toBe(row.reason);
    if (row.keepPost !== undefined) expect((err as AuthError).keepPost).toBe(row.keepPost);
    if (row.detail) expect(err.detail).toMatch(row.detail);
  });
});

describe('xErrorMessage', () => {
  it.each([
    [{ detail: 'd', title: 't' }, 'd'],
    [{ title: 't' }, 't'],
    [{ errors: [{ message: 'm' }] }, 'm'],
    [{ detail: 'same', errors: [{ message: 'same' }] }, 'same'],
    ['  plain text  ', 'plain text'],
    [undefined, undefined],
    [{}, undefined],
  ] as const)('%j → %s', (body, expected) => {
    expect(xErrorMessage(body)).toBe(expected);
  });
});

describe('classifyXFailure (twitter-api-v2 errors)', () => {
  const post = { method: 'POST', url: 'http://127.0.0.1:1/2/tweets', idempotent: false };
  const get = { method: 'GET', url: 'http://127.0.0.1:1/2/users/me', idempotent: true };
  const socketErr = (code: string) => Object.assign(new Error(code), { code });
  const requestError = (code: string) => new ApiRequestError('Request failed.', { request: {} as never, error: socketErr(code) } as never);

  it('an HTTP error response goes through classifyXError', () => {
    const err = new ApiResponseError('Request failed with code 402', { code: 402, data: { title: 'CreditsDepleted' }, headers: {}, request: {} as never, response: {} as never, rateLimit: undefined } as never);
    const out = classifyXFailure(err, post, NOW_MS);
    expect(out).toBeInstanceOf(AuthError);
    expect((out as AuthError).keepPost).toBe(true);
  });

  it('connection refused → retryable (nothing was sent)', () => {
    expect(classifyXFailure(requestError('ECONNREFUSED'), post, NOW_MS)).toBeInstanceOf(RetryableError);
  });

  it('reset after sending a post → unknown outcome; the same on a GET → retryable', () => {
    const out = classifyXFailure(requestError('ECONNRESET'), post, NOW_MS);
    expect(out).toBeInstanceOf(UnknownOutcomeError);
    expect(out.message).toContain('ECONNRESET');
    expect(classifyXFailure(requestError('ECONNRESET'), get, NOW_MS)).toBeInstanceOf(RetryableError);
  });

  it('a 201 whose body was cut off → unknown outcome', () => {
    const err = new ApiPartialResponseError('partial', { request: {} as never, response: { statusCode: 201, headers: {} } as never, responseError: new Error('aborted'), rawContent: '{"data":' } as never);
    expect(classifyXFailure(err, post, NOW_MS)).toBeInstanceOf(UnknownOutcomeError);
  });

  it('a cut-off 429 still yields its reset time', () => {
    const err = new ApiPartialResponseError('partial', { request: {} as never, response: { statusCode: 429, headers: { 'x-rate-limit-reset': S(IN_15_MIN) } } as never, responseError: new Error('aborted'), rawContent: '{' } as never);
    const out = classifyXFailure(err, post, NOW_MS);
    expect(out).toBeInstanceOf(RateLimitedError);
    expect((out as RateLimitedError).untilMs).toBe(Math.floor(IN_15_MIN / 1000) * 1000);
  });

  it('anything else → unknown for a post (it may have gone out), retryable for a read', () => {
    expect(classifyXFailure(new TypeError('boom'), post, NOW_MS)).toBeInstanceOf(UnknownOutcomeError);
    expect(classifyXFailure(new TypeError('boom'), get, NOW_MS)).toBeInstanceOf(RetryableError);
  });

  it('a PublishError passes through unchanged', () => {
    const original = new PermanentError('x', { network: 'x', reason: 'too-long' });
    expect(classifyXFailure(original, post, NOW_MS)).toBe(original);
  });
});
