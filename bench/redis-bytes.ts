/**
 * What a retained story costs in Redis (#18), for `npm run bench`: MEMORY USAGE of every key
 * under the bench's own prefix (SCAN to the end), before the stories and after they settled.
 */
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { ledgerKeys } from '../src/ledger/keys.js';
import { prefixMemory } from '../test/helpers/redis-memory.js';

export interface RedisBaseline {
  bytes: number;
  usedMemory: number;
}

export interface StoryBytes {
  /** Per story, once its posts settled and BullMQ's keep window for finished jobs is over (the target: ≤ 2,048). */
  redisBytesPerStory: number;
  /** Per story while the finished jobs are still kept (BullMQ removes them by age and count). */
  redisBytesPerStoryWithJobs: number;
  /** The capped event streams (the ledger's and BullMQ's): fixed-size rings, not per retained story, left out above. */
  cappedStreamsBytes: number;
  /** INFO used_memory after minus before, per story: the whole server (others' data too), streams and all. */
  usedMemoryDeltaPerStory: number;
}

async function usedMemory(redis: Redis): Promise<number> {
  return Number(/used_memory:(\d+)/.exec(await redis.info('memory'))?.[1] ?? NaN);
}

export async function redisBaseline(redis: Redis, prefix: string): Promise<RedisBaseline> {
  return { bytes: (await prefixMemory(redis, prefix)).bytes, usedMemory: await usedMemory(redis) };
}

/** Waits until every story was compacted (its post set is gone), then measures. */
export async function storyBytes(redis: Redis, prefix: string, baseline: RedisBaseline, articleKeys: string[], queues: Queue[]): Promise<StoryBytes> {
  const keys = ledgerKeys(prefix);
  for (;;) {
    const sets = (await redis.pipeline(articleKeys.map((k) => ['exists', keys.articlePosts(k)])).exec()) ?? [];
    if (sets.every(([, n]) => Number(n) === 0)) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const n = articleKeys.length;
  const withJobs = await prefixMemory(redis, prefix);
  // What BullMQ's removeOnComplete does once a finished job is older than the keep window.
  for (const q of queues) await q.clean(0, 1_000_000, 'completed');
  const after = await prefixMemory(redis, prefix);
  const streams = Object.entries(after.byKind).filter(([kind]) => kind.endsWith(':events')).reduce((sum, [, b]) => sum + b, 0);
  const streamsWithJobs = Object.entries(withJobs.byKind).filter(([kind]) => kind.endsWith(':events')).reduce((sum, [, b]) => sum + b, 0);
  return {
    redisBytesPerStory: Math.round((after.bytes - streams - baseline.bytes) / n),
    redisBytesPerStoryWithJobs: Math.round((withJobs.bytes - streamsWithJobs - baseline.bytes) / n),
    cappedStreamsBytes: streams,
    usedMemoryDeltaPerStory: Math.round(((await usedMemory(redis)) - baseline.usedMemory) / n),
  };
}
