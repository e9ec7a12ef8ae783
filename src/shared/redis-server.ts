import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { pingRedis } from '../queues/connection.js';

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
  return ['127.0.0.1', 'localhost', '[::1]', '::1'].includes(url.hostname);
}

/**
 * `npm start` should just work on a laptop: if nothing answers at a local REDIS_URL, start
 * `redis-server` as a child with AOF on and noeviction (BullMQ's production settings), data
 * under `dataDir`, and stop it when Crier exits.
 */
export async function ensureRedis(redisUrl: string, opts: { autoStart: boolean; dataDir: string; waitMs?: number }): Promise<EmbeddedRedis> {
  const first = await pingRedis(redisUrl);
  if (first.ok) return { url: redisUrl, started: false, stop: async () => undefined };
  const url = new URL(redisUrl);
  if (!opts.autoStart || !isLocal(url)) {
    throw new RedisUnavailableError(`Redis is not reachable at ${redactUrl(redisUrl)} (${first.error}). ${REDIS_INSTALL_HINT}`);
  }
  const dir = path.resolve(opts.dataDir);
  mkdirSync(dir, { recursive: true });
  const port = url.port || '6379';
  const args = ['--port', port, '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'everysec', '--maxmemory-policy', 'noeviction', '--save', ''];
  let child: ChildProcess;
  try {
    child = await new Promise<ChildProcess>((resolve, reject) => {
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
  const deadline = Date.now() + (opts.waitMs ?? 10_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    if ((await pingRedis(redisUrl, 500)).ok) {
      return {
        url: redisUrl,
        started: true,
        stop: () =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new RedisUnavailableError(`started redis-server on port ${port} but it did not answer (exit code ${child.exitCode ?? 'none'}). ${REDIS_INSTALL_HINT}`);
}

/** Never print a password that may sit in REDIS_URL. */
export function redactUrl(raw: string): string {
  try {
    const u = new URL(raw);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(invalid URL)';
  }
}
