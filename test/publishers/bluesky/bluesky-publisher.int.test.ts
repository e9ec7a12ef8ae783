import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Draft } from '../../../src/drafts/draft.js';
import { blueskyNetwork } from '../../../src/publishers/bluesky/bluesky-network.js';
import { SESSION_STATE_KEY } from '../../../src/publishers/bluesky/bluesky-session.js';
import { tidForPostId } from '../../../src/publishers/bluesky/bluesky-tid.js';
import { allowPrivateOriginForTests } from '../../../src/shared/http/test-egress.js';
import { AuthError, RateLimitedError, UnknownOutcomeError } from '../../../src/publishers/errors.js';
import type { LivePublisher } from '../../../src/publishers/publisher.js';
import { testLivePublisher } from '../../contract/live-publisher.js';
import { memoryStore, testPublishContext } from '../../contract/publish-context.js';
import { FAKE_APP_PASSWORD, FAKE_IDENTIFIER, rateLimitFault, ROUTES, startBlueskyFake, type BlueskyFake } from '../../fakes/bluesky-fake.js';

const URL = 'https://news.example.com/2026/05/defence-ties?utm_source=bluesky&utm_medium=social';
const TEXT = `پاکستان اور ترکی 🇵🇰🤝🇹🇷 防务 defence ties #Pakistan\n\n${URL}`;
const draft = (extra: Partial<Draft> = {}): Draft => ({ text: TEXT, length: 60, limit: 300, url: URL, title: 'Defence ties deepen', description: 'Pakistan and Türkiye sign a naval deal.', hashtags: ['Pakistan'], ...extra });
const png = (size: number) => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.alloc(size - 4, 7)]);

let fake: BlueskyFake;
let withdrawImageHost: () => void;
let publisher: LivePublisher;
const channelState = memoryStore();

function make(secrets = { IDENTIFIER: FAKE_IDENTIFIER, APP_PASSWORD: FAKE_APP_PASSWORD }, options: Record<string, unknown> = {}): LivePublisher {
  return testLivePublisher(blueskyNetwork, { apiBaseUrl: fake.url, ...options }, secrets);
}
const ctx = (postId: string, extra = {}) => testPublishContext({ postId, channelState, ...extra });
const creates = () => fake.server.requests.filter((r) => r.path.endsWith('createRecord'));

beforeEach(async () => {
  fake = await startBlueskyFake();
  // The fake serves the article images; only the test runner can let the safe fetch reach it.
  withdrawImageHost = allowPrivateOriginForTests(fake.url);
  channelState.values.clear();
  publisher = make();
});
afterEach(() => {
  withdrawImageHost();
  return fake.stop();
});

describe('bluesky session', () => {
  it('logs in once and reuses the cached session for every post', async () => {
    for (let i = 0; i < 5; i++) await publisher.publish(draft(), ctx(`a${i}.bluesky`));
    expect(fake.stats.createSession).toBe(1);
    expect(fake.records.size).toBe(5);
    expect(new Set(creates().map((r) => r.headers.authorization)).size).toBe(1);
    // A second publisher (another worker process) shares the session through the channel state.
    await make().publish(draft(), ctx('a5.bluesky'));
    expect(fake.stats.createSession).toBe(1);
    expect(JSON.parse(channelState.values.get(SESSION_STATE_KEY) ?? '{}')).toMatchObject({ did: 'did:plc:crierfake0000000000000000', identifier: FAKE_IDENTIFIER });
  });

  it('an expired access token (HTTP 400 ExpiredToken) is refreshed, not re-created', async () => {
    await publisher.publish(draft(), ctx('b1.bluesky'));
    fake.expireAccessTokens();
    const receipt = await publisher.publish(draft(), ctx('b2.bluesky'));
    expect(receipt.confirmed).toBe(true);
    expect(fake.stats).toEqual({ createSession: 1, refreshSession: 1 });
    expect(fake.records.size).toBe(2);
    await publisher.publish(draft(), ctx('b3.bluesky'));
    expect(fake.stats).toEqual({ createSession: 1, refreshSession: 1 });
  });

  it('logs in again only when the refresh token is dead too', async () => {
    await publisher.publish(draft(), ctx('c1.bluesky'));
    fake.expireAccessTokens();
    fake.revokeRefreshTokens();
    await publisher.publish(draft(), ctx('c2.bluesky'));
    expect(fake.stats).toEqual({ createSession: 2, refreshSession: 1 });
    expect(fake.records.size).toBe(2);
  });

  it('a refused re-login is an AuthError that keeps the post', async () => {
    await publisher.publish(draft(), ctx('d1.bluesky'));
    fake.expireAccessTokens();
    fake.revokeRefreshTokens();
    fake.server.fault(ROUTES.createSession, { kind: 'status', status: 401, body: { error: 'AuthenticationRequired', message: 'Invalid identifier or password' } });
    const err = await publisher.publish(draft(), ctx('d2.bluesky')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect((err as AuthError).keepPost).toBe(true);
    expect(String((err as Error).message) + (err as AuthError).detail).not.toContain(FAKE_APP_PASSWORD);
    expect(fake.records.size).toBe(1);
  });

  it('a session cached for another identifier is not reused', async () => {
    await publisher.publish(draft(), ctx('e1.bluesky'));
    const other = make({ IDENTIFIER: 'someone.else', APP_PASSWORD: FAKE_APP_PASSWORD });
    await expect(other.publish(draft(), ctx('e2.bluesky'))).rejects.toBeInstanceOf(AuthError);
    expect(fake.stats.createSession).toBe(2);
  });
});

describe('bluesky posting', () => {
  it('uses the TID derived from the post id as rkey and returns the bsky.app URL', async () => {
    const receipt = await publisher.publish(draft(), ctx('f1.bluesky'));
    const rkey = tidForPostId('f1.bluesky');
    expect(receipt).toMatchObject({ remoteId: `at://did:plc:crierfake0000000000000000/app.bsky.feed.post/${rkey}`, remoteUrl: `https://bsky.app/profile/crier.test/post/${rkey}`, confirmed: true });
    expect(fake.records.has(rkey)).toBe(true);
  });

  it('after an unknown outcome, finds the record by its rkey instead of posting twice', async () => {
    fake.server.fault(ROUTES.createRecord, { kind: 'drop-after' });
    await expect(publisher.publish(draft(), ctx('g1.bluesky'))).rejects.toBeInstanceOf(UnknownOutcomeError);
    expect(fake.records.size).toBe(1); // the PDS did create it

    const receipt = await publisher.publish(draft(), ctx('g1.bluesky', { attempt: 2, afterUnknownOutcome: true }));
    expect(receipt).toMatchObject({ confirmed: true, remoteUrl: `https://bsky.app/profile/crier.test/post/${tidForPostId('g1.bluesky')}` });
    expect(receipt.note).toMatch(/earlier attempt/);
    expect(fake.records.size).toBe(1);
    expect(creates()).toHaveLength(1);
  });

  it('even a blind resend of the same post cannot make a second record', async () => {
    await publisher.publish(draft(), ctx('g2.bluesky'));
    const again = await publisher.publish(draft(), ctx('g2.bluesky', { attempt: 2 }));
    expect(again.remoteId).toContain(tidForPostId('g2.bluesky'));
    expect(fake.records.size).toBe(1);
  });

  it('posts the link in its short form with a link facet to the full URL (byte ranges), and a tag facet', async () => {
    await publisher.publish(draft(), ctx('h1.bluesky'));
    const record = fake.records.get(tidForPostId('h1.bluesky'))!.value as { text: string; facets: { index: { byteStart: number; byteEnd: number }; features: { $type: string; uri?: string; tag?: string }[] }[] };
    const decoded = record.facets.map((f) => Buffer.from(record.text, 'utf8').subarray(f.index.byteStart, f.index.byteEnd).toString('utf8'));
    expect(decoded).toEqual(['#Pakistan', 'news.example.com/2026/05/defe…']);
    expect(record.facets.map((f) => f.features[0]?.uri ?? f.features[0]?.tag)).toEqual(['Pakistan', URL]);
    expect(record.text).toBe(TEXT.replace(URL, 'news.example.com/2026/05/defe…'));
  });

  it('attaches a link card with title, description and an uploaded thumbnail', async () => {
    const imageUrl = fake.addImage('photo.png', png(50_000));
    const receipt = await publisher.publish(draft({ imageUrl }), ctx('i1.bluesky'));
    expect(receipt.note).toBeUndefined();
    const embed = (fake.records.get(tidForPostId('i1.bluesky'))!.value as { embed: { $type: string; external: Record<string, unknown> } }).embed;
    expect(embed.$type).toBe('app.bsky.embed.external');
    expect(embed.external).toMatchObject({ uri: URL, title: 'Defence ties deepen', description: 'Pakistan and Türkiye sign a naval deal.', thumb: { $type: 'blob', mimeType: 'image/png', size: 50_000 } });
    expect(fake.blobs.size).toBe(1);
  });

  it.each([
    ['over 1,000,000 bytes', (f: BlueskyFake) => f.addImage('big.png', png(1_000_001)), /1000000-byte cap/],
    ['missing (404)', (f: BlueskyFake) => `${f.url}/img/nope.png`, /HTTP 404/],
    ['not an image', (f: BlueskyFake) => f.addImage('page.html', Buffer.from('<html></html>'), 'text/html'), /not an image/],
  ])('an image %s → posted without thumbnail, with a note', async (_name, image, note) => {
    const receipt = await publisher.publish(draft({ imageUrl: image(fake) }), ctx('j1.bluesky'));
    expect(receipt.confirmed).toBe(true);
    expect(receipt.note).toMatch(note);
    const embed = (fake.records.get(tidForPostId('j1.bluesky'))!.value as { embed: { external: Record<string, unknown> } }).embed;
    expect(embed.external.thumb).toBeUndefined();
    expect(fake.blobs.size).toBe(0);
  });

  it('refuses an image on a private address unless allowed (SSRF guard) and says so', async () => {
    const imageUrl = fake.addImage('photo.png', png(1_000));
    withdrawImageHost();
    const strict = make();
    const receipt = await strict.publish(draft({ imageUrl }), ctx('j2.bluesky'));
    expect(receipt.note).toMatch(/refused non-public address 127\.0\.0\.1/);
    expect(fake.blobs.size).toBe(0);
    expect(fake.records.size).toBe(1);
  });

  it('429 RateLimitExceeded → RateLimitedError until RateLimit-Reset', async () => {
    const resetAtMs = Date.now() + 3_600_000;
    fake.server.fault(ROUTES.createRecord, rateLimitFault(resetAtMs));
    const err = (await publisher.publish(draft(), ctx('k1.bluesky')).catch((e: unknown) => e)) as RateLimitedError;
    expect(err).toBeInstanceOf(RateLimitedError);
    expect(Math.abs(err.untilMs - resetAtMs)).toBeLessThan(1_000);
    expect(fake.records.size).toBe(0);
  });

  it('verify reports the handle; with the channel state it reuses the cached session, spending no login', async () => {
    await expect(publisher.verify!(AbortSignal.timeout(5_000))).resolves.toEqual({ account: '@crier.test' });
    const logins = fake.stats.createSession;
    const state = memoryStore();
    await publisher.verify!(AbortSignal.timeout(5_000), state);
    await expect(publisher.verify!(AbortSignal.timeout(5_000), state)).resolves.toEqual({ account: '@crier.test' });
    expect(fake.stats.createSession).toBe(logins + 1);
    // An expired access token is refreshed, not a new login.
    fake.expireAccessTokens();
    await expect(publisher.verify!(AbortSignal.timeout(5_000), state)).resolves.toEqual({ account: '@crier.test' });
    expect(fake.stats.createSession).toBe(logins + 1);
  });
});
