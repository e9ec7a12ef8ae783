import type { FastifyInstance, FastifyRequest } from 'fastify';
import { pollNow } from '../../desk/control-actions.js';
import type { WebContext } from '../web-context.js';
import { tokensEqual } from '../session.js';
import { markFeedBreaking } from '../../ledger/post-order.js';
import { hookPollKey } from './hook-poll-key.js';

/** Where a CMS (or a WebSub-style ping) tells Crier a feed has news. */
export const HOOKS_PREFIX = '/hooks';
/** Pings join a hook poll that has not started yet (hook-poll-key.ts): a CMS that pings per field edit costs one waiting poll. */
export { HOOK_KEY_WINDOW_MS as HOOK_POLL_WINDOW_MS } from './hook-poll-key.js';

function presentedToken(request: FastifyRequest<{ Querystring: { token?: string } }>, allowQuery: boolean): string | undefined {
  const auth = request.headers.authorization ?? '';
  if (auth.startsWith('Bearer ')) return auth.slice(7);
  // Only for a CMS whose webhook settings take nothing but a URL (`web.hookTokenInQuery`, off by
  // default): a token in a URL ends up in proxy and access logs.
  return allowQuery && typeof request.query.token === 'string' ? request.query.token : undefined;
}

/**
 * `POST /hooks/poll/<feedId>` (or `/hooks/poll` for every feed): poll now instead of at the next
 * interval, so a story is out seconds after the CMS publishes it. Bearer `CRIER_HOOK_TOKEN` (or
 * `?token=` with `web.hookTokenInQuery`); without that variable the hooks do not exist. The poll
 * itself is the ordinary one: conditional GET, dedup and backfill rules apply, so a ping for
 * nothing new posts nothing.
 */
export function hookRoutes(app: FastifyInstance, ctx: WebContext, hookToken: string | undefined): void {
  const allowQuery = ctx.config.web.hookTokenInQuery;
  const handle = async (request: FastifyRequest<{ Querystring: { token?: string } }>, feedIds: string[] | undefined) => {
    if (!hookToken) return { status: 404, body: { ok: false, message: 'hooks are off: set CRIER_HOOK_TOKEN to enable them' } };
    if (!tokensEqual(presentedToken(request, allowQuery), hookToken)) {
      const how = allowQuery ? 'bearer token or ?token=' : 'bearer token (Authorization header)';
      return { status: 401, body: { ok: false, message: `${how} required (CRIER_HOOK_TOKEN)` } };
    }
    const feeds = feedIds ? ctx.config.feeds.filter((f) => feedIds.includes(f.id)) : ctx.config.feeds;
    if (feeds.length === 0) return { status: 404, body: { ok: false, message: `no feed ${feedIds?.join(', ') ?? ''}` } };
    // `?breaking=1` (or `X-Crier-Breaking: 1`): the story this ping announces jumps every queue (issue #15).
    const breaking = (request.query as Record<string, unknown>).breaking === '1' || request.headers['x-crier-breaking'] === '1';
    if (breaking) for (const feed of feeds) await markFeedBreaking(ctx.redis, ctx.config.redis.prefix, feed.id);
    for (const feed of feeds) {
      const { key, delayMs } = await hookPollKey(ctx.pollQueue, feed.id);
      await pollNow(ctx, feed.id, key, delayMs);
    }
    ctx.log.info({ feeds: feeds.map((f) => f.id), breaking }, 'poll requested by hook');
    return { status: 202, body: { ok: true, message: `poll queued: ${feeds.map((f) => f.id).join(', ')}${breaking ? ' (breaking)' : ''}` } };
  };

  // Whatever the sender puts in the body (JSON, a form, a WebSub-style copy of the feed) is ignored:
  // the ping only says "look now". Scoped to the hooks, so other routes keep their strict parsers.
  void app.register(async (hooks) => {
    hooks.removeAllContentTypeParsers();
    hooks.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, _body, done) => done(null, undefined));
    hooks.post<{ Params: { feedId: string }; Querystring: { token?: string } }>(`${HOOKS_PREFIX}/poll/:feedId`, async (request, reply) => {
      const r = await handle(request, [request.params.feedId]);
      return reply.code(r.status).send(r.body);
    });
    hooks.post<{ Querystring: { token?: string } }>(`${HOOKS_PREFIX}/poll`, async (request, reply) => {
      const r = await handle(request, undefined);
      return reply.code(r.status).send(r.body);
    });
  });
}
