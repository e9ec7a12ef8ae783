import type { Config } from '../../src/config/load-config.js';
import { createLogger } from '../../src/shared/logger.js';
import { ensureRedis, redactUrl } from '../../src/shared/redis-server.js';
import { startRoles, type Role } from '../runtime.js';

/** Long-running roles. SIGTERM/SIGINT: stop polling, let active jobs finish within the grace period, exit 0. */
export async function runServe(config: Config, roles: Role[]): Promise<number> {
  const log = createLogger();
  const redis = await ensureRedis(config.redisUrl, { autoStart: config.redis.autoStart, dataDir: config.redis.dataDir });
  if (redis.started) log.info({ redis: redactUrl(redis.url), dataDir: config.redis.dataDir }, 'started an embedded redis-server (AOF on); it stops with Crier');
  const running = await startRoles(config, log, roles);
  const dryRun = config.channels.filter((c) => c.enabled && c.mode === 'dry-run').map((c) => c.id);
  log.info({ roles, config: config.configPath, dryRunOutbox: dryRun.length ? config.outbox.dir : undefined, dryRun }, 'crier running');

  return new Promise<number>((resolve) => {
    let signalled = false;
    const shutdown = (signal: string) => {
      if (signalled) {
        log.warn('second signal: exiting now');
        process.exit(130);
      }
      signalled = true;
      log.info({ signal }, 'shutting down');
      void running
        .stop()
        .then(() => redis.stop())
        .then(
          () => {
            log.info('stopped cleanly');
            resolve(0);
          },
          (err: Error) => {
            log.error({ err: err.message }, 'error during shutdown');
            resolve(1);
          },
        );
    };
    process.once('SIGTERM', () => shutdown('SIGTERM'));
    process.once('SIGINT', () => shutdown('SIGINT'));
    process.on('unhandledRejection', (err) => log.error({ err: err instanceof Error ? err.message : String(err) }, 'unhandled rejection'));
  });
}
