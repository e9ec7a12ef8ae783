import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A unique key prefix per test (a hash tag, like production's `{crier}`), so suites can run in parallel. */
export function uniquePrefix(label = 'test'): string {
  return `{crier-${label}-${randomUUID().slice(0, 8)}}`;
}

/** A SCAN pattern matching every key under a prefix (glob characters in the prefix matched literally). */
export function prefixPattern(prefix: string, rest = '*'): string {
  return `${prefix.replace(/[*?[\]\\]/g, '\\$&')}${rest}`;
}

/**
 * Every key matching a pattern, SCANning to the end: one SCAN call returns an arbitrary slice of
 * the keyspace (often none of ours when the server holds other data), never "all matches".
 */
export async function scanKeys(redis: Redis, pattern: string): Promise<string[]> {
  const found = new Set<string>(); // SCAN may return a key more than once
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    for (const key of keys) found.add(key);
  } while (cursor !== '0');
  return [...found];
}

/** Deletes every key under a prefix (SCAN, never KEYS on a shared server). */
export async function deletePrefix(prefix: string, url = TEST_REDIS_URL): Promise<number> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    const keys = await scanKeys(redis, prefixPattern(prefix));
    let deleted = 0;
    for (let i = 0; i < keys.length; i += 1000) deleted += await redis.del(...keys.slice(i, i + 1000));
    return deleted;
  } finally {
    redis.disconnect();
  }
}
