import type { FastifyReply, FastifyRequest } from 'fastify';
import type { WebContext } from '../web-context.js';
import type { ActionResult } from '../../desk/desk-context.js';
import { loadAttention } from '../attention-data.js';
import { channelViews } from '../desk-data.js';
import type { Html } from '../html.js';
import { safeBack, wantsJson } from '../security.js';
import { cookieOptions, readSignedCookie, type Session } from '../session.js';
import type { PageContext } from '../views/layout.js';

/** After a form POST the desk redirects back (303) and shows the outcome once, from a signed cookie. */
const NOTICE_COOKIE = 'crier_notice';

export function sendHtml(reply: FastifyReply, body: Html, status = 200) {
  return reply.code(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(body.value);
}

export function respond(request: FastifyRequest, reply: FastifyReply, result: ActionResult, back: unknown) {
  if (wantsJson(request)) {
    const { ok, message } = result;
    return reply.code(result.ok ? 200 : result.status).send({ ok, message, ...(!result.ok && result.length !== undefined ? { length: result.length, limit: result.limit } : {}) });
  }
  const notice = JSON.stringify({ k: result.ok ? 'ok' : 'error', t: result.message.slice(0, 300) });
  reply.setCookie(NOTICE_COOKIE, Buffer.from(notice).toString('base64url'), cookieOptions(request, 60));
  return reply.redirect(safeBack(back), 303);
}

function takeNotice(request: FastifyRequest, reply: FastifyReply): PageContext['notice'] {
  const value = readSignedCookie(request, NOTICE_COOKIE);
  if (!request.cookies[NOTICE_COOKIE]) return undefined;
  reply.clearCookie(NOTICE_COOKIE, { path: '/' });
  if (!value) return undefined;
  try {
    const n = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as { k?: string; t?: string };
    return typeof n.t === 'string' ? { kind: n.k === 'ok' ? 'ok' : 'error', text: n.t } : undefined;
  } catch {
    return undefined;
  }
}

export async function pageContext(ctx: WebContext, request: FastifyRequest, reply: FastifyReply, extraNotice?: PageContext['notice']): Promise<PageContext> {
  const notice = extraNotice ?? takeNotice(request, reply);
  const [channels, eventsFrom] = await Promise.all([channelViews(ctx), ctx.events.lastId()]);
  return {
    session: request.session as Session,
    channels,
    attention: await loadAttention(ctx, channels),
    eventsFrom,
    publicationName: ctx.config.publication.name,
    timeZone: ctx.config.publication.timezone,
    path: safeBack(request.url),
    ...(notice ? { notice } : {}),
  };
}
