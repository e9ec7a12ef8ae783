import { randomBytes } from 'node:crypto';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance } from 'fastify';
import type { WebContext } from './web-context.js';
import { registerBullBoard } from './bull-board.js';
import { createMetrics } from './metrics.js';
import { startQueueSampler } from './queue-history.js';
import { actionRoutes } from './routes/action-routes.js';
import { queueRoutes } from './routes/queue-routes.js';
import { approvalRoutes } from './routes/approval-routes.js';
import { authRoutes } from './routes/auth-routes.js';
import { pageRoutes } from './routes/page-routes.js';
import { sentenceRoutes } from './routes/sentence-routes.js';
import { hookRoutes } from './routes/hook-routes.js';
import { lifecycleRoutes } from './routes/lifecycle-routes.js';
import { websubRoutes } from './routes/websub-routes.js';
import { systemRoutes } from './routes/system-routes.js';
import { registerAccess, registerHeaders, wantsJson } from './security.js';
import { createSessionStore, REDIS_DOWN_STATES } from './session-store.js';
import { createEventHub } from './sse.js';

export interface WebOptions {
  /** From env CRIER_SESSION_SECRET; without it sessions use a random per-process key (lost on restart). */
  sessionSecret?: string | undefined;
  /** From env METRICS_TOKEN: when set, /metrics requires `Authorization: Bearer <token>`. */
  metricsToken?: string | undefined;
  /** From env CRIER_HOOK_TOKEN: enables `POST /hooks/poll[/<feed>]` for CMS publish pings. */
  hookToken?: string | undefined;
  /** Whether this process's workers run; absent: any worker of any Crier queue counts (other processes). */
  workersRunning?: () => boolean | Promise<boolean>;
  /** Whether every feed is scheduled and the reconciler runs (from workers/reconciler.ts); absent: not checked. */
  pipelineReady?: () => Promise<{ ok: boolean; reasons: string[] }>;
  /** Sample queue depth every minute for the ops chart (default on). */
  sampleQueues?: boolean;
}

export const MIN_SESSION_SECRET_CHARS = 32;
const READY_TIMEOUT_MS = 1_500;

async function withTimeout<T>(p: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback), ms);
  });
  try {
    return await Promise.race([p.catch(() => fallback), t]);
  } finally {
    clearTimeout(timer);
  }
}

const NO_REDIS_PATHS = new Set(['/healthz', '/readyz', '/favicon.ico']);

/** The sign-in form needs no Redis; signing in and out do (the shared throttle, the session store). */
function needsRedis(method: string, url: string): boolean {
  const path = url.split('?')[0] ?? url;
  if (path === '/login') return method === 'POST';
  return !NO_REDIS_PATHS.has(path) && !path.startsWith('/static/');
}

/** The desk, the ops pages and the probes, on one Fastify instance (not listening yet). */
export async function buildWebServer(ctx: WebContext, opts: WebOptions = {}): Promise<{ app: FastifyInstance; close(): Promise<void> }> {
  const web = ctx.config.web;
  let secret = opts.sessionSecret;
  if (!secret) {
    secret = randomBytes(32).toString('base64url');
    ctx.log.warn('CRIER_SESSION_SECRET is not set: using a random key, so sessions end when this process restarts and are not shared between web processes');
  } else if (secret.length < MIN_SESSION_SECRET_CHARS) {
    throw new Error(`CRIER_SESSION_SECRET must be at least ${MIN_SESSION_SECRET_CHARS} characters`);
  }
  if (web.users.length === 0) ctx.log.warn('web.users is empty: nobody can sign in to the desk (crier user add)');

  const app = Fastify({ logger: false, trustProxy: web.trustProxy, bodyLimit: 256 * 1024, return503OnClosing: true });
  await app.register(cookie, { secret });
  await app.register(formbody);
  await registerHeaders(app);

  // Workers wait out a Redis outage (their commands queue until it is back); a page must not, or the
  // desk hangs with no word of why. The sign-in form, probes and static files need no Redis.
  app.addHook('onRequest', async (request, reply) => {
    if (!REDIS_DOWN_STATES.has(ctx.redis.status) || !needsRedis(request.method, request.url)) return;
    ctx.log.warn({ url: request.url, redis: ctx.redis.status }, 'web request refused: Redis is unavailable');
    const message = `Crier cannot reach Redis right now (${ctx.redis.status}). No post is lost: workers carry on when Redis is back, and so does this page.`;
    return reply
      .code(503)
      .header('retry-after', '5')
      .type(wantsJson(request) ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8')
      .send(wantsJson(request) ? { ok: false, message } : message);
  });
  const sessions = createSessionStore(ctx.redis, ctx.config.redis.prefix);
  registerAccess(app, web.users, sessions);

  const hub = createEventHub(ctx);
  const metrics = createMetrics(ctx);
  const ready = async () => {
    const redis = await withTimeout(ctx.redis.ping().then((r) => r === 'PONG'), READY_TIMEOUT_MS, false);
    const workers = opts.workersRunning
      ? await opts.workersRunning()
      : redis && (await withTimeout(Promise.all(ctx.config.channels.filter((c) => c.enabled).map((c) => ctx.publishQueue(c.id).getWorkersCount())).then((n) => n.some((x) => x > 0)), READY_TIMEOUT_MS, false));
    const pipeline = redis && opts.pipelineReady ? await withTimeout(opts.pipelineReady(), READY_TIMEOUT_MS, { ok: false, reasons: ['readiness check timed out'] }) : undefined;
    if (!opts.pipelineReady) return { redis, workers };
    return { redis, workers, feeds: pipeline?.ok ?? false, ...(pipeline?.reasons.length ? { reasons: pipeline.reasons } : {}) };
  };

  const streams = systemRoutes(app, ctx, { hub, metrics, metricsToken: opts.metricsToken, ready, sessions });
  authRoutes(app, ctx, sessions, { onSignOut: (sessionId) => streams.endStreamsOf(sessionId) });
  pageRoutes(app, ctx, { ready });
  actionRoutes(app, ctx);
  queueRoutes(app, ctx);
  approvalRoutes(app, ctx);
  sentenceRoutes(app, ctx);
  hookRoutes(app, ctx, opts.hookToken);
  lifecycleRoutes(app, ctx);
  websubRoutes(app, ctx);
  await registerBullBoard(app, ctx);
  app.setNotFoundHandler((_request, reply) => reply.code(404).type('text/plain; charset=utf-8').send('not found'));
  app.setErrorHandler((err: Error & { statusCode?: number }, request, reply) => {
    const status = err.statusCode && err.statusCode >= 400 ? err.statusCode : 500;
    if (status >= 500) ctx.log.error({ err: err.message, url: request.url }, 'web request failed');
    return reply.code(status).type('text/plain; charset=utf-8').send(status >= 500 ? 'internal error' : err.message);
  });

  const stopSampler = opts.sampleQueues === false ? () => undefined : startQueueSampler(ctx);
  return {
    app,
    async close() {
      stopSampler();
      await app.close();
      await hub.close();
    },
  };
}
