import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { closeRedis } from '../../src/shared/redis-close.js';
import { createLogger } from '../../src/shared/logger.js';
import { watchRedisOutage } from '../../src/shared/redis-outage.js';
import { captureLog } from '../helpers/log-capture.js';
import { deletePrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.js';
import { freePort } from '../helpers/redis-procs.js';

const prefix = uniquePrefix('redis-close');
afterEach(() => deletePrefix(prefix));

/** Shutdown must not turn a command in flight into an unhandled "Connection is closed." (CI saw one in `crier web`). */
describe('closeRedis (real Redis)', () => {
  it('lets a command already sent get its answer before the connection ends', async () => {
    const redis = new Redis(TEST_REDIS_URL);
    const pusher = new Redis(TEST_REDIS_URL);
    try {
      await redis.ping();
      const key = `${prefix}:list`;
      // A command still waiting on the server when the shutdown starts (written at once: the connection is ready).
      const inFlight = redis.blpop(key, 10);
      const closing = closeRedis(redis, 30_000);
      await pusher.lpush(key, 'story-1');
      await expect(inFlight).resolves.toEqual([key, 'story-1']);
      await closing;
      expect(redis.status).toBe('end');
    } finally {
      pusher.disconnect();
      redis.disconnect();
    }
  });

  it('a connection that is not up is dropped at once instead of waiting in the offline queue', async () => {
    const redis = new Redis({ port: await freePort(), host: '127.0.0.1', retryStrategy: () => 50 });
    redis.on('error', () => undefined);
    await closeRedis(redis, 60_000);
    // Returned well inside the 60 s grace (the test's own timeout is 30 s); no attempt is left scheduled.
    expect(['end', 'reconnecting']).toContain(redis.status);
  });

  it('during an outage (between reconnection attempts) it returns instead of waiting for an end that never comes', async () => {
    const redis = new Redis({ port: await freePort(), host: '127.0.0.1', retryStrategy: () => 60_000 });
    redis.on('error', () => undefined);
    await new Promise<void>((r) => redis.once('reconnecting', () => r()));
    const returned = await closeRedis(redis, 60_000).then(() => 'returned');
    expect(returned).toBe('returned');
  });

  it('a command cut short by our own close is not reported as an outage', async () => {
    const out = captureLog();
    const log = createLogger({ destination: out.stream, level: 'debug' });
    const redis = new Redis(TEST_REDIS_URL);
    await redis.ping();
    const outage = watchRedisOutage(redis, log);
    await closeRedis(redis);
    outage.report(new Error('Connection is closed.'), 'queue depth sample failed');
    expect(outage.down).toBe(false);
    expect(out.text()).not.toContain('Redis unreachable');
    expect(out.text()).toContain('queue depth sample failed');
  });
});
