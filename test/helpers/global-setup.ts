import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureRedis } from '../../src/shared/redis-server.js';
import { TEST_REDIS_URL } from './redis.js';

/**
 * Integration tests talk to a real Redis. Like `npm start`, `npm test` starts a throwaway
 * `redis-server` when nothing answers at a local REDIS_URL, and says what to install otherwise.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'crier-test-redis-'));
  try {
    const redis = await ensureRedis(TEST_REDIS_URL, { autoStart: true, dataDir });
    return async () => {
      await redis.stop();
      rmSync(dataDir, { recursive: true, force: true });
    };
  } catch (err) {
    rmSync(dataDir, { recursive: true, force: true });
    throw new Error(`Tests need Redis at ${TEST_REDIS_URL}: ${(err as Error).message}`, { cause: err });
  }
}
