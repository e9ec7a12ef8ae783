import { Redis } from 'ioredis';

/** One quick round trip; used by `crier check`, start-up and readiness. */
export async function pingRedis(url: string, timeoutMs = 1_500): Promise<{ ok: true } | { ok: false; error: string }> {
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    connectTimeout: timeoutMs,
    retryStrategy: () => null,
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
