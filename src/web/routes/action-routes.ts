import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parsePostId } from '../../ledger/keys.js';
import type { WebContext } from '../web-context.js';
import { pollNow, setChannelPaused } from '../../desk/control-actions.js';
import type { ActionResult } from '../../desk/desk-context.js';
import { approvePost, countText, postNow, retryPost, skipPost } from '../../desk/post-actions.js';
import { editPost, stashRefused } from '../post-edit.js';
import { recordAction } from '../post-history.js';
import { wantsJson } from '../security.js';
import type { Session } from '../session.js';
import { respond } from './respond.js';

/** Every button on the desk. The security hooks have already checked session, role and CSRF token. */
type Body = Record<string, unknown> | undefined;
const text = (body: Body, key: string) => (typeof body?.[key] === 'string' ? (body[key] as string) : undefined);

export function actionRoutes(app: FastifyInstance, ctx: WebContext): void {
  const who = (session: Session | undefined) => session?.user ?? 'someone';

  /**
   * Post/redirect/get: a refused edit redirects back to the post too, with the editor's text
   * (stashed under a one-use token) shown there with its count, instead of a page at the POST URL.
   */
  const refusedRedirect = async (request: FastifyRequest, reply: FastifyReply, postId: string, edited: string, result: ActionResult) => {
    const ids = parsePostId(postId);
    if (result.ok || result.status !== 422 || wantsJson(request) || !ids) return undefined;
    const token = await stashRefused(ctx, { postId, channel: ids.channel, text: edited.replace(/\r\n/g, '\n').slice(0, 20_000), error: result.message, user: who(request.session) });
    return reply.redirect(`/articles/${ids.articleKey}?refused=${token}#post-${ids.channel}`, 303);
  };

  app.post<{ Params: { postId: string }; Body: Body }>('/posts/:postId/approve', async (request, reply) => {
    const { postId } = request.params;
    const edited = text(request.body, 'text');
    const result = await approvePost(ctx, postId, edited);
    ctx.log.info({ postId, user: who(request.session), ok: result.ok, edited: edited !== undefined }, 'desk: approve');
    if (result.ok) await recordAction(ctx, postId, result.message, who(request.session));
    if (edited !== undefined) {
      const redirected = await refusedRedirect(request, reply, postId, edited, result);
      if (redirected) return redirected;
    }
    return respond(request, reply, result, text(request.body, 'back'));
  });

  app.post<{ Params: { postId: string }; Body: Body }>('/posts/:postId/edit', async (request, reply) => {
    const { postId } = request.params;
    const edited = text(request.body, 'text') ?? '';
    const result = await editPost(ctx, postId, edited, who(request.session));
    ctx.log.info({ postId, user: who(request.session), ok: result.ok }, 'desk: edit');
    const redirected = await refusedRedirect(request, reply, postId, edited, result);
    if (redirected) return redirected;
    const ids = parsePostId(postId);
    return respond(request, reply, result, text(request.body, 'back') ?? (ids ? `/articles/${ids.articleKey}#post-${ids.channel}` : '/'));
  });

  const simple = (path: string, name: string, fn: (postId: string, body: Body, session: Session | undefined) => Promise<ActionResult>) =>
    app.post<{ Params: { postId: string }; Body: Body }>(path, async (request, reply) => {
      const result = await fn(request.params.postId, request.body, request.session);
      ctx.log.info({ postId: request.params.postId, user: who(request.session), ok: result.ok }, `desk: ${name}`);
      if (result.ok) await recordAction(ctx, request.params.postId, name === 'skip' ? 'skipped' : name === 'retry' ? 'retried' : name, who(request.session), name === 'skip' ? text(request.body, 'reason') : undefined);
      return respond(request, reply, result, text(request.body, 'back'));
    });
  simple('/posts/:postId/skip', 'skip', (id, body, session) => skipPost(ctx, id, text(body, 'reason'), who(session)));
  simple('/posts/:postId/retry', 'retry', (id) => retryPost(ctx, id));
  simple('/posts/:postId/post-now', 'post now', (id) => postNow(ctx, id));

  for (const action of ['pause', 'resume'] as const) {
    app.post<{ Params: { channel: string }; Body: Body }>(`/channels/:channel/${action}`, async (request, reply) => {
      const result = await setChannelPaused(ctx, request.params.channel, action === 'pause', who(request.session));
      ctx.log.warn({ channel: request.params.channel, user: who(request.session) }, `desk: ${action}`);
      return respond(request, reply, result, text(request.body, 'back'));
    });
    app.post<{ Body: Body }>(`/controls/${action}-all`, async (request, reply) => {
      const result = await setChannelPaused(ctx, null, action === 'pause', who(request.session));
      ctx.log.warn({ user: who(request.session) }, `desk: ${action} everything`);
      return respond(request, reply, result, text(request.body, 'back'));
    });
  }

  app.post<{ Params: { feedId: string }; Body: Body }>('/feeds/:feedId/poll', async (request, reply) => {
    const result = await pollNow(ctx, request.params.feedId);
    return respond(request, reply, result, text(request.body, 'back') ?? '/feeds');
  });

  /** The live length counter: the network's own counting, server-side, so it cannot drift from the formatter. */
  app.post<{ Body: Body }>('/api/count', async (request, reply) => {
    const postId = text(request.body, 'postId');
    const post = postId && parsePostId(postId) ? await ctx.posts.get(postId) : undefined;
    const channel = post?.channel ?? text(request.body, 'channel') ?? '';
    const value = text(request.body, 'text') ?? '';
    if (value.length > 100_000) return reply.code(413).send({ ok: false, message: 'text too large' });
    const count = countText(ctx, channel, value.replace(/\r\n/g, '\n'), post?.draft.limit);
    if (!count) return reply.code(404).send({ ok: false, message: `no channel ${channel}` });
    return reply.send(count);
  });
}
