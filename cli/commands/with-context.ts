import type { Config } from '../../src/config/load-config.js';
import { describeRedisTarget, pingRedis } from '../../src/queues/connection.js';
import { createLogger } from '../../src/shared/logger.js';
import { REDIS_INSTALL_HINT, RedisUnavailableError } from '../../src/shared/redis-server.js';
import type { AppContext } from '../../workers/context.js';
import { createRedisContext, type RedisContext } from '../../workers/redis-context.js';

/**
 * Short-lived commands that only read and write Redis (status, approve/skip/retry, pause/resume,
 * poll): fail fast with a clear message when Redis is down, always close connections. The context
 * holds no network registry and no summariser, so these commands load no publisher.
 */
export async function withContext<T>(config: Config, fn: (ctx: RedisContext) => Promise<T>): Promise<T> {
  await assertRedisReachable(config);
  const ctx = createRedisContext(config, createLogger({ level: 'warn' }));
  try {
    return await fn(ctx);
  } finally {
    await ctx.close();
  }
}

/**
 * Short-lived commands that count or format text for a network (`crier swap`): the full context,
 * with the network definitions, loaded only when such a command runs.
 */
export async function withAppContext<T>(config: Config, fn: (ctx: AppContext) => Promise<T>): Promise<T> {
  await assertRedisReachable(config);
  const { createAppContext } = await import('../../workers/context.js');
  const ctx = createAppContext(config, createLogger({ level: 'warn' }));
  try {
    return await fn(ctx);
  } finally {
    await ctx.close();
  }
}

async function assertRedisReachable(config: Config): Promise<void> {
  const ping = await pingRedis(config.redisTarget);
  if (!ping.ok) throw new RedisUnavailableError(`Redis is not reachable at ${describeRedisTarget(config.redisTarget)} (${ping.error}). ${REDIS_INSTALL_HINT}`);
}

export function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd()).join('\n');
}
