/**
 * Every way X says no, decided in one place. `classifyXError` is pure (status, headers, body,
 * clock → error); `classifyXFailure` maps what twitter-api-v2 throws onto it.
 */
import { ApiPartialResponseError, ApiRequestError, ApiResponseError } from 'twitter-api-v2';
import { AuthError, isPublishError, PermanentError, RateLimitedError, RetryableError, UnknownOutcomeError, type PublishError } from '../errors.js';
import { classifyTransportError } from '../http-client.js';
import { DEFAULT_RATE_LIMIT_WAIT_MS, fromEpochSeconds } from '../rate-limit-headers.js';

const NETWORK = 'x';

export type XHeaders = Readonly<Record<string, string | readonly string[] | number | undefined>>;

function header(headers: XHeaders, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    return Array.isArray(value) ? String(value[0]) : String(value);
  }
  return undefined;
}

/**
 * 15-minute windows reset at `x-rate-limit-reset`; the daily caps reset at their own
 * `x-{user,app}-limit-24hour-reset`. When a daily cap is spent, `x-rate-limit-remaining` may
 * still be >0, so the daily reset wins: retrying at the 15-minute reset would only get another 429.
 */
export function xRateLimitUntilMs(headers: XHeaders, nowMs: number): number {
  const daily = (['user', 'app'] as const)
    .filter((who) => header(headers, `x-${who}-limit-24hour-remaining`) === '0')
    .map((who) => fromEpochSeconds(header(headers, `x-${who}-limit-24hour-reset`)))
    .filter((ms): ms is number => ms !== undefined);
  if (daily.length > 0) return Math.max(...daily);
  return fromEpochSeconds(header(headers, 'x-rate-limit-reset')) ?? nowMs + DEFAULT_RATE_LIMIT_WAIT_MS;
}

interface XErrorBody {
  title?: unknown;
  detail?: unknown;
  type?: unknown;
  errors?: { message?: unknown; code?: unknown }[];
}

/** X's own words: v2 problem `detail`/`title`, plus the first `errors[].message` (v2 validation, v1 legacy). */
export function xErrorMessage(body: unknown): string | undefined {
  if (typeof body === 'string') return body.trim() || undefined;
  if (!body || typeof body !== 'object') return undefined;
  const b = body as XErrorBody;
  const first = Array.isArray(b.errors) ? b.errors[0]?.message : undefined;
  const parts = [b.detail ?? b.title, first].filter((p): p is string => typeof p === 'string' && p.trim() !== '');
  return [...new Set(parts)].join(': ') || undefined;
}

function isDuplicate(body: unknown): boolean {
  if (!body || typeof body !== 'object') return false;
  const b = body as XErrorBody;
  if (typeof b.detail === 'string' && /duplicate content/i.test(b.detail)) return true;
  // v1.1 legacy: code 187 "Status is a duplicate."
  return Array.isArray(b.errors) && b.errors.some((e) => e?.code === 187);
}

export function classifyXError(status: number, headers: XHeaders, body: unknown, nowMs: number): PublishError {
  const detail = xErrorMessage(body);
  const init = { network: NETWORK, status, ...(detail ? { detail } : {}) };
  if (status === 429) {
    const untilMs = xRateLimitUntilMs(headers, nowMs);
    return new RateLimitedError(`x: rate limited until ${new Date(untilMs).toISOString()}`, { ...init, untilMs });
  }
  if (status >= 500) return new RetryableError(`x: server error ${status}`, init);
  if (status === 403 && isDuplicate(body)) {
    return new PermanentError('x: duplicate content (X already has a post with this exact text)', { ...init, reason: 'duplicate' });
  }
  if (status === 401) return new AuthError('x: credentials rejected (401); check or renew the X tokens', init);
  if (status === 402) {
    // CreditsDepleted: nothing posts until the account is topped up, so keep the post for `crier resume`.
    return new AuthError('x: API credits depleted (402); top up the X developer account, then crier resume', { ...init, keepPost: true });
  }
  if (status === 403) return new AuthError('x: forbidden (403); the app lacks write permission or is not in a Project', init);
  if (status === 408) return new RetryableError('x: request timeout (408)', init);
  // v1 code 186 / v2 validation: the text is over the limit by X's own count.
  const reason = detail && /too long|shorter/i.test(detail) ? 'too-long' : 'rejected';
  return new PermanentError(`x: rejected (${status})`, { ...init, reason });
}

function bodyOf(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw.slice(0, 500);
  }
}

/**
 * The socket error behind an ApiRequestError. twitter-api-v2 1.29 stores it as `_options.error`
 * but its `requestError` getter reads `_options.requestError`, so the getter is always undefined.
 */
function socketError(err: ApiRequestError): unknown {
  return (err as unknown as { _options?: { error?: unknown } })._options?.error ?? err.requestError ?? err;
}

/**
 * What twitter-api-v2 threw → a PublishError. `idempotent` is false for a post: a request that
 * may have reached X (reset, timeout, body cut after a 2xx) is then an unknown outcome.
 */
export function classifyXFailure(err: unknown, req: { method: string; url: string; idempotent: boolean }, nowMs: number): PublishError {
  if (isPublishError(err)) return err;
  if (err instanceof ApiResponseError) return classifyXError(err.code, err.headers ?? {}, err.data, nowMs);
  if (err instanceof ApiPartialResponseError) {
    const status = err.response.statusCode ?? 0;
    if (status >= 400) return classifyXError(status, err.response.headers, bodyOf(err.rawContent), nowMs);
    const message = `x: ${req.method} response cut off after ${status}`;
    return req.idempotent ? new RetryableError(message, { network: NETWORK, status, cause: err }) : new UnknownOutcomeError(`${message}; it may have been posted`, { network: NETWORK, status, cause: err });
  }
  if (err instanceof ApiRequestError) return classifyTransportError(NETWORK, req.method, req.url, socketError(err), req.idempotent);
  const message = `x: unexpected error: ${(err as Error)?.message ?? String(err)}`;
  return req.idempotent ? new RetryableError(message, { network: NETWORK, cause: err }) : new UnknownOutcomeError(message, { network: NETWORK, cause: err });
}
