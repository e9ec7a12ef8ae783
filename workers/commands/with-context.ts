import type { Config } from '../../src/config/load-config.js';
import { pingRedis } from '../../src/queues/connection.js';
import { createLogger } from '../../src/shared/logger.js';
import { REDIS_INSTALL_HINT, RedisUnavailableError, redactUrl } from '../../src/shared/redis-server.js';
import { createAppContext, type AppContext } from '../context.js';

/** Short-lived commands: fail fast with a clear message when Redis is down, always close connections. */
export async function withContext<T>(config: Config, fn: (ctx: AppContext) => Promise<T>): Promise<T> {
  const ping = await pingRedis(config.redisUrl);
  if (!ping.ok) throw new RedisUnavailableError(`Redis is not reachable at ${redactUrl(config.redisUrl)} (${ping.error}). ${REDIS_INSTALL_HINT}`);
  const ctx = createAppContext(config, createLogger({ level: 'warn' }));
  try {
    return await fn(ctx);
  } finally {
    await ctx.close();
  }
}

export function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd()).join('\n');
}
