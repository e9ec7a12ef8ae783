import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createChannelControl } from '../../../src/ledger/channel-control.js';
import { PermanentError, RateLimitedError, RetryableError, UnknownOutcomeError } from '../../../src/publishers/errors.js';
import { allowPrivateOriginForTests } from '../../../src/shared/http/test-egress.js';
import { memoryStore, testPublishContext } from '../../contract/publish-context.js';
import { GraphFake, graphError, ROUTES } from '../../fakes/graph-fake.js';
import { deletePrefix, TEST_REDIS_URL, uniquePrefix } from '../../helpers/redis.js';
import { testImage } from '../../helpers/test-image.js';
import { metaDraft, metaPublisher } from '../graph/meta-harness.js';
import { startCardServer, startSiteServer, type TinyServer } from '../graph/meta-helpers.js';

let fake: GraphFake;
let site: TinyServer;
let photo: string;
let withdrawImageHost: () => void;
beforeAll(async () => {
  site = await startSiteServer({ '/photo.jpg': ['image/jpeg', await testImage(1080, 1080)] });
  photo = `${site.url}/photo.jpg`;
  // The article images are on 127.0.0.1: only the test runner can let the safe fetch reach them.
  withdrawImageHost = allowPrivateOriginForTests(site.url);
});
afterAll(() => {
  withdrawImageHost();
  return site.stop();
});
beforeEach(async () => {
  fake = await new GraphFake().start();
});
afterEach(() => fake.stop());

const ig = (opts: Parameters<typeof metaPublisher>[2] = {}) => metaPublisher('instagram', fake, opts);
const calls = (route: string) => fake.http.requests.filter((r) => `${r.method} ${r.path}` === route).length;
const PUBLISH = 'POST /v23.0/5678/media_publish';
const CREATE = 'POST /v23.0/5678/media';

describe('instagram publisher: container flow', () => {
  it('creates a container with image_url, caption and alt_text, checkpoints it, publishes, reads the permalink', async () => {
    const checkpoint = memoryStore();
    const receipt = await ig().publish(metaDraft({ imageUrl: photo }), testPublishContext({ checkpoint }));
    const [container] = [...fake.containers.values()];
    expect(container?.fields.get('image_url')).toBe(photo);
    expect(container?.fields.get('caption')).toBe(metaDraft().text);
    expect(container?.fields.get('alt_text')).toBe(metaDraft().title);
    expect(fake.imageFetches).toEqual([expect.objectContaining({ url: photo, validJpeg: true, width: 1080, height: 1080 })]);
    expect(checkpoint.values.get('containerId')).toBe(container?.id);
    expect(checkpoint.values.get('mediaId')).toBe(receipt.remoteId);
    expect(receipt).toMatchObject({ confirmed: true, remoteUrl: `https://www.instagram.com/p/${receipt.remoteId}` });
  });

  it('polls IN_PROGRESS until FINISHED, then publishes once', async () => {
    fake.script('IN_PROGRESS', 'IN_PROGRESS', 'IN_PROGRESS', 'FINISHED');
    await ig().publish(metaDraft({ imageUrl: photo }), testPublishContext());
    expect([...fake.containers.values()][0]?.polls).toBe(4);
    expect(fake.publishedBy('instagram')).toHaveLength(1);
  });

  it('still IN_PROGRESS after maxPolls → retryable; the next attempt resumes the same container', async () => {
    fake.script('IN_PROGRESS', 'IN_PROGRESS', 'IN_PROGRESS', 'FINISHED');
    const checkpoint = memoryStore();
    const p = ig({ options: { maxPolls: 2 } });
    await expect(p.publish(metaDraft({ imageUrl: photo }), testPublishContext({ checkpoint }))).rejects.toBeInstanceOf(RetryableError);
    await p.publish(metaDraft({ imageUrl: photo }), testPublishContext({ checkpoint, attempt: 2 }));
    expect(fake.containers.size).toBe(1);
    expect(fake.publishedBy('instagram')).toHaveLength(1);
  });

  it('EXPIRED → a new container in the same attempt', async () => {
    fake.script('EXPIRED');
    await ig().publish(metaDraft({ imageUrl: photo }), testPublishContext());
    expect(fake.containers.size).toBe(2);
    expect(fake.publishedBy('instagram')).toHaveLength(1);
  });

  it('ERROR 2207020 → retryable, and the retry uses a NEW container', async () => {
    fake.script('IN_PROGRESS', 'ERROR:2207020');
    const checkpoint = memoryStore();
    await expect(ig().publish(metaDraft({ imageUrl: photo }), testPublishContext({ checkpoint }))).rejects.toBeInstanceOf(RetryableError);
    expect(checkpoint.values.get('containerId')).toBe('');
    await ig().publish(metaDraft({ imageUrl: photo }), testPublishContext({ checkpoint, attempt: 2 }));
    expect(fake.containers.size).toBe(2);
    expect(fake.publishedBy('instagram')).toHaveLength(1);
  });

  it.each([
    ['2207009 aspect ratio', 'ERROR:2207009'],
    ['2207004 too large', 'ERROR:2207004'],
    ['2207010 caption too long', 'ERROR:2207010'],
  ])('ERROR %s → permanent', async (_n, status) => {
    fake.script(status);
    await expect(ig().publish(metaDraft({ imageUrl: photo }), testPublishContext())).rejects.toBeInstanceOf(PermanentError);
    expect(fake.publishedBy('instagram')).toHaveLength(0);
  });

  it.each([
    ['2207001', -1, 2207001],
    ['2207003', -2, 2207003],
    ['2207032', -1, 2207032],
    ['2207053', -1, 2207053],
  ])('container creation %s → retryable', async (_n, code, sub) => {
    fake.fault(ROUTES.igCreate, graphError(code, sub));
    await expect(ig().publish(metaDraft({ imageUrl: photo }), testPublishContext())).rejects.toBeInstanceOf(RetryableError);
  });

  it('media_publish 2207020 → the checkpointed container is dropped, the retry makes a new one', async () => {
    fake.fault(ROUTES.igPublish, graphError(-2, 2207020));
    const checkpoint = memoryStore();
    await expect(ig().publish(metaDraft({ imageUrl: photo }), testPublishContext({ checkpoint }))).rejects.toBeInstanceOf(RetryableError);
    await ig().publish(metaDraft({ imageUrl: photo }), testPublishContext({ checkpoint }));
    expect(fake.containers.size).toBe(2);
    expect(fake.publishedBy('instagram')).toHaveLength(1);
  });
});

describe('instagram publisher: idempotency', () => {
  it('publish answer lost after the post was made → unknown outcome; the retry finds PUBLISHED and does not post again', async () => {
    fake.fault(ROUTES.igPublish, { kind: 'drop-after' });
    const checkpoint = memoryStore();
    const p = ig();
    await expect(p.publish(metaDraft({ imageUrl: photo }), testPublishContext({ checkpoint }))).rejects.toBeInstanceOf(UnknownOutcomeError);
    expect(fake.publishedBy('instagram')).toHaveLength(1);
    const receipt = await p.publish(metaDraft({ imageUrl: photo }), testPublishContext({ checkpoint, attempt: 2, afterUnknownOutcome: true }));
    expect(fake.publishedBy('instagram')).toHaveLength(1);
    expect(calls(PUBLISH)).toBe(1);
    expect(calls(CREATE)).toBe(1);
    expect(receipt).toMatchObject({ confirmed: true, remoteId: fake.publishedBy('instagram')[0]?.id });
    expect(receipt.note).toMatch(/already published/);
  });

  it('publish delayed beyond the client timeout → same recovery', async () => {
    fake.fault(ROUTES.igPublish, { kind: 'delay', ms: 800 });
    const checkpoint = memoryStore();
    const p = ig({ options: { requestTimeoutMs: 300 } });
    await expect(p.publish(metaDraft({ imageUrl: photo }), testPublishContext({ checkpoint }))).rejects.toBeInstanceOf(UnknownOutcomeError);
    await fake.http.settled(); // the fake finishes the post after we gave up
    const receipt = await p.publish(metaDraft({ imageUrl: photo }), testPublishContext({ checkpoint, afterUnknownOutcome: true }));
    expect(fake.publishedBy('instagram')).toHaveLength(1);
    expect(receipt.confirmed).toBe(true);
  });

  it('a checkpointed media id (crash after publishing) returns at once without calling the API', async () => {
    const checkpoint = memoryStore();
    await checkpoint.set('mediaId', 'igm42');
    const receipt = await ig().publish(metaDraft({ imageUrl: photo }), testPublishContext({ checkpoint }));
    expect(receipt.remoteId).toBe('igm42');
    expect(calls(PUBLISH) + calls(CREATE)).toBe(0);
  });
});

describe('instagram publisher: publishing quota', () => {
  it('holds the channel when content_publishing_limit is used up, until our oldest post leaves the window', async () => {
    fake.quota = { usage: 50, total: 50, durationS: 86_400 };
    const channelState = memoryStore();
    const oldest = Date.now() - 20 * 3600_000;
    await channelState.set('publishTimesMs', JSON.stringify([oldest, Date.now() - 3600_000]));
    const err = (await ig().publish(metaDraft({ imageUrl: photo }), testPublishContext({ channelState })).catch((e: unknown) => e)) as RateLimitedError;
    expect(err).toBeInstanceOf(RateLimitedError);
    expect(err.scope).toBe('channel');
    expect(err.untilMs).toBe(oldest + 86_400_000);
    expect(fake.containers.size).toBe(0);
  });

  it('records each publish, and a 9/2207042 from media_publish also holds the channel', async () => {
    const channelState = memoryStore();
    await ig().publish(metaDraft({ imageUrl: photo }), testPublishContext({ channelState }));
    expect(JSON.parse(channelState.values.get('publishTimesMs') ?? '[]')).toHaveLength(1);
    fake.fault(ROUTES.igPublish, graphError(9, 2207042));
    const err = await ig().publish(metaDraft({ imageUrl: photo }), testPublishContext()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitedError);
  });
});

describe('instagram publisher: generated card served by Crier', () => {
  const prefix = uniquePrefix('igcard');
  let redis: Redis;
  let cards: TinyServer;
  beforeAll(async () => {
    redis = new Redis(TEST_REDIS_URL);
    cards = await startCardServer(redis, prefix);
  });
  afterAll(async () => {
    await cards.stop();
    redis.disconnect();
    await deletePrefix(prefix);
  });

  it('an article with no image gets a 1080×1350 card that Meta fetches from publicBaseUrl', async () => {
    const channelState = createChannelControl(redis, { prefix, timeZone: 'UTC' }).state('instagram');
    const receipt = await ig({ publicBaseUrl: cards.url }).publish(metaDraft({ url: `${site.url}/no-such-article` }), testPublishContext({ channelState }));
    const [container] = [...fake.containers.values()];
    expect(container?.fields.get('image_url')).toMatch(new RegExp(`^${cards.url}/media/cards/instagram-[0-9a-f]{32}\\.jpg$`));
    expect(fake.imageFetches).toEqual([expect.objectContaining({ status: 200, validJpeg: true, width: 1080, height: 1350 })]);
    expect(fake.imageFetches[0]?.misfit).toBeUndefined();
    expect(receipt.note).toMatch(/generated headline card/);
  });

  it('without publicBaseUrl and without an image, the post fails permanently with the reason', async () => {
    const err = (await ig().publish(metaDraft({ url: `${site.url}/none` }), testPublishContext()).catch((e: unknown) => e)) as PermanentError;
    expect(err).toBeInstanceOf(PermanentError);
    expect(err.message).toMatch(/publicBaseUrl/);
  });
});
