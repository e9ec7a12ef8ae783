import type { Redis, RedisOptions } from 'ioredis';
import { openRedis, type RedisTarget } from '../shared/redis-target.js';

/**
 * Every connection of the pipeline, desk and CLI is made here, on whatever topology the config
 * names (REDIS_URL, Sentinel or Cluster; see src/shared/redis-target.ts and docs/redis.md).
 * Workers need `maxRetriesPerRequest: null` (BullMQ blocks on Redis and must wait out an outage or
 * a failover); producers and CLI commands should fail fast instead (`enableOfflineQueue: false`).
 */
export function createRedis(target: RedisTarget | string, role: 'worker' | 'producer', extra: RedisOptions = {}): Redis {
  return openRedis(target, {
    maxRetriesPerRequest: role === 'worker' ? null : 2,
    enableOfflineQueue: role === 'worker',
    lazyConnect: false,
    connectionName: `crier-${role}`,
    ...extra,
  });
}

// pingRedis lives in src/shared (the embedded redis-server needs it, and shared imports nothing of ours).
export { pingRedis } from '../shared/redis-ping.js';
export { describeRedisTarget, isCluster, type RedisTarget } from '../shared/redis-target.js';
