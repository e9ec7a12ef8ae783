import { Redis, type RedisOptions } from 'ioredis';

/**
 * Workers need `maxRetriesPerRequest: null` (BullMQ blocks on Redis and must wait out an outage);
 * producers and CLI commands should fail fast instead (`enableOfflineQueue: false`).
 */
export function createRedis(url: string, role: 'worker' | 'producer', extra: RedisOptions = {}): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: role === 'worker' ? null : 2,
    enableOfflineQueue: role === 'worker',
    lazyConnect: false,
    connectionName: `crier-${role}`,
    ...extra,
  });
}

// pingRedis lives in src/shared (the embedded redis-server needs it, and shared imports nothing of ours).
export { pingRedis } from '../shared/redis-ping.js';
