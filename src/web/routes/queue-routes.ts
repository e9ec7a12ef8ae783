import type { FastifyInstance } from 'fastify';
import { parsePostId } from '../../ledger/keys.js';
import type { ActionResult } from '../../desk/desk-context.js';
import { backInLine, holdPost, markBreaking, moveToFront, releasePost, schedulePost } from '../../desk/queue-actions.js';
import { parseLocalTime } from '../../editorial/schedule.js';
import type { WebContext } from '../web-context.js';
import type { Session } from '../session.js';
import { respond } from './respond.js';

/**
 * The queue view's buttons (issue #15): breaking, front, schedule, hold, release, back in line.
 * Post/redirect/get like every desk action; the security hooks have already checked the session,
 * the editor role and the CSRF token. The use cases (src/desk/queue-actions.ts) record who did it.
 */
type Body = Record<string, unknown> | undefined;
const text = (body: Body, key: string) => (typeof body?.[key] === 'string' ? (body[key] as string) : undefined);

export function queueRoutes(app: FastifyInstance, ctx: WebContext): void {
  const who = (session: Session | undefined) => session?.user ?? 'someone';
  const backTo = (body: Body, postId: string) => {
    const ids = parsePostId(postId);
    return text(body, 'back') ?? (ids ? `/queue/${ids.channel}` : '/');
  };

  const postAction = (name: string, fn: (postId: string, body: Body, by: string) => Promise<ActionResult>) =>
    app.post<{ Params: { postId: string }; Body: Body }>(`/posts/:postId/${name}`, async (request, reply) => {
      const { postId } = request.params;
      const result = parsePostId(postId) ? await fn(postId, request.body, who(request.session)) : { ok: false as const, status: 404, message: `no post ${postId}` };
      ctx.log.info({ postId, user: who(request.session), ok: result.ok }, `desk: ${name}`);
      return respond(request, reply, result, backTo(request.body, postId));
    });

  postAction('front', (id, _body, by) => moveToFront(ctx, id, by));
  postAction('back-in-line', (id, _body, by) => backInLine(ctx, id, by));
  postAction('hold', (id, body, by) => holdPost(ctx, id, by, text(body, 'reason')));
  postAction('release', (id, body, by) => releasePost(ctx, id, by, { anyway: text(body, 'anyway') === '1' }));
  postAction('schedule', async (id, body, by) => {
    const tz = ctx.config.publication.timezone;
    const at = parseLocalTime(text(body, 'at') ?? '', tz, Date.now());
    if (at === undefined) return { ok: false, status: 422, message: `give a time like 15:00 or 2026-11-29T15:00 (${tz})` };
    return schedulePost(ctx, id, at, by);
  });

  app.post<{ Params: { articleKey: string }; Body: Body }>('/articles/:articleKey/breaking', async (request, reply) => {
    const { articleKey } = request.params;
    const valid = /^[a-z0-9]{1,64}$/.test(articleKey);
    // A breaking story jumps every network's queue: the form asks for a tick first (no script needed).
    const confirmed = text(request.body, 'confirm') === 'yes';
    const result = !valid
      ? { ok: false as const, status: 404, message: `no story ${articleKey}` }
      : !confirmed
        ? { ok: false as const, status: 422, message: 'tick "this story is breaking" to confirm' }
        : await markBreaking(ctx, articleKey, who(request.session));
    ctx.log.warn({ articleKey, user: who(request.session), ok: result.ok }, 'desk: breaking');
    return respond(request, reply, result, text(request.body, 'back') ?? (valid ? `/articles/${articleKey}` : '/'));
  });
}
