import { redisProcs } from '../helpers/redis-procs.js';

/**
 * A test's own redis-server (never the shared one), so it may be flushed and restarted empty: no
 * persistence at all, in a temp dir; `restartEmpty` kills it (SIGKILL) and starts a blank one on the same port.
 */
export async function privateRedis(cleanups: (() => Promise<unknown>)[]) {
  const procs = await redisProcs('reconcile-redis');
  cleanups.push(() => procs.stopAll());
  let server = await procs.server();
  return {
    url: server.url,
    restartEmpty: async () => {
      await server.kill();
      server = await procs.server([], { port: server.port });
    },
  };
}
