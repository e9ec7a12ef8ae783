import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { Draft } from '../../../src/drafts/draft.js';
import { PermanentError, RateLimitedError, RetryableError } from '../../../src/publishers/errors.js';
import { instanceStateKey } from '../../../src/publishers/mastodon/mastodon-instance.js';
import { mastodonNetwork } from '../../../src/publishers/mastodon/mastodon-network.js';
import { createMastodonPublisher } from '../../../src/publishers/mastodon/mastodon-publisher.js';
import { allowPrivateOriginForTests } from '../../../src/shared/http/test-egress.js';
import { memoryStore, testPublishContext } from '../../contract/publish-context.js';
import { FAKE_TOKEN, rateLimitFault, ROUTES, startMastodonFake, type MastodonFake } from '../../fakes/mastodon-fake.js';

const URL = `https://news.example.com/2026/05/${'long-slug-'.repeat(10)}?utm_source=mastodon`;
const draft = (text: string, extra: Partial<Draft> = {}): Draft => ({ text, length: 0, limit: 500, url: URL, title: 'Defence ties deepen', description: 'A naval deal.', hashtags: [], ...extra });
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.alloc(20_000, 1)]);

let fake: MastodonFake | undefined;
let withdrawImageHost: (() => void) | undefined;
afterEach(async () => {
  withdrawImageHost?.();
  await fake?.stop();
  fake = undefined;
});

async function setup(fakeOpts: Parameters<typeof startMastodonFake>[0] = {}, options: Record<string, unknown> = {}) {
  fake = await startMastodonFake(fakeOpts);
  // The fake serves the article images; only the test runner can let the safe fetch reach it.
  withdrawImageHost = allowPrivateOriginForTests(fake.url);
  const publisher = createMastodonPublisher(
    { channel: 'mastodon', options: mastodonNetwork.optionsSchema.parse({ apiBaseUrl: fake.url, ...options }), secrets: { ACCESS_TOKEN: FAKE_TOKEN }, log: pino({ level: 'silent' }) },
    { pollIntervalMs: 20, maxPolls: 10 },
  );
  return { fake, publisher, channelState: memoryStore() };
}
const statusRequests = (f: MastodonFake) => f.server.requests.filter((r) => r.path === '/api/v1/statuses');

describe('mastodon publisher', () => {
  it('sends Idempotency-Key = post id, the same on every retry, so a lost answer cannot duplicate', async () => {
    const { fake, publisher, channelState } = await setup();
    fake.server.fault(ROUTES.statuses, { kind: 'drop-after' });
    // The status was made but the answer was lost: with the key, that is a plain retry.
    await expect(publisher.publish(draft(`Ties ${URL}`), testPublishContext({ postId: 'p1.mastodon', channelState }))).rejects.toBeInstanceOf(RetryableError);
    expect(fake.statuses).toHaveLength(1);
    const receipt = await publisher.publish(draft(`Ties ${URL}`), testPublishContext({ postId: 'p1.mastodon', channelState, attempt: 2 }));
    expect(receipt).toEqual({ remoteId: fake.statuses[0]!.id, remoteUrl: fake.statuses[0]!.url, confirmed: true });
    expect(fake.statuses).toHaveLength(1);
    expect(statusRequests(fake).map((r) => r.headers['idempotency-key'])).toEqual(['p1.mastodon', 'p1.mastodon']);
  });

  describe('a resend after the one-hour Idempotency-Key window', () => {
    const HOURS_AGO = (h: number) => String(Date.now() - h * 3_600_000);
    const accountStatusRequests = (f: MastodonFake) => f.server.requests.filter((r) => r.path.startsWith('/api/v1/accounts/1/statuses'));

    it('finds the status an earlier attempt made on the account and does not post again', async () => {
      const { fake, publisher, channelState } = await setup();
      const checkpoint = memoryStore();
      // An '&' in the link: the instance's HTML has it as &amp; in the href.
      const url = `${URL}&utm_medium=social`;
      const post = draft(`Ties & trade ${url}`, { url });
      fake.server.fault(ROUTES.statuses, { kind: 'drop-after' });
      await expect(publisher.publish(post, testPublishContext({ postId: 'w1.mastodon', channelState, checkpoint }))).rejects.toBeInstanceOf(RetryableError);
      expect(fake.statuses).toHaveLength(1);
      // More than an hour later (a long rate-limit wait): Mastodon has forgotten the key.
      fake.expireIdempotencyKeys();
      await checkpoint.set('mastodon.sentAt', HOURS_AGO(2));
      const receipt = await publisher.publish(post, testPublishContext({ postId: 'w1.mastodon', channelState, checkpoint, attempt: 2 }));
      expect(receipt).toMatchObject({ remoteId: fake.statuses[0]!.id, remoteUrl: fake.statuses[0]!.url, confirmed: true, note: expect.stringMatching(/earlier attempt/) });
      expect(fake.statuses).toHaveLength(1);
      expect(accountStatusRequests(fake)).toHaveLength(1);
    });

    it('posts when the earlier attempt never reached the instance', async () => {
      const { fake, publisher, channelState } = await setup();
      const checkpoint = memoryStore();
      fake.server.fault(ROUTES.statuses, { kind: 'drop-before' });
      await expect(publisher.publish(draft(`Ties ${URL}`), testPublishContext({ postId: 'w2.mastodon', channelState, checkpoint }))).rejects.toBeInstanceOf(RetryableError);
      expect(fake.statuses).toHaveLength(0);
      await checkpoint.set('mastodon.sentAt', HOURS_AGO(3));
      const receipt = await publisher.publish(draft(`Ties ${URL}`), testPublishContext({ postId: 'w2.mastodon', channelState, checkpoint, attempt: 2 }));
      expect(fake.statuses).toHaveLength(1);
      expect(receipt).toEqual({ remoteId: fake.statuses[0]!.id, remoteUrl: fake.statuses[0]!.url, confirmed: true });
    });

    it('within the window trusts the key and does not search; a failed search is retried, never a blind post', async () => {
      const { fake, publisher, channelState } = await setup();
      const checkpoint = memoryStore();
      await checkpoint.set('mastodon.sentAt', String(Date.now() - 10 * 60_000));
      await publisher.publish(draft(`Ties ${URL}`), testPublishContext({ postId: 'w3.mastodon', channelState, checkpoint }));
      expect(accountStatusRequests(fake)).toHaveLength(0);

      const late = memoryStore();
      await late.set('mastodon.sentAt', HOURS_AGO(2));
      fake.server.fault(ROUTES.accountStatuses, { kind: 'status', status: 503, body: { error: 'unavailable' } });
      await expect(publisher.publish(draft(`Other ${URL}`), testPublishContext({ postId: 'w4.mastodon', channelState, checkpoint: late }))).rejects.toBeInstanceOf(RetryableError);
      expect(fake.statuses).toHaveLength(1);
    });
  });

  it('reads max_characters from the instance once, caches it, and refuses a post the instance would reject', async () => {
    const { fake, publisher, channelState } = await setup({ maxCharacters: 100 });
    const ok = await publisher.publish(draft(`${'a'.repeat(70)} ${URL}`), testPublishContext({ postId: 'q1.mastodon', channelState }));
    expect(ok.confirmed).toBe(true);
    const err = await publisher.publish(draft(`${'a'.repeat(80)} ${URL}`), testPublishContext({ postId: 'q2.mastodon', channelState })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentError);
    expect((err as PermanentError).reason).toBe('too-long');
    expect((err as Error).message).toMatch(/104 characters, this instance allows 100/);
    expect(fake.statuses).toHaveLength(1);
    expect(fake.server.requests.filter((r) => r.path === '/api/v2/instance')).toHaveLength(1);
    expect(JSON.parse(channelState.values.get(instanceStateKey(fake.url)) ?? '{}')).toEqual({ maxCharacters: 100, charactersReservedPerUrl: 23 });
  });

  it('uses the instance URL weight, not a hard-coded 23', async () => {
    const { fake, publisher, channelState } = await setup({ maxCharacters: 100, urlWeight: 60 });
    const err = await publisher.publish(draft(`${'a'.repeat(50)} ${URL}`), testPublishContext({ postId: 'r1.mastodon', channelState })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentError);
    expect(fake.statuses).toHaveLength(0);
  });

  it('posts with the 500/23 defaults when the instance endpoint fails, without caching them', async () => {
    const { fake, publisher, channelState } = await setup();
    fake.server.fault(ROUTES.instance, { kind: 'status', status: 500, body: { error: 'oops' } });
    await publisher.publish(draft(`Ties ${URL}`), testPublishContext({ postId: 's1.mastodon', channelState }));
    expect(fake.statuses).toHaveLength(1);
    expect(channelState.values.has(instanceStateKey(fake.url))).toBe(false);
  });

  it('429 with an ISO-8601 X-RateLimit-Reset → RateLimitedError at that time', async () => {
    const { fake, publisher, channelState } = await setup();
    const resetAtMs = Date.now() + 5 * 60_000;
    fake.server.fault(ROUTES.statuses, rateLimitFault(resetAtMs));
    const err = (await publisher.publish(draft(`Ties ${URL}`), testPublishContext({ postId: 't1.mastodon', channelState })).catch((e: unknown) => e)) as RateLimitedError;
    expect(err).toBeInstanceOf(RateLimitedError);
    expect(Math.abs(err.untilMs - resetAtMs)).toBeLessThan(5);
  });

  it('attachImage: uploads via /api/v2/media, polls the 202 until processed, then attaches it', async () => {
    const { fake, publisher, channelState } = await setup({ mediaPolls: 2 }, { attachImage: true, language: 'ur', visibility: 'unlisted' });
    const imageUrl = fake.addImage('p.png', png);
    const receipt = await publisher.publish(draft(`Ties ${URL}`, { imageUrl }), testPublishContext({ postId: 'u1.mastodon', channelState }));
    expect(receipt.note).toBeUndefined();
    expect(fake.server.requests.filter((r) => r.path.startsWith('/api/v1/media/')).length).toBe(3); // 206, 206, 200
    const [id] = [...fake.media.keys()];
    expect(fake.statuses[0]).toMatchObject({ mediaIds: [id], language: 'ur', visibility: 'unlisted' });
    expect(fake.media.get(id!)).toMatchObject({ description: 'Defence ties deepen', size: png.length, type: 'image/png' });
  });

  it('a retry reuses the uploaded attachment instead of uploading again', async () => {
    const { fake, publisher } = await setup({}, { attachImage: true });
    const imageUrl = fake.addImage('p.png', png);
    const checkpoint = memoryStore();
    fake.server.fault(ROUTES.statuses, { kind: 'status', status: 503, body: { error: 'unavailable' } });
    await expect(publisher.publish(draft(`Ties ${URL}`, { imageUrl }), testPublishContext({ postId: 'v1.mastodon', checkpoint }))).rejects.toBeInstanceOf(RetryableError);
    await publisher.publish(draft(`Ties ${URL}`, { imageUrl }), testPublishContext({ postId: 'v1.mastodon', checkpoint, attempt: 2 }));
    expect(fake.media.size).toBe(1);
    expect(fake.statuses[0]?.mediaIds).toEqual([...fake.media.keys()]);
  });

  it('an image that cannot be fetched → posted without it, with a note', async () => {
    const { fake, publisher, channelState } = await setup({}, { attachImage: true });
    const receipt = await publisher.publish(draft(`Ties ${URL}`, { imageUrl: `${fake.url}/img/missing.png` }), testPublishContext({ postId: 'w1.mastodon', channelState }));
    expect(receipt.note).toMatch(/without the image: .*HTTP 404/);
    expect(fake.statuses[0]?.mediaIds).toEqual([]);
  });

  it('verify reports the account', async () => {
    const { fake, publisher } = await setup();
    await expect(publisher.verify!(AbortSignal.timeout(5_000))).resolves.toEqual({ account: `@crier@${new globalThis.URL(fake.url).host}` });
  });
});
