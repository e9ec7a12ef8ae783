import type { AppContext } from './context.js';
import { buildWebServer, type WebOptions } from '../src/web/server.js';
import { pipelineReadiness, type Reconciler } from './reconciler.js';

export type { WebOptions } from '../src/web/server.js';

/**
 * Builds and starts the desk on `web.host:web.port` (port 0 picks a free one, for tests). The
 * secrets (session, metrics, hook) come from the config, which read and validated them with
 * everything else (`NAME` or `NAME_FILE`); `opts` may override them (tests).
 * `close()` ends live connections and stops the queue sampler; it does not close `ctx`.
 */
export async function startWeb(ctx: AppContext, opts: WebOptions & { port?: number; host?: string; reconciler?: Reconciler } = {}): Promise<{ url: string; close(): Promise<void> }> {
  // `/readyz` also fails while a feed has no scheduler or no reconciler runs (Redis restarted empty).
  const server = await buildWebServer(ctx, { pipelineReady: () => pipelineReadiness(ctx, opts.reconciler).catch((err: Error) => ({ ok: false, reasons: [`readiness check failed: ${err.message}`] })), ...ctx.config.webSecrets, ...opts });
  const host = opts.host ?? ctx.config.web.host;
  const port = opts.port ?? ctx.config.web.port;
  try {
    await server.app.listen({ host, port });
  } catch (err) {
    // A busy port: stop what buildWebServer started (the queue sampler's first Redis commands are in
    // flight), so the caller can close Redis without a command rejecting after nobody listens.
    await server.close().catch(() => undefined);
    throw err;
  }
  const address = server.app.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const url = `http://${shownHost}:${actualPort}`;
  ctx.log.info({ url, users: ctx.config.web.users.length }, 'web desk listening');
  return { url, close: () => server.close() };
}
