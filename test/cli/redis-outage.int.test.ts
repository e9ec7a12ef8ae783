import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { freePort, spawnCrier, startRedisServer } from './cli-helpers.js';

/** Waits until a client of the test's own has tried (and failed) to reconnect `times` times: the outage has lasted a while. */
async function reconnectAttempts(url: string, times: number): Promise<void> {
  const probe = new Redis(url, { maxRetriesPerRequest: null, retryStrategy: () => 200 });
  probe.on('error', () => undefined);
  let n = 0;
  await new Promise<void>((resolve) => probe.on('reconnecting', () => ++n >= times && resolve()));
  probe.disconnect();
}

describe('a Redis outage is two log lines (real CLI, real redis-server killed and restarted)', { timeout: 180_000 }, () => {
  it('`crier start` logs "Redis unreachable since …" once and "Redis back after N s" once, and nothing per retry', async () => {
    const port = await freePort();
    const redisDir = mkdtempSync(path.join(tmpdir(), 'crier-outage-redis-'));
    const dir = mkdtempSync(path.join(tmpdir(), 'crier-outage-'));
    const config = path.join(dir, 'crier.yaml');
    writeFileSync(
      config,
      `redis: { autoStart: false }\nweb: { port: 0 }\noutbox: { dir: ${JSON.stringify(path.join(dir, 'outbox'))} }\n` +
        `feeds:\n  - { id: desk, url: ${JSON.stringify(path.resolve('config/sample-feed.xml'))}, intervalSeconds: 3600 }\nnetworks:\n  x: {}\n  facebook: {}\n`,
    );
    // A durable Redis (AOF): it comes back with its data, so the outage is the only incident. A Redis
    // that comes back empty is data loss, logged at error level by the reconciler (test/reconcile).
    let redis = await startRedisServer(port, redisDir, { durable: true });
    const crier = spawnCrier(['start', '--config', config], { REDIS_URL: redis.url, LOG_LEVEL: 'info', LOG_FORMAT: 'json' });
    try {
      await crier.waitFor('"msg":"crier running');
      // Idle when Redis goes: a job cut off mid-way would add its own (legitimate) lost-lock warning.
      await crier.waitFor('"msg":"feed polled"');
      await redis.stop();
      await crier.waitFor('Redis unreachable since');
      // Let the outage last: BullMQ workers, queues and the command connection all retry meanwhile.
      await reconnectAttempts(redis.url, 15);
      redis = await startRedisServer(port, redisDir, { durable: true });
      await crier.waitFor(/Redis back after \d+ s/);
      const lines = crier.output().split('\n').filter(Boolean);
      expect(lines.filter((l) => l.includes('Redis unreachable since'))).toHaveLength(1);
      expect(lines.filter((l) => /Redis back after \d+ s/.test(l))).toHaveLength(1);
      expect(lines.filter((l) => /"level":(40|50)/.test(l) && !/Redis (unreachable|back)|AOF|maxmemory|CRIER_SESSION_SECRET|web\.users/.test(l))).toEqual([]);
      expect(crier.output()).not.toMatch(/redis connection error|queue error|worker error/);
    } finally {
      await crier.stop();
      await redis.stop();
    }
  });
});
