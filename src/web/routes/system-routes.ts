import { readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { ServerResponse } from 'node:http';
import type { WebContext } from '../web-context.js';
import type { WebMetrics } from '../metrics.js';
import { tokensEqual } from '../session.js';
import type { EventHub } from '../sse.js';
import type { SessionStore } from '../session-store.js';
import { CARD_ROUTE_PREFIX, serveCard } from '../../media/card-store.js';

/** Probes, metrics, the live event stream and the two static files. */
const HEARTBEAT_MS = 15_000;

/** `src/web/public` next to this module under tsx; from `dist/src/web/routes` the sources' copy. */
function publicDir(): string {
  const candidates = [new URL('../public/', import.meta.url), new URL('../../../../src/web/public/', import.meta.url)].map((u) => fileURLToPath(u));
  return candidates.find((d) => existsSync(`${d}desk.js`)) ?? candidates[0] ?? '';
}

/**
 * The bundled Noto Naskh Arabic (the same npm package the card renderer uses, see src/media/fonts.ts),
 * so Urdu and Arabic headlines render with every glyph on a machine without Arabic fonts.
 */
function deskFonts(): [string, { type: string; body: string | Buffer }][] {
  const require = createRequire(import.meta.url);
  return ([400, 700] as const).map((weight) => [
    `noto-naskh-arabic-${weight}.woff2`,
    { type: 'font/woff2', body: readFileSync(require.resolve(`@fontsource/noto-naskh-arabic/files/noto-naskh-arabic-arabic-${weight}-normal.woff2`)) },
  ]);
}

/** Stream ids are `<ms>-<seq>`. */
function compareIds(a: string, b: string): number {
  const [am = 0, as = 0] = a.split('-').map(Number);
  const [bm = 0, bs = 0] = b.split('-').map(Number);
  return am - bm || as - bs;
}

type SystemDeps = { hub: EventHub; metrics: WebMetrics; metricsToken?: string | undefined; ready: () => Promise<{ redis: boolean; workers: boolean; feeds?: boolean; reasons?: string[] }>; sessions: SessionStore };

/** The desk's script, style sheet and fonts, and the generated link cards. */
function assetRoutes(app: FastifyInstance, ctx: WebContext): void {
  const dir = publicDir();
  const assets = new Map([
    ['desk.js', { type: 'text/javascript; charset=utf-8', body: readFileSync(`${dir}desk.js`, 'utf8') }],
    ['desk.css', { type: 'text/css; charset=utf-8', body: readFileSync(`${dir}desk.css`, 'utf8') as string | Buffer }],
    ...deskFonts(),
  ]);
  app.get<{ Params: { file: string } }>('/static/:file', async (request, reply) => {
    const asset = assets.get(request.params.file);
    if (!asset) return reply.code(404).send('not found');
    return reply.header('cache-control', typeof asset.body === 'string' ? 'no-cache' : 'public, max-age=604800').type(asset.type).send(asset.body);
  });

  app.get<{ Params: { file: string } }>(`${CARD_ROUTE_PREFIX}/:file`, async (request, reply) => {
    const card = await serveCard((channel) => ctx.control.state(channel), request.params.file.replace(/\.jpg$/, ''));
    if (card.cacheControl) reply.header('cache-control', card.cacheControl);
    return reply.code(card.status).type(card.contentType).send(card.body);
  });
}

/** Liveness, readiness and the Prometheus scrape (behind a bearer token when one is set). */
function probeRoutes(app: FastifyInstance, deps: SystemDeps): void {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    const r = await deps.ready();
    // `feeds`: every configured feed has its poll scheduler and a reconciler ran lately (workers/reconciler.ts).
    const ok = r.redis && r.workers && r.feeds !== false;
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ready' : 'not ready', ...r });
  });

  app.get('/metrics', async (request, reply) => {
    if (deps.metricsToken) {
      const auth = request.headers.authorization ?? '';
      if (!auth.startsWith('Bearer ') || !tokensEqual(auth.slice(7), deps.metricsToken)) {
        return reply.code(401).header('www-authenticate', 'Bearer').send('bearer token required');
      }
    }
    const body = await deps.metrics.scrape();
    return reply.type(deps.metrics.contentType).send(body);
  });
}

// Server-sent events: ids are stream ids, so a reconnecting desk (Last-Event-ID) misses nothing.
// Each open stream under its session id: sign-out here ends them at once; the heartbeat ends a
// stream whose session was revoked by another web process.
function eventStreamRoutes(app: FastifyInstance, ctx: WebContext, deps: SystemDeps): { endStreamsOf(sessionId: string): void } {
  const open = new Map<ServerResponse, string>();
  app.addHook('preClose', async () => {
    for (const res of open.keys()) res.end();
    open.clear();
  });
  app.get('/events', async (request, reply) => {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      'x-content-type-options': 'nosniff',
    });
    const session = request.session;
    open.set(res, session?.id ?? '');
    res.write('retry: 2000\n\n');
    const send = (e: { id: string; event: unknown }) => res.write(`id: ${e.id}\ndata: ${JSON.stringify(e.event)}\n\n`);
    // Reconnects send Last-Event-ID; a fresh page passes the id it was rendered at.
    const header = request.headers['last-event-id'];
    const from = typeof header === 'string' ? header : (request.query as { from?: unknown }).from;
    // Subscribe first, then replay, skipping duplicates, so nothing falls between the two.
    let replayedUpTo = '';
    const queued: { id: string; event: unknown }[] = [];
    let replaying = true;
    const unsubscribe = deps.hub.subscribe((e) => (replaying ? queued.push(e) : send(e)));
    if (typeof from === 'string') for (const e of await deps.hub.since(from)) {
      send(e);
      replayedUpTo = e.id;
    }
    for (const e of queued) if (!replayedUpTo || compareIds(e.id, replayedUpTo) > 0) send(e);
    replaying = false;
    const heartbeat = setInterval(() => {
      res.write(': ping\n\n');
      // Only while Redis answers: an outage is not a sign-out, and the stream carries on after it.
      if (!session || ctx.redis.status !== 'ready') return;
      deps.sessions.isLive(session.id, session.user).then(
        (live) => {
          if (!live) res.end();
        },
        () => undefined,
      );
    }, HEARTBEAT_MS);
    const cleanUp = () => {
      clearInterval(heartbeat);
      unsubscribe();
      open.delete(res);
    };
    request.raw.on('close', cleanUp);
    res.on('close', cleanUp);
    ctx.log.debug({ user: request.session?.user, listeners: deps.hub.size }, 'desk connected to live updates');
  });

  return {
    endStreamsOf(sessionId: string) {
      for (const [res, id] of open) if (id === sessionId) res.end();
    },
  };
}

export function systemRoutes(app: FastifyInstance, ctx: WebContext, deps: SystemDeps): { endStreamsOf(sessionId: string): void } {
  assetRoutes(app, ctx);
  probeRoutes(app, deps);
  return eventStreamRoutes(app, ctx, deps);
}
