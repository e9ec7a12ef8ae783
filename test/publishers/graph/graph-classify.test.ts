import { describe, expect, it } from 'vitest';
import { AuthError, PermanentError, RateLimitedError, RetryableError } from '../../../src/publishers/errors.js';
import { classifyGraph, GRAPH_POLICY_BLOCK_MS, GRAPH_QUOTA_WAIT_MS, graphFaultOf, parseGraphError } from '../../../src/publishers/graph/graph-classify.js';
import { containerErrorToPublishError } from '../../../src/publishers/graph/graph-container.js';
import { GRAPH_APP_USAGE_WINDOW_MS, GRAPH_THROTTLE_DEFAULT_WAIT_MS, highestUsagePct, parseBucUsage, throttleUntilMs } from '../../../src/publishers/graph/graph-usage.js';

const NOW = 1_700_000_000_000;
const envelope = (code: number, subcode?: number, extra: Record<string, unknown> = {}) => ({
  error: { message: `m${code}`, type: 'OAuthException', code, ...(subcode !== undefined ? { error_subcode: subcode } : {}), fbtrace_id: 'x', ...extra },
});
const classify = (status: number, body: unknown, headers: Record<string, string> = {}) => classifyGraph('facebook', status, new Headers(headers), body, NOW);

describe('classifyGraph: by error.code / error_subcode, not HTTP status', () => {
  const table: Array<[string, number, unknown, new (...a: never[]) => Error, string?]> = [
    ['code 1 unknown', 400, envelope(1), RetryableError],
    ['code 2 service', 400, envelope(2), RetryableError],
    ['5xx without envelope', 503, '<html>bad gateway</html>', RetryableError],
    ['500 with code 2', 500, envelope(2), RetryableError],
    ['is_transient flag', 400, envelope(99, undefined, { is_transient: true }), RetryableError],
    ['code 4 app throttle', 400, envelope(4), RateLimitedError],
    ['code 17 user throttle', 403, envelope(17), RateLimitedError],
    ['code 32 page throttle', 400, envelope(32), RateLimitedError],
    ['code 341 app limit', 400, envelope(341), RateLimitedError],
    ['code 613 custom throttle', 400, envelope(613), RateLimitedError],
    ['code 80001 pages BUC', 400, envelope(80001, 2494055), RateLimitedError],
    ['code 190 token', 400, envelope(190), AuthError],
    ['190/463 expired', 400, envelope(190, 463), AuthError],
    ['auth subcode 460 under another code', 400, envelope(102, 460), AuthError],
    ['code 10 permission', 403, envelope(10), PermanentError, 'rejected'],
    ['code 200 permission', 403, envelope(200), PermanentError, 'rejected'],
    ['code 299 permission', 400, envelope(299), PermanentError, 'rejected'],
    ['code 368 policy block', 400, envelope(368, 1390008), RateLimitedError],
    ['code 506 duplicate', 400, envelope(506), PermanentError, 'duplicate'],
    ['code 1609005 link scrape', 400, envelope(1609005), RetryableError],
    ['code 100 invalid parameter', 400, envelope(100), PermanentError, 'rejected'],
    ['IG 2207001 server error', 400, envelope(-1, 2207001), RetryableError],
    ['IG 2207003 download timeout', 400, envelope(-2, 2207003), RetryableError],
    ['IG 2207032 create failed', 400, envelope(-1, 2207032), RetryableError],
    ['IG 2207020 expired → new container', 400, envelope(-2, 2207020), RetryableError],
    ['IG 2207053 unknown upload → new container', 400, envelope(-1, 2207053), RetryableError],
    ['IG 2207004 too large', 400, envelope(36000, 2207004), PermanentError, 'rejected'],
    ['IG 2207005 format', 400, envelope(36001, 2207005), PermanentError, 'rejected'],
    ['IG 2207009 aspect', 400, envelope(36003, 2207009), PermanentError, 'rejected'],
    ['IG 2207010 caption', 400, envelope(-1, 2207010), PermanentError, 'too-long'],
    ['IG 2207050 restricted', 400, envelope(-1, 2207050), PermanentError, 'rejected'],
    ['IG 9/2207042 quota', 400, envelope(9, 2207042), RateLimitedError],
    ['HTTP 429 without envelope', 429, undefined, RateLimitedError],
    ['HTTP 401 without envelope', 401, undefined, AuthError],
    ['HTTP 400 without envelope', 400, 'nope', PermanentError, 'rejected'],
  ];
  it.each(table)('%s', (_name, status, body, type, reason) => {
    const err = classify(status, body);
    expect(err).toBeInstanceOf(type);
    if (reason) expect((err as PermanentError).reason).toBe(reason);
    expect(err.network).toBe('facebook');
  });

  it('keeps the Graph fault (code, subcode, fbtrace_id) as the cause', () => {
    const err = classify(400, envelope(-2, 2207020));
    expect(graphFaultOf(err)).toMatchObject({ code: -2, subcode: 2207020, fbtraceId: 'x' });
    expect(err.detail).toContain('2207020');
  });

  it('throttles wait for estimated_time_to_regain_access (minutes) from X-Business-Use-Case-Usage', () => {
    const buc = JSON.stringify({ '42': [{ type: 'pages', call_count: 100, total_cputime: 10, total_time: 10, estimated_time_to_regain_access: 17 }] });
    const err = classify(400, envelope(32), { 'x-business-use-case-usage': buc }) as RateLimitedError;
    expect(err.untilMs).toBe(NOW + 17 * 60_000);
    expect(err.scope).toBe('channel');
  });

  it('throttles wait a full app window when X-App-Usage is at 100 %, else the default', () => {
    const full = classify(400, envelope(4), { 'x-app-usage': '{"call_count":100,"total_cputime":3,"total_time":4}' }) as RateLimitedError;
    expect(full.untilMs).toBe(NOW + GRAPH_APP_USAGE_WINDOW_MS);
    const none = classify(400, envelope(17)) as RateLimitedError;
    expect(none.untilMs).toBe(NOW + GRAPH_THROTTLE_DEFAULT_WAIT_MS);
  });

  it('368 pauses for hours, quota holds for the quota wait; both configurable', () => {
    expect((classify(400, envelope(368)) as RateLimitedError).untilMs).toBe(NOW + GRAPH_POLICY_BLOCK_MS);
    expect(GRAPH_POLICY_BLOCK_MS).toBeGreaterThanOrEqual(60 * 60_000);
    expect((classify(400, envelope(9, 2207042)) as RateLimitedError).untilMs).toBe(NOW + GRAPH_QUOTA_WAIT_MS);
    const custom = classifyGraph('instagram', 400, new Headers(), envelope(368), NOW, { policyBlockMs: 5_000 }) as RateLimitedError;
    expect(custom.untilMs).toBe(NOW + 5_000);
    expect(custom.message).toMatch(/policy violations/);
  });

  it('a 190 keeps the post for after the token is renewed', () => {
    expect((classify(400, envelope(190)) as AuthError).keepPost).toBe(true);
  });
});

describe('Graph envelopes and usage headers', () => {
  it('parses string codes and user-facing messages', () => {
    const f = parseGraphError({ error: { message: 'Invalid', code: '190', error_subcode: '463', error_user_title: 'Session expired' } });
    expect(f).toMatchObject({ code: 190, subcode: 463 });
    expect(f?.message).toBe('Session expired: Invalid');
    expect(parseGraphError({ data: [] })).toBeUndefined();
  });

  it('reads every BUC entry and the highest usage', () => {
    const h = new Headers({
      'x-business-use-case-usage': JSON.stringify({ a: [{ type: 'pages', call_count: 40, estimated_time_to_regain_access: 0 }], b: [{ type: 'instagram', call_count: 95, total_time: 12 }] }),
      'x-app-usage': '{"call_count":7}',
    });
    expect(parseBucUsage(h).map((e) => e.type)).toEqual(['pages', 'instagram']);
    expect(highestUsagePct(h)).toBe(95);
    expect(throttleUntilMs(h, NOW, 1_000)).toBe(NOW + 1_000);
    expect(throttleUntilMs(new Headers({ 'x-app-usage': 'not json' }), NOW, 1_000)).toBe(NOW + 1_000);
  });
});

describe('container ERROR status → error', () => {
  it('classifies the subcode found in the status text', () => {
    expect(containerErrorToPublishError('instagram', 'Error: Media upload has failed with error code 2207009')).toBeInstanceOf(PermanentError);
    expect(containerErrorToPublishError('instagram', 'Error: Media upload has failed with error code 2207020')).toBeInstanceOf(RetryableError);
    expect(containerErrorToPublishError('instagram', 'Error: 2207001')).toBeInstanceOf(RetryableError);
    expect(containerErrorToPublishError('threads', 'UNKNOWN')).toBeInstanceOf(RetryableError);
  });
});
