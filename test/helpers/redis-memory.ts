import type { Redis } from 'ioredis';
import { prefixPattern, scanKeys } from './redis.js';

/** What the keys under one prefix cost in Redis: MEMORY USAGE of each (SCAN to the end), summed. */
export interface PrefixMemory {
  keys: number;
  bytes: number;
  /** Bytes per key family (the key with the prefix and ids replaced by `*`), largest first. */
  byKind: Record<string, number>;
}

/** Ids inside a key name (article keys, post ids, job ids) folded to `*` so families add up. */
function kindOf(key: string, prefix: string): string {
  return key
    .slice(prefix.length)
    .split(':')
    .map((part) => (/\d/.test(part) && part.length > 6 ? '*' : part))
    .join(':');
}

export async function prefixMemory(redis: Redis, prefix: string): Promise<PrefixMemory> {
  const keys = await scanKeys(redis, prefixPattern(prefix));
  const byKind = new Map<string, number>();
  let bytes = 0;
  for (let i = 0; i < keys.length; i += 500) {
    const slice = keys.slice(i, i + 500);
    // SAMPLES 0: every element of an aggregate counted, not an estimate from a sample.
    const res = (await redis.pipeline(slice.map((k) => ['memory', 'usage', k, 'SAMPLES', '0'])).exec()) ?? [];
    slice.forEach((key, j) => {
      const n = Number(res[j]?.[1] ?? 0);
      bytes += n;
      const kind = kindOf(key, prefix);
      byKind.set(kind, (byKind.get(kind) ?? 0) + n);
    });
  }
  return { keys: keys.length, bytes, byKind: Object.fromEntries([...byKind].sort((a, b) => b[1] - a[1])) };
}
