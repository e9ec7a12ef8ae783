import type { Config } from '../../src/config/load-config.js';
import { createLogger } from '../../src/shared/logger.js';
import { ensureRedis, redactUrl } from '../../src/shared/redis-server.js';
import { createAppContext } from '../context.js';
import { startRoles, type Role } from '../runtime.js';
import { startWeb, webSecretsFromEnv } from '../web.js';

export type ServeRole = Role | 'web';

/** Long-running roles. SIGTERM/SIGINT: stop polling, let active jobs finish within the grace period, exit 0. */
export async function runServe(config: Config, roles: ServeRole[], env: NodeJS.ProcessEnv): Promise<number> {
  const log = createLogger();
  const redis = await ensureRedis(config.redisUrl, { autoStart: config.redis.autoStart, dataDir: config.redis.dataDir });
  if (redis.started) log.info({ redis: redactUrl(redis.url), dataDir: config.redis.dataDir }, 'started an embedded redis-server (AOF on); it stops with Crier');
  const pipelineRoles = roles.filter((r): r is Role => r !== 'web');
  const running = pipelineRoles.length > 0 ? await startRoles(config, log, pipelineRoles) : undefined;
  const ctx = running?.ctx ?? createAppContext(config, log);
  let web: Awaited<ReturnType<typeof startWeb>> | undefined;
  if (roles.includes('web')) {
    try {
      web = await startWeb(ctx, {
        ...webSecretsFromEnv(env),
        ...(running?.workers.length && pipelineRoles.includes('worker') ? { workersRunning: () => running.workers.every((w) => w.isRunning()) } : {}),
      });
    } catch (err) {
      // In `start`, a busy port must not stop the pipeline; `crier web` alone has nothing else to do.
      const code = (err as NodeJS.ErrnoException).code;
      const message = code === 'EADDRINUSE' ? `port ${config.web.port} is in use (set web.port)` : (err as Error).message;
      if (pipelineRoles.length === 0) throw new Error(`web desk could not start: ${message}`, { cause: err });
      log.error({ err: message }, 'web desk not started; the pipeline keeps running');
    }
  }
  const dryRun = config.channels.filter((c) => c.enabled && c.mode === 'dry-run').map((c) => c.id);
  log.info({ roles, config: config.configPath, web: web?.url, dryRunOutbox: dryRun.length ? config.outbox.dir : undefined, dryRun }, 'crier running');

  return new Promise<number>((resolve) => {
    let signalled = false;
    const shutdown = (signal: string) => {
      if (signalled) {
        log.warn('second signal: exiting now');
        process.exit(130);
      }
      signalled = true;
      log.info({ signal }, 'shutting down');
      void (async () => {
        await web?.close();
        if (running) await running.stop();
        else await ctx.close();
        await redis.stop();
      })().then(
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
