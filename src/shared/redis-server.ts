import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { pingRedis } from './redis-ping.js';
import { describeRedisTarget, openRedis, redactUrl, type RedisTarget } from './redis-target.js';
import { isLoopbackHost } from './loopback.js';
import { claimDataDir, liveServerPid, readMarker, writeMarker } from './redis-data-dir.js';

export const REDIS_INSTALL_HINT =
  'Install Redis 7+ (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis), ' +
  'or run one with `docker compose up -d redis`, or point REDIS_URL at a running server.';

export class RedisUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RedisUnavailableError';
  }
}

export interface EmbeddedRedis {
  url: string;
  started: boolean;
  stop(): Promise<void>;
}

function isLocal(url: URL): boolean {
  return isLoopbackHost(url.hostname);
}

/**
 * `npm start` should just work on a laptop: if nothing answers at a local REDIS_URL, start
 * `redis-server` as a child with AOF on and noeviction (BullMQ's production settings), data
 * under `dataDir`, and stop it when Crier exits. Only ever on a data directory Crier owns (see
 * redis-data-dir.ts): an empty Redis standing in for the usual one would post old stories again.
 */
export async function ensureRedis(target: RedisTarget | string, opts: { autoStart: boolean; dataDir: string; waitMs?: number }): Promise<EmbeddedRedis> {
  if (typeof target !== 'string' && target.kind !== 'url') return ensureRemote(target);
  const redisUrl = typeof target === 'string' ? target : target.url;
  const first = await pingRedis(target);
  const url = new URL(redisUrl);
  const dir = path.resolve(opts.dataDir);
  if (first.ok) {
    if (opts.autoStart && isLocal(url)) await rememberExternal(redisUrl, dir);
    return { url: redisUrl, started: false, stop: async () => undefined };
  }
  if (!opts.autoStart || !isLocal(url)) {
    throw new RedisUnavailableError(`Redis is not reachable at ${redactUrl(redisUrl)} (${first.error}). ${REDIS_INSTALL_HINT}`);
  }
  const port = url.port || '6379';
  const claim = claimDataDir(dir, port);
  if (!claim.ok) throw new RedisUnavailableError(`Redis is not reachable at ${redactUrl(redisUrl)} (${first.error}), and Crier will not start its own: ${claim.reason}`);
  const child = await spawnRedis(redisUrl, ['--port', port, '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'everysec', '--maxmemory-policy', 'noeviction', '--save', '']);
  const deadline = Date.now() + (opts.waitMs ?? 10_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    if ((await pingRedis(redisUrl, 500)).ok) {
      writeMarker(dir, { ...readMarker(dir), mode: 'embedded', port, ...(child.pid ? { pid: child.pid } : {}) });
      return {
        url: redisUrl,
        started: true,
        stop: () =>
          new Promise<void>((resolve) => {
            const done = () => {
              const { pid: _pid, ...rest } = readMarker(dir) ?? { mode: 'embedded' as const };
              tryWrite(() => writeMarker(dir, rest));
              resolve();
            };
            if (child.exitCode !== null) return done();
            child.once('exit', done);
            child.kill('SIGTERM');
          }),
      };
    }
    await delay(100);
  }
  child.kill('SIGKILL');
  throw new RedisUnavailableError(`started redis-server on port ${port} but it did not answer (exit code ${child.exitCode ?? 'none'}). ${REDIS_INSTALL_HINT}`);
}

/** Sentinel and Cluster are run by ops: never start a redis-server in their place, only check one answers. */
async function ensureRemote(target: RedisTarget): Promise<EmbeddedRedis> {
  const ping = await pingRedis(target, 5_000);
  if (!ping.ok) throw new RedisUnavailableError(`Redis is not reachable: ${describeRedisTarget(target)} (${ping.error}).`);
  return { url: describeRedisTarget(target), started: false, stop: async () => undefined };
}

async function spawnRedis(redisUrl: string, args: string[]): Promise<ChildProcess> {
  try {
    return await new Promise<ChildProcess>((resolve, reject) => {
      const c = spawn('redis-server', args, { stdio: ['ignore', 'ignore', 'pipe'] });
      c.once('error', reject);
      c.once('spawn', () => resolve(c));
    });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new RedisUnavailableError(
      `Redis is not reachable at ${redactUrl(redisUrl)} and redis-server could not be started (${code === 'ENOENT' ? 'not installed' : String(err)}). ${REDIS_INSTALL_HINT}`,
    );
  }
}

/**
 * A Redis answers that Crier did not start on `dir`: note it, so that if it is ever down at start-up
 * Crier refuses instead of starting an empty one in its place. Best effort (a read-only disk is fine).
 */
async function rememberExternal(redisUrl: string, dir: string): Promise<void> {
  const marker = readMarker(dir);
  if (marker?.mode === 'external' || liveServerPid(marker)) return;
  if (marker?.mode === 'embedded' && (await servedDir(redisUrl)) === dir) return;
  if (!marker && existsSync(dir) && readdirSync(dir).length > 0) return;
  tryWrite(() => writeMarker(dir, { mode: 'external', url: redactUrl(redisUrl) }));
}

/** The data directory of the Redis at `redisUrl`, when it tells (CONFIG may be disabled on managed servers). */
async function servedDir(redisUrl: string): Promise<string | undefined> {
  const redis = openRedis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, connectTimeout: 1_500, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    const reply = (await redis.config('GET', 'dir')) as string[];
    return reply[1] ? path.resolve(reply[1]) : undefined;
  } catch {
    return undefined;
  } finally {
    redis.disconnect();
  }
}

function tryWrite(write: () => void): void {
  try {
    write();
  } catch {
    // The marker is a safety net, not a requirement: a read-only data directory must not stop Crier.
  }
}

export { redactUrl };
