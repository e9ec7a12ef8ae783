import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedisMarker } from '../../src/reconcile/redis-marker.js';
import { deletePrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.js';

const redis = new Redis(TEST_REDIS_URL);
const prefix = uniquePrefix('marker');
afterAll(async () => {
  await deletePrefix(prefix);
  redis.disconnect();
});

describe('the Redis data marker', () => {
  it('is shared by every process of a data set; its loss is seen once, the others adopt the new one', async () => {
    const a = createRedisMarker(redis, prefix);
    const b = createRedisMarker(redis, prefix);
    const known = await a.adopt();
    expect(await b.adopt()).toEqual(known);
    expect(await a.check(known)).toEqual({ status: 'intact' });

    // What a restart without persistence leaves: no marker (one key stands for all of them).
    await redis.del(a.keys.marker);
    const lost = await a.check(known);
    expect(lost.status).toBe('lost');
    if (lost.status !== 'lost') return;
    expect(lost.marker.id).not.toBe(known.id);
    // Process b, still on the old marker, learns another process dealt with it: no second alarm.
    expect(await b.check(known)).toEqual({ status: 'replaced', marker: lost.marker });
    expect(await b.check(lost.marker)).toEqual({ status: 'intact' });
  });

  it('a marker written by a process that started on the emptied Redis still reveals the loss', async () => {
    const running = createRedisMarker(redis, prefix);
    const known = await running.adopt();
    await redis.del(running.keys.marker);
    const newcomer = await createRedisMarker(redis, prefix).adopt();
    expect(newcomer.id).not.toBe(known.id);
    const seen = await running.check(known);
    expect(seen.status).toBe('lost');
    if (seen.status === 'lost') expect(await running.check(seen.marker)).toEqual({ status: 'intact' });
  });

  it('lets one holder reconcile at a time and only the holder unlock', async () => {
    const m = createRedisMarker(redis, prefix);
    const token = await m.lock(5_000);
    expect(token).toBeDefined();
    expect(await m.lock(5_000)).toBeUndefined();
    await m.unlock('not-the-holder');
    expect(await m.lock(5_000)).toBeUndefined();
    await m.unlock(token ?? '');
    const next = await m.lock(5_000);
    expect(next).toBeDefined();
    await m.unlock(next ?? '');
  });

  it('keeps a heartbeat only as long as asked', async () => {
    const m = createRedisMarker(redis, prefix);
    expect(await m.lastBeat()).toBeNull();
    await m.beat(60_000);
    expect(Date.parse((await m.lastBeat()) ?? '')).toBeGreaterThan(Date.now() - 5_000);
    expect(await redis.pttl(m.keys.heartbeat)).toBeGreaterThan(50_000);
  });
});
