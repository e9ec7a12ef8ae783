import { AuthError, PermanentError, type PublishError, RateLimitedError, RetryableError } from '../errors.js';
import { DEFAULT_RATE_LIMIT_WAIT_MS, fromRetryAfter } from '../rate-limit-headers.js';

const NETWORK = 'slack';

/**
 * Incoming webhooks answer with a plain-text code, not JSON. These mean the webhook or its
 * channel is unusable (revoked, deleted, archived): no post can succeed until someone fixes
 * the channel, so it halts and the post waits.
 */
const NEEDS_ATTENTION = /^(invalid_token|action_prohibited|channel_not_found|channel_is_archived|no_service|no_service_id|no_team|team_disabled|team_not_found|user_not_found|posting_to_general_channel_denied)$/;

export function classify(status: number, headers: Headers, body: unknown, nowMs: number): PublishError {
  const code = (typeof body === 'string' ? body : JSON.stringify(body ?? '')).trim();
  const init = { network: NETWORK, status, detail: code };
  if (status === 429) {
    const untilMs = fromRetryAfter(headers.get('retry-after'), nowMs) ?? nowMs + DEFAULT_RATE_LIMIT_WAIT_MS;
    return new RateLimitedError('slack: rate limited', { ...init, untilMs });
  }
  if (status >= 500) return new RetryableError(`slack: server error ${status}`, init);
  if (status === 401 || status === 403 || status === 404 || status === 410 || NEEDS_ATTENTION.test(code)) {
    return new AuthError(`slack: the webhook cannot post (${code || status}); replace SLACK_WEBHOOK_URL or fix the channel`, { ...init, keepPost: true });
  }
  if (status >= 400) {
    const tooLong = /too_long|msg_too_long/.test(code);
    return new PermanentError(`slack: rejected (${code || status})`, { ...init, reason: tooLong ? 'too-long' : 'rejected' });
  }
  return new RetryableError(`slack: unexpected status ${status}`, init);
}
