import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Draft } from '../../../src/drafts/draft.js';
import { AuthError, PermanentError, RateLimitedError, UnknownOutcomeError } from '../../../src/publishers/errors.js';
import { linkedinNetwork } from '../../../src/publishers/linkedin/linkedin-network.js';
import { allowPrivateOriginForTests } from '../../../src/shared/http/test-egress.js';
import type { LivePublisher } from '../../../src/publishers/publisher.js';
import { testLivePublisher } from '../../contract/live-publisher.js';
import { memoryStore, testPublishContext } from '../../contract/publish-context.js';
import { FAKE_AUTHOR, FAKE_TOKEN, rateLimitFault, ROUTES, startLinkedinFake, type LinkedinFake } from '../../fakes/linkedin-fake.js';

const URL = 'https://news.example.com/2026/05/defence_ties?utm_source=linkedin&utm_medium=social';
const TEXT = `Pakistan (and Türkiye) sign a [naval] deal: #1 priority for @ministry, *new* frigates ~2027 <KAAN> side_deal \\ | {x}\n\n${URL}\n\n#Defence #Navy`;
const draft = (extra: Partial<Draft> = {}): Draft => ({ text: TEXT, length: 0, limit: 3000, url: URL, title: 'Defence ties (update)', description: 'A naval deal.', hashtags: ['Defence', 'Navy'], ...extra });
const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(30_000, 3)]);

let fake: LinkedinFake;
let publisher: LivePublisher;
let withdrawImageHost: () => void;
const make = (options: Record<string, unknown> = {}) =>
  testLivePublisher(linkedinNetwork, { apiBaseUrl: fake.url, author: FAKE_AUTHOR, mode: 'live', ...options }, { ACCESS_TOKEN: FAKE_TOKEN });

beforeEach(async () => {
  fake = await startLinkedinFake();
  // The fake serves the article images; only the test runner can let the safe fetch reach it.
  withdrawImageHost = allowPrivateOriginForTests(fake.url);
  publisher = make();
});
afterEach(() => {
  withdrawImageHost();
  return fake.stop();
});

describe('linkedin publisher', () => {
  it('escaped commentary with ( ) [ ] # @ _ * ~ < > arrives whole through the truncating fake', async () => {
    await publisher.publish(draft(), testPublishContext({ postId: 'a1.linkedin' }));
    const [post] = fake.posts;
    expect(post?.truncated).toBe(false);
    expect(post?.commentary).toBe(TEXT);
    expect(post?.commentaryRaw).toContain('{hashtag|\\#|Defence} {hashtag|\\#|Navy}');
  });

  it('the fake really truncates: the same text sent raw would be cut at the first "("', async () => {
    const res = await fetch(`${fake.url}/rest/posts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${FAKE_TOKEN}`, 'linkedin-version': '202510', 'x-restli-protocol-version': '2.0.0', 'content-type': 'application/json' },
      body: JSON.stringify({ author: FAKE_AUTHOR, commentary: TEXT, lifecycleState: 'PUBLISHED' }),
    });
    expect(res.status).toBe(201);
    expect(fake.posts[0]?.commentary).toBe('Pakistan ');
  });

  it('returns the URN from x-restli-id and the feed/update URL; sends the version headers and the article', async () => {
    const receipt = await publisher.publish(draft(), testPublishContext({ postId: 'b1.linkedin' }));
    const urn = fake.posts[0]!.urn;
    expect(receipt).toEqual({ remoteId: urn, remoteUrl: `https://www.linkedin.com/feed/update/${urn}`, confirmed: true });
    const req = fake.server.requests.find((r) => r.path === '/rest/posts')!;
    expect(req.headers).toMatchObject({ 'linkedin-version': '202510', 'x-restli-protocol-version': '2.0.0' });
    expect(req.json).toMatchObject({
      author: FAKE_AUTHOR,
      visibility: 'PUBLIC',
      lifecycleState: 'PUBLISHED',
      distribution: { feedDistribution: 'MAIN_FEED', targetEntities: [], thirdPartyDistributionChannels: [] },
      content: { article: { source: URL, title: 'Defence ties (update)', description: 'A naval deal.' } },
    });
  });

  it('uploads the image once (initializeUpload + PUT) and uses its URN as the article thumbnail', async () => {
    const imageUrl = fake.addImage('p.jpg', jpeg);
    const checkpoint = memoryStore();
    fake.server.fault(ROUTES.posts, { kind: 'status', status: 503, body: { status: 503, message: 'unavailable' } });
    await expect(publisher.publish(draft({ imageUrl }), testPublishContext({ postId: 'c1.linkedin', checkpoint }))).rejects.toThrow();
    const receipt = await publisher.publish(draft({ imageUrl }), testPublishContext({ postId: 'c1.linkedin', checkpoint, attempt: 2 }));
    expect(receipt.note).toBeUndefined();
    expect(fake.images.size).toBe(1);
    const [urn, image] = [...fake.images][0]!;
    expect(image.bytes?.length).toBe(jpeg.length);
    expect(image.type).toBe('image/jpeg');
    expect(fake.posts[0]?.article?.thumbnail).toBe(urn);
  });

  it('an image that cannot be fetched → posted without thumbnail, with a note', async () => {
    const receipt = await publisher.publish(draft({ imageUrl: `${fake.url}/img/none.jpg` }), testPublishContext({ postId: 'd1.linkedin' }));
    expect(receipt.note).toMatch(/without thumbnail/);
    expect(fake.posts[0]?.article?.thumbnail).toBeUndefined();
  });

  it('429 without Retry-After → RateLimitedError until the next UTC midnight', async () => {
    fake.server.fault(ROUTES.posts, rateLimitFault());
    const err = (await publisher.publish(draft(), testPublishContext({ postId: 'e1.linkedin' })).catch((e: unknown) => e)) as RateLimitedError;
    expect(err).toBeInstanceOf(RateLimitedError);
    const d = new Date(err.untilMs);
    expect([d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()]).toEqual([0, 0, 0, 0]);
    expect(err.untilMs).toBeGreaterThan(Date.now());
    expect(err.untilMs - Date.now()).toBeLessThanOrEqual(86_400_000);
  });

  it('a second identical post → PermanentError duplicate (422 DUPLICATE_POST)', async () => {
    await publisher.publish(draft(), testPublishContext({ postId: 'f1.linkedin' }));
    const err = await publisher.publish(draft(), testPublishContext({ postId: 'f2.linkedin' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentError);
    expect((err as PermanentError).reason).toBe('duplicate');
    expect(fake.posts).toHaveLength(1);
  });

  it('a retry refused as a duplicate reports the post the earlier attempt made (unconfirmed)', async () => {
    await publisher.publish(draft(), testPublishContext({ postId: 'f3.linkedin' }));
    const receipt = await publisher.publish(draft(), testPublishContext({ postId: 'f3.linkedin', attempt: 2 }));
    const urn = fake.posts[0]!.urn;
    expect(receipt).toMatchObject({ remoteId: urn, remoteUrl: `https://www.linkedin.com/feed/update/${urn}`, confirmed: false });
    expect(receipt.note).toMatch(/duplicate of a post made by an earlier attempt/);
    expect(fake.posts).toHaveLength(1);
  });

  it('a lost answer is an unknown outcome (LinkedIn has no idempotency key)', async () => {
    fake.server.fault(ROUTES.posts, { kind: 'drop-after' });
    await expect(publisher.publish(draft(), testPublishContext({ postId: 'g1.linkedin' }))).rejects.toBeInstanceOf(UnknownOutcomeError);
    expect(linkedinNetwork.retryAfterUnknownIsSafe).toBe(false);
  });

  it('a sunset version (426) and a foreign author (403) halt the channel with an AuthError', async () => {
    await expect(make({ version: '202401' }).publish(draft(), testPublishContext({ postId: 'h1.linkedin' }))).rejects.toThrow(/version not active/);
    const err = await make({ author: 'urn:li:organization:42' }).publish(draft(), testPublishContext({ postId: 'h2.linkedin' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect(fake.posts).toHaveLength(0);
  });

  it('refuses to start without an author', () => {
    expect(() =>
      testLivePublisher(linkedinNetwork, { apiBaseUrl: fake.url }, { ACCESS_TOKEN: FAKE_TOKEN }),
    ).toThrow(/author/);
  });
});
