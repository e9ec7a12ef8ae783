import { openRedis, type RedisTarget } from './redis-target.js';

/** One quick round trip; used by `crier check`, start-up and readiness. Sentinel and Cluster included. */
export async function pingRedis(target: RedisTarget | string, timeoutMs = 1_500): Promise<{ ok: true } | { ok: false; error: string }> {
  const redis = openRedis(target, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    connectTimeout: timeoutMs,
    retryStrategy: () => null,
    clusterRetryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
    return { ok: true };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  } finally {
    redis.disconnect();
  }
}
