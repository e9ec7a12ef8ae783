import type { LifecycleLedger, LifecycleStep, StepAction } from '../ledger/lifecycle-ledger.js';
import { isPublishError } from '../publishers/errors.js';

/**
 * One call to a network after the first post (edit, reply, delete), with the first post's
 * exactly-once rules: a per-post lease (one caller at a time), the step written `sending` before
 * the request, so a lost answer or a crash mid-request is found by the next attempt and ends
 * `unknown` for a person instead of a second edit or reply. Only deletes are repeated after a lost
 * answer: deleting twice is harmless (a post already gone counts as deleted).
 */

export interface RemoteResult {
  remoteId?: string;
  remoteUrl?: string;
  note?: string;
}

export interface RemoteStepInput {
  ledger: Pick<LifecycleLedger, 'step' | 'recordStep' | 'lease' | 'releaseLease'>;
  postId: string;
  step: string;
  action: Extract<StepAction, 'edit' | 'reply' | 'remove'>;
  network: string;
  leaseToken: string;
  leaseMs: number;
  /** Throws only the publishers' error classes (anything else counts as an unknown outcome). */
  call(afterUnknownOutcome: boolean): Promise<RemoteResult>;
  /** Removes the channel's secrets from an error text before it is stored. */
  scrub(text: string): string;
}

/** `retry`: nothing went out (5xx before sending, rate limit): the job runs again. `busy`: another caller holds the post. */
export type RemoteStepOutcome = 'done' | 'already' | 'unknown' | 'failed' | 'retry' | 'busy';

const SETTLED = new Set(['done', 'unknown', 'flagged', 'ignored']);

export async function runRemoteStep(input: RemoteStepInput): Promise<RemoteStepOutcome> {
  const { ledger, postId, step, action } = input;
  if (!(await ledger.lease(postId, input.leaseToken, input.leaseMs))) return 'busy';
  try {
    const before = await ledger.step(postId, step);
    if (before && (SETTLED.has(before.state) || (before.state === 'failed' && !before.retryable))) return 'already';
    const lostAnswer = before?.state === 'sending';
    const at = () => new Date().toISOString();
    if (lostAnswer && action !== 'remove') {
      await ledger.recordStep(postId, { step, action, state: 'unknown', at: at(), error: 'an earlier attempt got no answer', needs: `check the post on ${input.network}: the ${action} may have gone out (Crier does not send it twice)` });
      return 'unknown';
    }
    await ledger.recordStep(postId, { step, action, state: 'sending', at: at() });
    try {
      const result = await input.call(lostAnswer);
      await ledger.recordStep(postId, { step, action, state: 'done', at: at(), ...clean(result, input.scrub) });
      return 'done';
    } catch (err) {
      const failure = describe(err, input);
      await ledger.recordStep(postId, { step, action, at: at(), ...failure.record });
      return failure.outcome;
    }
  } finally {
    await input.ledger.releaseLease(postId, input.leaseToken);
  }
}

function clean(r: RemoteResult, scrub: (s: string) => string): RemoteResult {
  return { ...(r.remoteId ? { remoteId: r.remoteId } : {}), ...(r.remoteUrl ? { remoteUrl: r.remoteUrl } : {}), ...(r.note ? { note: scrub(r.note).slice(0, 500) } : {}) };
}

function describe(err: unknown, input: RemoteStepInput): { outcome: RemoteStepOutcome; record: Pick<LifecycleStep, 'state' | 'error' | 'needs' | 'retryable'> } {
  const raw = isPublishError(err) ? (err.detail ? `${err.message} (${err.detail})` : err.message) : `unexpected error: ${(err as Error)?.message ?? String(err)}`;
  const error = input.scrub(raw).slice(0, 500);
  const kind = isPublishError(err) ? err.kind : 'unknown-outcome';
  if (kind === 'retryable' || kind === 'rate-limited') return { outcome: 'retry', record: { state: 'failed', error, retryable: true } };
  if (kind === 'unknown-outcome' && input.action !== 'remove') {
    return { outcome: 'unknown', record: { state: 'unknown', error, needs: `check the post on ${input.network}: the ${input.action} may have gone out (Crier does not send it twice)` } };
  }
  if (kind === 'unknown-outcome') return { outcome: 'retry', record: { state: 'failed', error, retryable: true } };
  return { outcome: 'failed', record: { state: 'failed', error, needs: `${input.action} failed on ${input.network}: do it by hand` } };
}
