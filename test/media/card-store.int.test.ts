import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChannelControl } from '../../src/ledger/channel-control.js';
import { CARD_TTL_SECONDS, cardUrl, parseCardId, putCard, serveCard } from '../../src/media/card-store.js';
import { renderCard } from '../../src/media/card-render.js';
import { jpegInfo } from '../../src/media/image-info.js';
import { deletePrefix, prefixPattern, scanKeys, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.js';
import { startCardServer } from '../publishers/graph/meta-helpers.js';

const prefix = uniquePrefix('cards');
let redis: Redis;

beforeAll(() => {
  redis = new Redis(TEST_REDIS_URL);
});
afterAll(async () => {
  redis.disconnect();
  await deletePrefix(prefix);
});

describe('card store', () => {
  it('stores a card in the channel state (48 h TTL) and serves the same bytes by id over HTTP', async () => {
    const state = createChannelControl(redis, { prefix, timeZone: 'UTC' }).state('instagram-urdu');
    const jpeg = await renderCard({ headline: 'A headline', publicationName: 'Desk' });
    const id = await putCard(state, 'instagram-urdu', jpeg);
    expect(parseCardId(id)).toEqual({ channel: 'instagram-urdu', hash: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(await putCard(state, 'instagram-urdu', jpeg)).toBe(id); // content-addressed

    const direct = await serveCard((channel) => createChannelControl(redis, { prefix }).state(channel), `${id}.jpg`);
    expect(direct.status).toBe(200);
    expect(direct.contentType).toBe('image/jpeg');
    expect(Buffer.compare(direct.body, jpeg)).toBe(0);
    // The server may hold any amount of other data: SCAN to the end, under our prefix only.
    const keys = await scanKeys(redis, prefixPattern(prefix, '*card:*'));
    expect(keys).toHaveLength(1);
    const ttl = await redis.ttl(keys[0] ?? '');
    expect(ttl).toBeGreaterThan(CARD_TTL_SECONDS - 60);

    const server = await startCardServer(redis, prefix);
    try {
      const url = cardUrl(`${server.url}/`, id);
      expect(url).toBe(`${server.url}/media/cards/${id}.jpg`);
      const res = await fetch(url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/jpeg');
      expect(jpegInfo(new Uint8Array(await res.arrayBuffer()))).toEqual({ width: 1080, height: 1350 });
    } finally {
      await server.stop();
    }
  });

  it('answers 404 for unknown, malformed or path-traversal ids', async () => {
    for (const id of ['instagram-0123456789abcdef0123456789abcdef', '../../etc/passwd', 'x', 'Instagram-0123456789abcdef0123456789abcdef']) {
      const r = await serveCard((channel) => createChannelControl(redis, { prefix }).state(channel), id);
      expect(r.status).toBe(404);
    }
  });
});
