import { AuthError, PermanentError, type PublishError, RateLimitedError, RetryableError } from '../errors.js';
import { DEFAULT_RATE_LIMIT_WAIT_MS, fromDeltaSeconds, fromRetryAfter } from '../rate-limit-headers.js';

const NETWORK = 'telegram';

/** The Bot API error envelope: `{ ok: false, error_code, description, parameters? }`. */
export interface TelegramEnvelope {
  ok?: boolean;
  error_code?: number;
  description?: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

export function asEnvelope(body: unknown): TelegramEnvelope {
  return body !== null && typeof body === 'object' ? (body as TelegramEnvelope) : {};
}

/** A 400 telling us the group became a supergroup with a new id: send there instead. */
export function migrateTarget(status: number, body: unknown): string | undefined {
  const id = asEnvelope(body).parameters?.migrate_to_chat_id;
  return status === 400 && typeof id === 'number' && Number.isSafeInteger(id) ? String(id) : undefined;
}

/**
 * sendPhoto failures that are about the picture, not the post (Telegram could not fetch or
 * process the image URL): the post can still go out as a text message.
 */
export function isPhotoRejection(status: number, body: unknown): boolean {
  const d = asEnvelope(body).description ?? '';
  return status === 400 && /HTTP URL|web page content|file identifier|IMAGE_PROCESS_FAILED|PHOTO_|wrong type of the/i.test(d);
}

/**
 * 400s that no post can get past: the chat id is wrong or the bot lost its rights. The
 * channel needs a human, so they halt it like 401/403 rather than failing posts one by one.
 */
const CHAT_PROBLEM = /chat not found|not enough rights|need administrator rights|have no rights|CHAT_WRITE_FORBIDDEN|CHAT_ADMIN_REQUIRED|CHANNEL_PRIVATE/i;

export function classify(status: number, headers: Headers, body: unknown, nowMs: number): PublishError {
  const env = asEnvelope(body);
  const description = env.description ?? (typeof body === 'string' ? body : '');
  const init = { network: NETWORK, status, detail: description };
  if (status === 429) {
    const untilMs =
      fromDeltaSeconds(env.parameters?.retry_after, nowMs) ?? fromRetryAfter(headers.get('retry-after'), nowMs) ?? nowMs + DEFAULT_RATE_LIMIT_WAIT_MS;
    return new RateLimitedError(`telegram: flood control, retry after ${Math.ceil((untilMs - nowMs) / 1000)} s`, { ...init, untilMs });
  }
  // The token is part of the method URL, and Telegram answers an unknown token with 401 or 404.
  if (status === 401 || status === 404) {
    return new AuthError(`telegram: the bot token was rejected (${status}); check TELEGRAM_BOT_TOKEN`, { ...init, keepPost: true });
  }
  if (status === 403) {
    return new AuthError('telegram: the bot cannot post to the chat (kicked, or not an admin of the channel)', { ...init, keepPost: true });
  }
  if (status >= 500) return new RetryableError(`telegram: server error ${status}`, init);
  if (status === 400 && CHAT_PROBLEM.test(description)) {
    return new AuthError('telegram: the chat is unreachable for the bot (wrong chatId or missing rights)', { ...init, keepPost: true });
  }
  if (status >= 400) {
    const reason = /too long/i.test(description) ? 'too-long' : 'rejected';
    return new PermanentError(`telegram: rejected (${status})`, { ...init, reason });
  }
  return new RetryableError(`telegram: unexpected status ${status}`, init);
}
