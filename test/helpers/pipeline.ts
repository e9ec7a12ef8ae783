import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { parseConfig, type Config } from '../../src/config/load-config.js';
import { networkRegistry } from '../../src/publishers/registry.js';
import { startRoles, type Role, type Running } from '../../workers/runtime.js';
import { deletePrefix, TEST_REDIS_URL, uniquePrefix } from './redis.js';

export interface TestCrier {
  config: Config;
  running: Running;
  prefix: string;
  outboxDir: string;
  /** Polls `check` every 50 ms until it returns true; fails with `what` after `timeoutMs`. */
  waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Runs a real Crier (poller + workers, real Redis, unique prefix) on an inline config.
 * `raw` is the YAML-equivalent object; redis.prefix and outbox.dir are filled in.
 */
export async function startTestCrier(raw: Record<string, unknown>, opts: { env?: Record<string, string>; roles?: Role[]; logLevel?: string } = {}): Promise<TestCrier> {
  const prefix = uniquePrefix();
  const outboxDir = await mkdtemp(path.join(tmpdir(), 'crier-outbox-'));
  const config = parseConfig(
    {
      ...raw,
      redis: { prefix, autoStart: false, ...(raw.redis as object | undefined) },
      outbox: { dir: outboxDir },
      workers: { backoffMs: 50, shutdownGraceMs: 2_000, ...(raw.workers as object | undefined) },
    },
    { env: { REDIS_URL: TEST_REDIS_URL, ...opts.env }, networks: networkRegistry },
  );
  const log = pino({ level: opts.logLevel ?? process.env.TEST_LOG_LEVEL ?? 'silent' });
  const running = await startRoles(config, log, opts.roles ?? ['poller', 'worker']);
  return {
    config,
    running,
    prefix,
    outboxDir,
    async waitFor(what, check, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (await check()) return;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`);
    },
    async stop() {
      await running.stop();
      await deletePrefix(prefix);
      await rm(outboxDir, { recursive: true, force: true });
    },
  };
}
