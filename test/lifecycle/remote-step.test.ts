import { describe, expect, it } from 'vitest';
import type { LifecycleStep } from '../../src/ledger/lifecycle-ledger.js';
import { runRemoteStep, type RemoteStepInput } from '../../src/lifecycle/remote-step.js';
import { PermanentError, RetryableError, UnknownOutcomeError } from '../../src/publishers/errors.js';

/** The ledger's step record and lease, in memory: what runRemoteStep reads and writes. */
function memoryLedger() {
  const steps = new Map<string, LifecycleStep>();
  let lease: string | undefined;
  return {
    steps,
    ledger: {
      step: async (_p: string, s: string) => steps.get(s),
      recordStep: async (_p: string, s: LifecycleStep) => void steps.set(s.step, s),
      lease: async (_p: string, token: string) => (lease === undefined ? ((lease = token), true) : false),
      releaseLease: async (_p: string, token: string) => void (lease === token ? (lease = undefined) : undefined),
    },
    holdLease: () => void (lease = 'someone-else'),
  };
}

function input(m: ReturnType<typeof memoryLedger>, action: 'edit' | 'reply' | 'remove', call: RemoteStepInput['call']): RemoteStepInput {
  return { ledger: m.ledger, postId: 'a1.x', step: 'correct:abc', action, network: 'x', leaseToken: 't', leaseMs: 1000, call, scrub: (s) => s.replace('SECRET', '***') };
}

describe('remote step: a correction is sent at most once', () => {
  it('records the remote result once done, and does nothing on a rerun', async () => {
    const m = memoryLedger();
    let calls = 0;
    const call = async () => ((calls += 1), { remoteId: '99', remoteUrl: 'https://x.example/99' });
    expect(await runRemoteStep(input(m, 'reply', call))).toBe('done');
    expect(await runRemoteStep(input(m, 'reply', call))).toBe('already');
    expect(calls).toBe(1);
    expect(m.steps.get('correct:abc')).toMatchObject({ state: 'done', remoteId: '99', action: 'reply' });
  });

  it('a lost answer ends unknown and is never sent again; a crash mid-call counts as lost', async () => {
    const m = memoryLedger();
    let calls = 0;
    const lost = async () => {
      calls += 1;
      throw new UnknownOutcomeError('x: connection reset after sending', { network: 'x' });
    };
    expect(await runRemoteStep(input(m, 'reply', lost))).toBe('unknown');
    expect(await runRemoteStep(input(m, 'reply', lost))).toBe('already');
    expect(calls).toBe(1);
    expect(m.steps.get('correct:abc')?.needs).toMatch(/check the post on x/);

    const crashed = memoryLedger();
    crashed.steps.set('correct:abc', { step: 'correct:abc', action: 'edit', state: 'sending', at: '2026-11-28T00:00:00Z' });
    let sent = 0;
    expect(await runRemoteStep(input(crashed, 'edit', async () => ((sent += 1), {})))).toBe('unknown');
    expect(sent).toBe(0);
  });

  it('a delete is repeated after a lost answer (deleting twice is harmless)', async () => {
    const m = memoryLedger();
    m.steps.set('correct:abc', { step: 'correct:abc', action: 'remove', state: 'sending', at: '2026-11-28T00:00:00Z' });
    let afterUnknown: boolean | undefined;
    expect(await runRemoteStep(input(m, 'remove', async (flag) => ((afterUnknown = flag), { note: 'deleted' })))).toBe('done');
    expect(afterUnknown).toBe(true);
  });

  it('nothing sent (5xx): retried; a refusal: failed, with the secret scrubbed and the action needed', async () => {
    const m = memoryLedger();
    expect(await runRemoteStep(input(m, 'edit', async () => { throw new RetryableError('x: 503', { network: 'x' }); }))).toBe('retry');
    expect(await runRemoteStep(input(m, 'edit', async () => { throw new PermanentError('x: 403 token SECRET', { network: 'x' }); }))).toBe('failed');
    expect(m.steps.get('correct:abc')).toMatchObject({ state: 'failed', error: 'x: 403 token ***', needs: 'edit failed on x: do it by hand' });
  });

  it('another caller holds the post: busy, nothing sent', async () => {
    const m = memoryLedger();
    m.holdLease();
    let calls = 0;
    expect(await runRemoteStep(input(m, 'edit', async () => ((calls += 1), {})))).toBe('busy');
    expect(calls).toBe(0);
  });
});
