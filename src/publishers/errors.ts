/**
 * The only errors a publisher may throw. `workers/publish-outcome.ts` maps each to BullMQ
 * (backoff, queue rate limit, UnrecoverableError) and to a ledger state, in one place.
 * Remote bodies are truncated so a huge HTML error page never lands in Redis.
 */
const MAX_DETAIL_CHARS = 500;

export interface PublishErrorInit {
  network: string;
  status?: number;
  /** What the network said, for the ledger and the desk (truncated). */
  detail?: string;
  cause?: unknown;
}

export abstract class PublishError extends Error {
  abstract readonly kind: 'retryable' | 'rate-limited' | 'permanent' | 'auth' | 'unknown-outcome';
  readonly network: string;
  readonly status: number | undefined;
  readonly detail: string | undefined;

  constructor(message: string, init: PublishErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = new.target.name;
    this.network = init.network;
    this.status = init.status;
    this.detail = init.detail?.slice(0, MAX_DETAIL_CHARS);
  }
}

/** Nothing was posted and trying again later may work: 5xx, connection refused, timeout before sending. */
export class RetryableError extends PublishError {
  readonly kind = 'retryable' as const;
}

/** The network asked us to wait. `scope: 'channel'` pauses the whole channel queue (the usual case). */
export class RateLimitedError extends PublishError {
  readonly kind = 'rate-limited' as const;
  /** Epoch milliseconds before which nothing should be sent. */
  readonly untilMs: number;
  readonly scope: 'channel' | 'post';
  constructor(message: string, init: PublishErrorInit & { untilMs: number; scope?: 'channel' | 'post' }) {
    super(message, init);
    this.untilMs = init.untilMs;
    this.scope = init.scope ?? 'channel';
  }
}

/** The network refused this post and will refuse it again: fail it, keep the reason. */
export class PermanentError extends PublishError {
  readonly kind = 'permanent' as const;
  /** `duplicate` means the network already has this exact post. */
  readonly reason: 'rejected' | 'duplicate' | 'too-long' | 'gone';
  constructor(message: string, init: PublishErrorInit & { reason?: PermanentError['reason'] }) {
    super(message, init);
    this.reason = init.reason ?? 'rejected';
  }
}

/**
 * Credentials are missing, revoked or lack permission, or the account cannot post at all
 * (e.g. X credits depleted). The channel needs a human: it is halted until `crier resume`.
 * With `keepPost`, this post waits for the resume instead of failing.
 */
export class AuthError extends PublishError {
  readonly kind = 'auth' as const;
  readonly keepPost: boolean;
  constructor(message: string, init: PublishErrorInit & { keepPost?: boolean }) {
    super(message, init);
    this.keepPost = init.keepPost ?? false;
  }
}

/**
 * The request may have reached the network (timeout or dropped connection after sending).
 * Retrying is only safe when the network deduplicates (idempotency key, client-chosen id,
 * duplicate-content rejection): see `NetworkDefinition.retryAfterUnknownIsSafe`.
 */
export class UnknownOutcomeError extends PublishError {
  readonly kind = 'unknown-outcome' as const;
}

export function isPublishError(err: unknown): err is PublishError {
  return err instanceof PublishError;
}
