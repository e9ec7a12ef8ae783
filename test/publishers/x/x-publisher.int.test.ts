import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Draft } from '../../../src/drafts/draft.js';
import { AuthError, PermanentError, RateLimitedError, RetryableError, UnknownOutcomeError } from '../../../src/publishers/errors.js';
import type { LivePublisher, PublishContext } from '../../../src/publishers/publisher.js';
import { xNetwork } from '../../../src/publishers/x/x-network.js';
import { decidePublishFailure } from '../../../workers/publish-outcome.js';
import { memoryStore, testPublishContext } from '../../contract/publish-context.js';
import { startXFake, xFaults, type XFake } from '../../fakes/x-fake.js';

const LINK = 'https://southasiandesk.example/news/defence-training';

function draft(text = `Pakistan and Turkiye expand defence training\n\n${LINK}`, extra: Partial<Draft> = {}): Draft {
  return { text, length: 0, limit: 280, url: LINK, title: 'Pakistan and Turkiye expand defence training', description: '', hashtags: [], ...extra };
}

let fake: XFake;
beforeEach(async () => {
  fake = await startXFake();
});
afterEach(async () => {
  await fake.stop();
});

function publisher(options: Record<string, unknown> = {}, secrets: Record<string, string> = { OAUTH2_TOKEN: 'token-abc' }): LivePublisher {
  return xNetwork.createLive!({ channel: 'x', options: xNetwork.optionsSchema.parse({ apiBaseUrl: fake.url, ...options }), secrets, log: pino({ level: 'silent' }) });
}

/** One post's retries share its checkpoint, as the worker does. */
function attempts() {
  const checkpoint = memoryStore();
  return (overrides: Partial<PublishContext> = {}) => testPublishContext({ checkpoint, ...overrides });
}
const tweetsPosted = () => fake.server.requests.filter((r) => r.path === '/2/tweets').length;
const texts = () => fake.tweets.map((t) => t.text);

describe('x publisher: posting', () => {
  it('posts the draft with the OAuth 2.0 token and returns id + public URL', async () => {
    const receipt = await publisher().publish(draft(), testPublishContext());
    expect(fake.tweets).toHaveLength(1);
    expect(receipt).toEqual({ remoteId: fake.tweets[0]?.id, remoteUrl: `https://x.com/i/web/status/${fake.tweets[0]?.id}`, confirmed: true });
    expect(fake.server.requests[0]?.headers.authorization).toBe('Bearer token-abc');
    expect(fake.server.requests[0]?.json).toEqual({ text: draft().text });
  });

  it('signs with OAuth 1.0a user tokens when those are configured', async () => {
    // Secrets long enough that a random nonce or signature cannot contain them by chance.
    await publisher({}, { APP_KEY: 'ck', APP_SECRET: 'consumer-secret-x1', ACCESS_TOKEN: 'at', ACCESS_SECRET: 'access-secret-x2' }).publish(draft(), testPublishContext());
    const auth = String(fake.server.requests[0]?.headers.authorization);
    expect(auth).toMatch(/^OAuth /);
    expect(auth).toContain('oauth_consumer_key="ck"');
    expect(auth).toContain('oauth_token="at"');
    expect(auth).not.toContain('consumer-secret-x1');
    expect(auth).not.toContain('access-secret-x2');
  });

  it('verify() reads users/me and later receipts use the handle', async () => {
    const p = publisher();
    await expect(p.verify?.(AbortSignal.timeout(5_000))).resolves.toEqual({ account: '@crier_test' });
    const receipt = await p.publish(draft(), testPublishContext());
    expect(receipt.remoteUrl).toBe(`https://x.com/crier_test/status/${receipt.remoteId}`);
  });

  it('never sends a draft that is not valid on X', async () => {
    const tooLong = draft('a'.repeat(281));
    const err = await publisher().publish(tooLong, testPublishContext()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentError);
    expect((err as PermanentError).reason).toBe('too-long');
    const badReply = draft(undefined, { thread: ['fine', '🙂'.repeat(141)] });
    await expect(publisher().publish(badReply, testPublishContext())).rejects.toBeInstanceOf(PermanentError);
    expect(fake.server.requests).toHaveLength(0);
  });

  it('402 CreditsDepleted → AuthError that keeps the post; 401 and 403 permission → AuthError that does not', async () => {
    fake.failTweets(xFaults.creditsDepleted(), xFaults.unauthorized(), xFaults.forbidden());
    const credits = await publisher().publish(draft(), testPublishContext()).catch((e: unknown) => e);
    expect(credits).toBeInstanceOf(AuthError);
    expect((credits as AuthError).keepPost).toBe(true);
    const revoked = await publisher().publish(draft(), testPublishContext()).catch((e: unknown) => e);
    expect(revoked).toBeInstanceOf(AuthError);
    expect((revoked as AuthError).keepPost).toBe(false);
    const forbidden = await publisher().publish(draft(), testPublishContext()).catch((e: unknown) => e);
    expect(forbidden).toBeInstanceOf(AuthError);
    expect((forbidden as AuthError).detail).toMatch(/permissions/);
    expect(fake.tweets).toHaveLength(0);
  });

  it('the fake itself enforces X\'s rules: weighted length over 280 → 400, same text twice → 403 duplicate', async () => {
    const send = (text: string) =>
      fetch(`${fake.url}/2/tweets`, { method: 'POST', headers: { authorization: 'Bearer t', 'content-type': 'application/json' }, body: JSON.stringify({ text }) });
    expect((await send('国'.repeat(141))).status).toBe(400); // 141 CJK = 282 weighted
    expect((await send('国'.repeat(140))).status).toBe(201);
    const dup = await send('国'.repeat(140));
    expect(dup.status).toBe(403);
    expect(await dup.json()).toMatchObject({ detail: expect.stringContaining('duplicate content') });
  });

  it('429 on the daily cap waits for the 24-hour reset', async () => {
    const before = Date.now();
    fake.failTweets(xFaults.rateLimited({ resetInMs: 20 * 3_600_000, window: '24h' }));
    const err = (await publisher().publish(draft(), testPublishContext()).catch((e: unknown) => e)) as RateLimitedError;
    expect(err).toBeInstanceOf(RateLimitedError);
    expect(err.untilMs - before).toBeGreaterThan(19.9 * 3_600_000);
    expect(err.untilMs - before).toBeLessThan(20.1 * 3_600_000);
  });
});

describe('x publisher: unknown outcomes and duplicates', () => {
  it('dropped after X posted → unknown; the retry gets 403 duplicate, which the core records as posted', async () => {
    const next = attempts();
    fake.failTweets(xFaults.dropAfter());
    await expect(publisher().publish(draft(), next())).rejects.toBeInstanceOf(UnknownOutcomeError);
    expect(fake.tweets).toHaveLength(1);
    const err = await publisher().publish(draft(), next({ attempt: 2, afterUnknownOutcome: true })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentError);
    expect((err as PermanentError).reason).toBe('duplicate');
    const decision = decidePublishFailure({ error: err, network: 'x', attempt: 2, maxAttempts: 8, rateLimitWaits: 0, maxRateLimitWaits: 20, afterUnknownOutcome: true, retryAfterUnknownIsSafe: xNetwork.retryAfterUnknownIsSafe, nowMs: Date.now() });
    expect(decision).toMatchObject({ action: 'stop', ledger: 'posted' });
    expect(fake.tweets).toHaveLength(1);
  });

  it('dropped before X read it → unknown; the retry posts it once', async () => {
    const next = attempts();
    fake.failTweets(xFaults.dropBefore());
    await expect(publisher().publish(draft(), next())).rejects.toBeInstanceOf(UnknownOutcomeError);
    expect(fake.tweets).toHaveLength(0);
    await expect(publisher().publish(draft(), next({ afterUnknownOutcome: true }))).resolves.toMatchObject({ confirmed: true });
    expect(fake.tweets).toHaveLength(1);
  });

  it('a response slower than the request timeout → unknown outcome', async () => {
    fake.failTweets(xFaults.slow(1_000));
    await expect(publisher({ requestTimeoutSeconds: 0.3 }).publish(draft(), testPublishContext())).rejects.toBeInstanceOf(UnknownOutcomeError);
  });

  it('5xx that X posted anyway: the retry\'s duplicate becomes an unconfirmed receipt, not a skip', async () => {
    const next = attempts();
    fake.failTweets(xFaults.serverError(503));
    await expect(publisher().publish(draft(), next())).rejects.toBeInstanceOf(RetryableError);
    fake.tweets.push({ id: '42', text: draft().text }); // X did create it despite the 503
    const receipt = await publisher().publish(draft(), next({ attempt: 2 }));
    expect(receipt.confirmed).toBe(false);
    expect(receipt.note).toMatch(/duplicate/);
  });

  it('a duplicate with no earlier doubt is a permanent duplicate (the core skips it)', async () => {
    fake.tweets.push({ id: '41', text: draft().text });
    const err = await publisher().publish(draft(), testPublishContext()).catch((e: unknown) => e);
    expect((err as PermanentError).reason).toBe('duplicate');
  });
});

describe('x publisher: threads', () => {
  const threadDraft = () => draft(undefined, { thread: ['First part of the summary.', 'Second part of the summary.', 'Third part.'] });

  it('posts the head, then each reply to the previous post', async () => {
    const receipt = await publisher().publish(threadDraft(), testPublishContext());
    const [head, r1, r2, r3] = fake.tweets;
    expect(receipt.remoteId).toBe(head?.id);
    expect([r1?.inReplyTo, r2?.inReplyTo, r3?.inReplyTo]).toEqual([head?.id, r1?.id, r2?.id]);
    expect(receipt.note).toBeUndefined();
  });

  it('a failure mid-thread resumes from the failed reply instead of re-posting the head', async () => {
    const next = attempts();
    fake.failTweets(xFaults.pass(), xFaults.pass(), xFaults.serverError(503));
    await expect(publisher().publish(threadDraft(), next())).rejects.toBeInstanceOf(RetryableError);
    expect(fake.tweets).toHaveLength(2);
    fake.failTweets(xFaults.rateLimited({ resetInMs: 1_000 }));
    await expect(publisher().publish(threadDraft(), next({ attempt: 2 }))).rejects.toBeInstanceOf(RateLimitedError);
    const receipt = await publisher().publish(threadDraft(), next({ attempt: 3 }));
    expect(texts()).toEqual([threadDraft().text, ...(threadDraft().thread ?? [])]);
    expect(receipt.remoteId).toBe(fake.tweets[0]?.id);
    expect(fake.tweets[2]?.inReplyTo).toBe(fake.tweets[1]?.id);
    expect(tweetsPosted()).toBe(6); // 2 + (1 failed) + (1 rate-limited) + 2
  });

  it('a reply lost after X posted it is not posted twice; the thread continues', async () => {
    const next = attempts();
    fake.failTweets(xFaults.pass(), xFaults.dropAfter());
    await expect(publisher().publish(threadDraft(), next())).rejects.toBeInstanceOf(UnknownOutcomeError);
    const receipt = await publisher().publish(threadDraft(), next({ afterUnknownOutcome: true }));
    expect(texts()).toEqual([threadDraft().text, ...(threadDraft().thread ?? [])]);
    expect(receipt.confirmed).toBe(true);
    expect(receipt.note).toMatch(/reply 1: X reported a duplicate/);
    expect(fake.tweets[2]?.inReplyTo).toBe(fake.tweets[0]?.id); // reply 1's id was never learnt
  });

  it('a reply X refuses for good ends the thread with a note; the head stays posted', async () => {
    fake.failTweets(xFaults.pass(), xFaults.pass(), xFaults.badRequest('Reply not allowed'));
    const receipt = await publisher().publish(threadDraft(), testPublishContext());
    expect(receipt).toMatchObject({ remoteId: fake.tweets[0]?.id, confirmed: true });
    expect(receipt.note).toMatch(/thread stopped at reply 2 of 3.*Reply not allowed/);
    expect(fake.tweets).toHaveLength(2);
  });
});
