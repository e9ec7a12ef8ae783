import type { Config } from '../../src/config/load-config.js';
import { createLogger } from '../../src/shared/logger.js';
import { ensureRedis, redactUrl } from '../../src/shared/redis-server.js';
import { createAppContext } from '../../workers/context.js';
import { startRoles, type Role } from '../../workers/runtime.js';
import { startWeb } from '../../workers/web.js';
import { withDemoEditor } from './users-file.js';
import { WebStartError } from './web-start-error.js';

export type ServeRole = Role | 'web';



/** Long-running roles. SIGTERM/SIGINT: stop polling, let active jobs finish within the grace period, exit 0. */
export async function runServe(loaded: Config, roles: ServeRole[]): Promise<number> {
  const log = createLogger();
  // No users and the desk on loopback only: a one-time demo editor, so a newcomer can sign in at once.
  const { config, password: demoPassword } = roles.includes('web') ? await withDemoEditor(loaded) : { config: loaded, password: undefined };
  const redis = await ensureRedis(config.redisTarget, { autoStart: config.redis.autoStart, dataDir: config.redis.dataDir });
  if (redis.started) log.info({ redis: redactUrl(redis.url), dataDir: config.redis.dataDir }, 'started an embedded redis-server (AOF on); it stops with Crier');
  const pipelineRoles = roles.filter((r): r is Role => r !== 'web');
  let running: Awaited<ReturnType<typeof startRoles>> | undefined;
  let ctx: ReturnType<typeof createAppContext>;
  try {
    running = pipelineRoles.length > 0 ? await startRoles(config, log, pipelineRoles) : undefined;
    ctx = running?.ctx ?? createAppContext(config, log);
  } catch (err) {
    // Nothing may keep the process alive after a failed start (an open connection, our redis-server).
    await redis.stop();
    throw err;
  }
  let web: Awaited<ReturnType<typeof startWeb>> | undefined;
  if (roles.includes('web')) {
    try {
      web = await startWeb(ctx, {
        // Read with the config (`_FILE` support, length checked): a short secret never gets this far.
        ...config.webSecrets,
        ...(running?.workers.length && pipelineRoles.includes('worker') ? { workersRunning: () => running.workers.every((w) => w.isRunning()) } : {}),
        // This process's reconciler: /readyz names its last error at once (#18).
        ...(running ? { reconciler: running.reconciler } : {}),
      });
    } catch (err) {
      // In `start`, a busy port must not stop the pipeline; `crier web` alone has nothing else to do.
      const code = (err as NodeJS.ErrnoException).code;
      const message = code === 'EADDRINUSE' ? `port ${config.web.port} on ${config.web.host} is in use (set web.port, or stop the other process)` : (err as Error).message;
      if (pipelineRoles.length === 0) {
        log.error({ err: message }, 'web desk could not start');
        await ctx.close();
        await redis.stop();
        throw new WebStartError(`web desk could not start: ${message}`, { cause: err });
      }
      log.error({ err: message }, 'web desk not started; the pipeline keeps running');
    }
  }
  const dryRun = config.channels.filter((c) => c.enabled && c.mode === 'dry-run').map((c) => c.id);
  log.info({ roles, config: config.configPath, web: web?.url, dryRunOutbox: dryRun.length ? config.outbox.dir : undefined, dryRun }, web ? `crier running: desk at ${web.url}` : 'crier running');
  // The last line of start-up, so it is the one a newcomer sees.
  if (web && demoPassword) log.info({ web: web.url, user: 'demo' }, `open ${web.url} and sign in as demo / ${demoPassword} (a one-time demo editor, in memory only; add real users with crier user add)`);

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
