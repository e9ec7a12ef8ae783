import { Redis } from 'ioredis';
import { TEST_REDIS_URL } from './redis.js';

/** Integration tests talk to a real Redis; say so plainly when there is none instead of 100 timeouts. */
export default async function setup(): Promise<void> {
  const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 2_000 });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    throw new Error(`Tests need Redis at ${TEST_REDIS_URL} (${(err as Error).message}). Start one (redis-server) or set REDIS_URL; .ci/run does this for you.`, { cause: err });
  } finally {
    redis.disconnect();
  }
}
