import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Draft } from '../../src/drafts/draft.js';
import { AuthError, PermanentError, RateLimitedError, RetryableError } from '../../src/publishers/errors.js';
import type { LivePublisher } from '../../src/publishers/publisher.js';
import { testPublishContext } from './publish-context.js';

/**
 * What every network adapter must do, whatever its API looks like. Each network supplies a
 * harness around its own fake server that can fail the next publish in that network's own
 * envelope (status codes, error bodies, rate-limit headers).
 */
export interface ContractHarness {
  /** A publisher pointed at the fake server, or at `apiBaseUrl` when given. */
  publisher(apiBaseUrl?: string): LivePublisher;
  draft: Draft;
  /** Make the next publish fail the way this network says each thing. `resetAtMs` is when a 429 lifts. */
  failNext(kind: 'rate-limited' | 'server-error' | 'auth' | 'bad-request', opts: { resetAtMs: number }): void;
  /** Posts the fake holds now. */
  postsMade(): number;
  close(): Promise<void>;
}

async function closedPortUrl(): Promise<string> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return `http://127.0.0.1:${port}`;
}

export function runPublisherContract(name: string, makeHarness: () => Promise<ContractHarness>): void {
  describe(`publisher contract: ${name}`, () => {
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
      const err = await h.publisher().publish(h.draft, testPublishContext()).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RateLimitedError);
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
    });

    it('400 → PermanentError', async () => {
      h.failNext('bad-request', { resetAtMs: 0 });
      await expect(h.publisher().publish(h.draft, testPublishContext())).rejects.toBeInstanceOf(PermanentError);
    });
  });
}
