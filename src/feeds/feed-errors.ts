/**
 * The one error type the feeds layer throws. Messages are written for an editor reading the
 * dashboard ("HTTP 500 from example.com", "timed out after 20 s"), not for a developer; the
 * `reason` is what code branches on (backoff, alerting, marking a feed as broken).
 */

export type FeedFetchErrorReason =
  | 'network'
  | 'timeout'
  | 'status'
  | 'too-large'
  | 'redirects'
  | 'malformed'
  | 'not-a-feed'
  | 'file';

export interface FeedFetchErrorInit {
  status?: number;
  /** Seconds the server asked us to wait (429/503 Retry-After), so the poller can back off politely. */
  retryAfterSeconds?: number;
  cause?: unknown;
}

export class FeedFetchError extends Error {
  readonly reason: FeedFetchErrorReason;
  readonly status: number | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(reason: FeedFetchErrorReason, message: string, init: FeedFetchErrorInit = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'FeedFetchError';
    this.reason = reason;
    this.status = init.status;
    this.retryAfterSeconds = init.retryAfterSeconds;
  }
}

export function isFeedFetchError(err: unknown): err is FeedFetchError {
  return err instanceof FeedFetchError;
}

/**
 * Whether polling again later can plausibly succeed. A 404/410 or an HTML page where a feed
 * should be usually needs a human to fix the feed URL, so the poller should alert rather than
 * hammer the server; everything else (5xx, timeouts, half-published XML) tends to heal itself.
 */
export function isTransientFeedError(err: FeedFetchError): boolean {
  if (err.reason === 'status') {
    const status = err.status ?? 0;
    return status === 408 || status === 425 || status === 429 || status >= 500;
  }
  return err.reason === 'network' || err.reason === 'timeout' || err.reason === 'malformed';
}

/** "example.com" for URLs, the path itself for anything else: editors recognise hosts, not URLs with query strings. */
export function describeSource(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'file:' ? decodeURIComponent(parsed.pathname) : parsed.host;
  } catch {
    return url;
  }
}

/** Human sizes for messages: "10 MB", "512 KB", "900 bytes" (binary multiples, rounded). */
export function describeBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

/** "20 s" for whole seconds, "1.5 s" otherwise, "250 ms" below a second. */
export function describeDurationMs(durationMs: number): string {
  if (durationMs < 1000) return `${Math.round(durationMs)} ms`;
  return `${Math.round(durationMs / 100) / 10} s`;
}

/** Retry-After is either delta-seconds or an HTTP date; anything else is ignored rather than trusted. */
export function parseRetryAfterSeconds(header: string | null, nowMs: number = Date.now()): number | undefined {
  if (header === null) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const dateMs = Date.parse(trimmed);
  if (Number.isNaN(dateMs)) return undefined;
  return Math.max(0, Math.ceil((dateMs - nowMs) / 1000));
}
