import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Draft } from '../../src/drafts/draft.js';
import { AuthError, PermanentError, RateLimitedError, RetryableError, UnknownOutcomeError } from '../../src/publishers/errors.js';
import type { LivePublisher, NetworkDefinition, PublishContext } from '../../src/publishers/publisher.js';
import { memoryStore, testPublishContext } from './publish-context.js';

/** The ways a publish can go wrong that every network must tell apart. */
export type ContractFailure = 'rate-limited' | 'server-error' | 'auth' | 'bad-request' | 'lost-answer';

/**
 * What every network adapter must do, whatever its API looks like. Each network supplies a
 * harness around its own fake server (test/fakes) that can fail the next publish in that
 * network's own envelope (status codes, error bodies, rate-limit headers).
 */
export interface ContractHarness {
  /** A publisher pointed at the fake server, or at `apiBaseUrl` when given. */
  publisher(apiBaseUrl?: string): LivePublisher;
  draft: Draft;
  /**
   * Make the next publish fail the way this network says each thing. `resetAtMs` is when a 429
   * lifts. `lost-answer`: the request that makes the post reaches the server, the post is made,
   * and the connection drops before the answer.
   */
  failNext(kind: ContractFailure, opts: { resetAtMs: number }): void;
  /** Posts the fake holds now. */
  postsMade(): number;
  close(): Promise<void>;
}

export type HarnessFactory = () => Promise<ContractHarness>;

async function closedPortUrl(): Promise<string> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return `http://127.0.0.1:${port}`;
}

const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (err: unknown) => err);

/**
 * The lost answer. A network that cannot deduplicate must say the outcome is unknown (Crier
 * leaves it for a person); one that can (`retryAfterUnknownIsSafe`) may call it unknown or
 * retryable, and the retry, with the same post id and stores, must not make a second post: it
 * returns a receipt, or the network's duplicate refusal, which the core records as posted.
 */
function lostAnswerCase(network: NetworkDefinition, harness: () => ContractHarness): void {
  const safe = network.retryAfterUnknownIsSafe;
  const title = safe ? 'lost answer → the retry finds the post or is refused as a duplicate, never a second post' : 'lost answer → UnknownOutcomeError (no blind retry), one post made';
  it(title, async () => {
    const h = harness();
    const ctx: Partial<PublishContext> = { checkpoint: memoryStore(), channelState: memoryStore() };
    h.failNext('lost-answer', { resetAtMs: 0 });
    const first = await failure(h.publisher().publish(h.draft, testPublishContext(ctx)));
    expect(h.postsMade()).toBe(1); // the server got the request and made the post
    if (!safe) {
      expect(first).toBeInstanceOf(UnknownOutcomeError);
      return;
    }
    expect([UnknownOutcomeError, RetryableError].some((kind) => first instanceof kind), String(first)).toBe(true);
    const retry = testPublishContext({ ...ctx, attempt: 2, afterUnknownOutcome: first instanceof UnknownOutcomeError });
    const again = await h.publisher().publish(h.draft, retry).catch((err: unknown) => err);
    if (again instanceof PermanentError) expect(again.reason).toBe('duplicate');
    else expect(again).toMatchObject({ remoteId: expect.any(String) });
    expect(h.postsMade()).toBe(1);
  });
}

/** The contract for one network, against the harness its folder provides. */
export function runPublisherContract(network: NetworkDefinition, makeHarness: HarnessFactory): void {
  describe(`publisher contract: ${network.id}`, () => {
    let h: ContractHarness;
    beforeEach(async () => {
      h = await makeHarness();
    });
    afterEach(async () => {
      await h.close();
    });

    it('2xx → a receipt with the remote id and public URL, one post made', async () => {
      const receipt = await h.publisher().publish(h.draft, testPublishContext());
      expect(receipt.remoteId).toBeTruthy();
      expect(receipt.remoteUrl).toMatch(/^https?:\/\//);
      expect(receipt.confirmed).toBe(true);
      expect(h.postsMade()).toBe(1);
    });

    it('429 → RateLimitedError until the time the network gave', async () => {
      const resetAtMs = Date.now() + 15 * 60_000;
      h.failNext('rate-limited', { resetAtMs });
      const err = await failure(h.publisher().publish(h.draft, testPublishContext()));
      expect(err).toBeInstanceOf(RateLimitedError);
      // The network's reset is in seconds or minutes: the until-time is that reset, not "now".
      expect(Math.abs((err as RateLimitedError).untilMs - resetAtMs)).toBeLessThan(2_000);
      expect(h.postsMade()).toBe(0);
    });

    it('5xx → RetryableError', async () => {
      h.failNext('server-error', { resetAtMs: 0 });
      await expect(h.publisher().publish(h.draft, testPublishContext())).rejects.toBeInstanceOf(RetryableError);
      expect(h.postsMade()).toBe(0);
    });

    it('connection refused → RetryableError', async () => {
      const url = await closedPortUrl();
      await expect(h.publisher(url).publish(h.draft, testPublishContext())).rejects.toBeInstanceOf(RetryableError);
    });

    it('401 → AuthError', async () => {
      h.failNext('auth', { resetAtMs: 0 });
      await expect(h.publisher().publish(h.draft, testPublishContext())).rejects.toBeInstanceOf(AuthError);
      expect(h.postsMade()).toBe(0);
    });

    it('400 → PermanentError', async () => {
      h.failNext('bad-request', { resetAtMs: 0 });
      await expect(h.publisher().publish(h.draft, testPublishContext())).rejects.toBeInstanceOf(PermanentError);
      expect(h.postsMade()).toBe(0);
    });

    lostAnswerCase(network, () => h);
  });
}
