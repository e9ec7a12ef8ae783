import { type AuthError, isPublishError, type PermanentError, type PublishError, type RateLimitedError, UnknownOutcomeError } from '../src/publishers/errors.js';
import type { Scrubber } from '../src/shared/scrub-secrets.js';

/**
 * The one place that decides what a publish failure means for the post and the queue.
 * Pure: `publish.worker.ts` carries the decision out (ledger state, BullMQ action).
 * It is also where a failure becomes text: the decision's `message` is what the ledger, the
 * events, the channel state, BullMQ (failedReason, stacktrace) and the logs get, so the channel's
 * secrets are scrubbed from it here, once.
 */
export type PublishDecision =
  /** Try again with the queue's exponential backoff; the post goes back to `queued`. */
  | { action: 'retry'; ledger: 'queued'; message: string; markUnknown?: boolean }
  /** Pause the whole channel queue until `untilMs` (does not use an attempt). */
  | { action: 'rate-limit-channel'; untilMs: number; message: string }
  /** Delay only this post until `untilMs`. */
  | { action: 'delay-post'; untilMs: number; message: string }
  /** Stop: the post ends in this state; the job fails without retry (or completes for `posted`/`skipped`). */
  | { action: 'stop'; ledger: 'failed' | 'skipped' | 'unknown' | 'posted'; message: string; confirmed?: boolean }
  /** Halt the channel (auth, credits); the post either fails or waits for `crier resume`. */
  | { action: 'halt-channel'; keepPost: boolean; message: string };

export interface DecisionInput {
  error: unknown;
  network: string;
  /** Attempts already made, including this one. */
  attempt: number;
  maxAttempts: number;
  /** Rate-limit waits so far for this job (BullMQ counts them in attemptsStarted, not attemptsMade). */
  rateLimitWaits: number;
  maxRateLimitWaits: number;
  afterUnknownOutcome: boolean;
  retryAfterUnknownIsSafe: boolean;
  nowMs: number;
  /** Removes the channel's secrets (secretScrubber over its credentials) from the message. */
  scrub?: Scrubber;
}

export function decidePublishFailure(input: DecisionInput): PublishDecision {
  const err: PublishError = isPublishError(input.error)
    ? input.error
    : // A bug in our own code after the request went out could hide a successful post: treat it as unknown.
      new UnknownOutcomeError(`unexpected error: ${(input.error as Error)?.message ?? String(input.error)}`, { network: input.network, cause: input.error });
  const raw = err.detail ? `${err.message} (${err.detail})` : err.message;
  const message = input.scrub ? input.scrub(raw) : raw;
  const lastAttempt = input.attempt >= input.maxAttempts;

  switch (err.kind) {
    case 'retryable':
      return lastAttempt ? { action: 'stop', ledger: 'failed', message: `gave up after ${input.attempt} attempts: ${message}` } : { action: 'retry', ledger: 'queued', message };
    case 'rate-limited': {
      const rl = err as RateLimitedError;
      if (input.rateLimitWaits >= input.maxRateLimitWaits) {
        return { action: 'stop', ledger: 'failed', message: `still rate-limited after ${input.rateLimitWaits} waits: ${message}` };
      }
      const untilMs = Math.max(rl.untilMs, input.nowMs + 1_000);
      return rl.scope === 'post' ? { action: 'delay-post', untilMs, message } : { action: 'rate-limit-channel', untilMs, message };
    }
    case 'permanent': {
      const p = err as PermanentError;
      if (p.reason === 'duplicate') {
        // After an unknown outcome, "duplicate" means our earlier attempt did post: that is success.
        return input.afterUnknownOutcome
          ? { action: 'stop', ledger: 'posted', confirmed: false, message: 'posted (the network reported the retry as a duplicate of our earlier attempt)' }
          : { action: 'stop', ledger: 'skipped', message: `duplicate: ${message}` };
      }
      return { action: 'stop', ledger: 'failed', message };
    }
    case 'auth': {
      const a = err as AuthError;
      return { action: 'halt-channel', keepPost: a.keepPost, message };
    }
    case 'unknown-outcome':
      if (input.retryAfterUnknownIsSafe && !lastAttempt) return { action: 'retry', ledger: 'queued', message, markUnknown: true };
      return { action: 'stop', ledger: 'unknown', message: `outcome unknown, check the network before retrying: ${message}` };
  }
}

