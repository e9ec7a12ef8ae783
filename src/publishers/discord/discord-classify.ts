import { AuthError, PermanentError, type PublishError, RateLimitedError, RetryableError } from '../errors.js';
import { DEFAULT_RATE_LIMIT_WAIT_MS, fromDeltaSeconds, fromRetryAfter } from '../rate-limit-headers.js';

const NETWORK = 'discord';

/** Discord's error body: `{ message, code, errors? }`; a 429 adds `retry_after` (float seconds) and `global`. */
interface DiscordErrorBody {
  message?: string;
  code?: number;
  errors?: unknown;
  retry_after?: number;
  global?: boolean;
}

function asBody(body: unknown): DiscordErrorBody {
  return body !== null && typeof body === 'object' ? (body as DiscordErrorBody) : {};
}

function describe(body: unknown): string {
  if (typeof body === 'string') return body;
  const b = asBody(body);
  const parts = [b.message, b.code === undefined ? undefined : `code ${b.code}`, b.errors === undefined ? undefined : JSON.stringify(b.errors)];
  return parts.filter(Boolean).join('; ');
}

export function classify(status: number, headers: Headers, body: unknown, nowMs: number): PublishError {
  const b = asBody(body);
  const init = { network: NETWORK, status, detail: describe(body) };
  if (status === 429) {
    // The body's float is the precise wait; the headers are the fallback (a Cloudflare ban has no JSON body).
    const untilMs =
      fromDeltaSeconds(b.retry_after, nowMs) ??
      fromDeltaSeconds(headers.get('x-ratelimit-reset-after'), nowMs) ??
      fromRetryAfter(headers.get('retry-after'), nowMs) ??
      nowMs + DEFAULT_RATE_LIMIT_WAIT_MS;
    const global = b.global === true || headers.get('x-ratelimit-global') === 'true';
    // Global or per-route, a webhook is the channel's only endpoint: the whole channel waits.
    return new RateLimitedError(`discord: rate limited${global ? ' (global)' : ''}`, { ...init, untilMs, scope: 'channel' });
  }
  if (status === 404) {
    // Discord's rate-limit docs: a webhook answering 404 has been deleted and must not be used again.
    return new AuthError('discord: webhook deleted (404 Unknown Webhook); replace DISCORD_WEBHOOK_URL', { ...init, keepPost: true });
  }
  if (status === 401 || status === 403) {
    return new AuthError(`discord: webhook refused (${status}); check DISCORD_WEBHOOK_URL`, { ...init, keepPost: true });
  }
  if (status >= 500) return new RetryableError(`discord: server error ${status}`, init);
  if (status >= 400) {
    const tooLong = status === 413 || /BASE_TYPE_MAX_LENGTH|too long/i.test(init.detail);
    return new PermanentError(`discord: rejected (${status})`, { ...init, reason: tooLong ? 'too-long' : 'rejected' });
  }
  return new RetryableError(`discord: unexpected status ${status}`, init);
}
