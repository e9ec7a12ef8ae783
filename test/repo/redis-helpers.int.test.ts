/**
 * The test Redis is shared with other data (issue #11): the helpers that find and clean a test's
 * keys must SCAN to the end and see only that test's prefix, however many other keys there are.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deletePrefix, prefixPattern, scanKeys, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.js';

const noise = uniquePrefix('noise');
const ours = uniquePrefix('ours');
const NOISE_KEYS = 5_000;
let redis: Redis;

beforeAll(async () => {
  redis = new Redis(TEST_REDIS_URL);
  const batch = redis.pipeline();
  for (let i = 0; i < NOISE_KEYS; i += 1) batch.set(`${noise}k:${i}`, 'x', 'EX', 600);
  for (const name of ['card:a', 'card:b', 'state']) batch.set(`${ours}${name}`, 'x', 'EX', 600);
  await batch.exec();
});
afterAll(async () => {
  await deletePrefix(noise);
  await deletePrefix(ours);
  redis.disconnect();
});

describe('test Redis helpers on a server full of other keys', () => {
  it('a single SCAN call is not the answer: it returns a slice of the keyspace', async () => {
    const [cursor] = await redis.scan('0', 'MATCH', prefixPattern(noise), 'COUNT', 100);
    expect(cursor).not.toBe('0');
  });

  it('scanKeys finds every key under a prefix and nothing else', async () => {
    expect((await scanKeys(redis, prefixPattern(ours))).sort()).toEqual([`${ours}card:a`, `${ours}card:b`, `${ours}state`]);
    expect(await scanKeys(redis, prefixPattern(ours, 'card:*'))).toHaveLength(2);
    expect(await scanKeys(redis, prefixPattern(noise))).toHaveLength(NOISE_KEYS);
  });

  it('prefixPattern matches glob characters in a prefix literally', async () => {
    const base = uniquePrefix('glob');
    const odd = `${base}[*?]`;
    await redis.set(`${odd}k`, 'x', 'EX', 600);
    await redis.set(`${base}*k`, 'x', 'EX', 600); // matched too if [*?] were read as a class
    try {
      expect(await scanKeys(redis, prefixPattern(odd))).toEqual([`${odd}k`]);
      expect(await scanKeys(redis, `${odd}*`)).toContain(`${base}*k`); // the unescaped pattern would
    } finally {
      await deletePrefix(base);
    }
  });

  it('deletePrefix removes every key under the prefix and leaves the others', async () => {
    const mine = uniquePrefix('delete');
    const batch = redis.pipeline();
    for (let i = 0; i < 2_500; i += 1) batch.set(`${mine}${i}`, 'x', 'EX', 600);
    await batch.exec();
    expect(await deletePrefix(mine)).toBe(2_500);
    expect(await scanKeys(redis, prefixPattern(mine))).toEqual([]);
    expect(await scanKeys(redis, prefixPattern(ours))).toHaveLength(3);
  });
});
