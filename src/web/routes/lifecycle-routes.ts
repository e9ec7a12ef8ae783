import type { FastifyInstance } from 'fastify';
import { retractArticle } from '../../desk/retract-actions.js';
import { createLifecycleLedger } from '../../ledger/lifecycle-ledger.js';
import { parsePostId } from '../../ledger/keys.js';
import { wordDiff } from '../../lifecycle/word-diff.js';
import type { WebContext } from '../web-context.js';
import { page } from '../views/layout.js';
import { changesContent, retractContent } from '../views/lifecycle.js';
import { pageContext, respond, sendHtml } from './respond.js';

/**
 * Corrections and retractions on the desk (#16). The security hooks have already checked session,
 * role (only editors POST) and CSRF token; every POST answers with a redirect (post/redirect/get).
 */
type Body = Record<string, unknown> | undefined;
const text = (body: Body, key: string) => (typeof body?.[key] === 'string' ? (body[key] as string) : undefined);
const ARTICLE_KEY = /^[a-z0-9]{1,64}$/;
const STEP = /^(retract|correct:[0-9a-f]{1,64})$/;

export function lifecycleRoutes(app: FastifyInstance, ctx: WebContext): void {
  const lifecycle = createLifecycleLedger(ctx.redis, { prefix: ctx.config.redis.prefix, retentionDays: ctx.config.ledger.retentionDays });

  app.get<{ Params: { key: string } }>('/articles/:key/changes', async (request, reply) => {
    const key = request.params.key;
    const record = ARTICLE_KEY.test(key) ? await ctx.articles.get(key) : undefined;
    if (!record) return reply.code(404).type('text/plain').send('no such article (it may have expired from the ledger)');
    const [versions, posts, pc] = await Promise.all([lifecycle.versions(key), ctx.posts.listForArticle(key), pageContext(ctx, request, reply)]);
    const last = versions.at(-1);
    const steps = await Promise.all(posts.map((p) => lifecycle.steps(p.postId)));
    const view = {
      articleKey: key,
      current: record.article,
      posts: posts.map((post, i) => ({ post, steps: steps[i] ?? [] })),
      ...(record.retractedAt ? { retractedAt: record.retractedAt } : {}),
      ...(last
        ? {
            previous: { article: last.article, replacedAt: new Date(last.replacedAtMs).toISOString() },
            title: wordDiff(last.article.title, record.article.title),
            text: wordDiff(last.article.text, record.article.text),
          }
        : {}),
    };
    return sendHtml(reply, page(pc, { title: `Changes: ${record.article.title}`, page: 'article' }, changesContent(view, pc.session)));
  });

  app.get<{ Params: { key: string } }>('/articles/:key/retract', async (request, reply) => {
    const key = request.params.key;
    const record = ARTICLE_KEY.test(key) ? await ctx.articles.get(key) : undefined;
    if (!record) return reply.code(404).type('text/plain').send('no such article (it may have expired from the ledger)');
    const [posts, pc] = await Promise.all([ctx.posts.listForArticle(key), pageContext(ctx, request, reply)]);
    const out = posts.filter((p) => p.state === 'posted' || p.state === 'unknown' || p.state === 'posting');
    return sendHtml(reply, page(pc, { title: `Retract: ${record.article.title}`, page: 'article' }, retractContent(key, record.article.title, out, pc.session)));
  });

  app.post<{ Params: { key: string }; Body: Body }>('/articles/:key/retract', async (request, reply) => {
    const key = request.params.key;
    const user = request.session?.user ?? 'someone';
    const back = `/articles/${ARTICLE_KEY.test(key) ? key : ''}/changes`;
    if (text(request.body, 'confirm') !== 'yes') return respond(request, reply, { ok: false, status: 422, message: 'tick the confirmation to retract the story' }, `/articles/${key}/retract`);
    const result = await retractArticle(ctx, key, user, text(request.body, 'reason') ?? '');
    ctx.log.warn({ articleKey: key, user, ok: result.ok }, 'desk: retract');
    return respond(request, reply, result, back);
  });

  app.post<{ Body: Body }>('/lifecycle/flags/resolve', async (request, reply) => {
    const postId = text(request.body, 'postId') ?? '';
    const step = text(request.body, 'step') ?? '';
    const ids = parsePostId(postId);
    if (!ids || !STEP.test(step)) return respond(request, reply, { ok: false, status: 400, message: 'no such flag' }, text(request.body, 'back'));
    const done = await lifecycle.resolveFlag(postId, step);
    ctx.log.info({ postId, step, user: request.session?.user }, 'desk: lifecycle flag resolved');
    return respond(request, reply, done ? { ok: true, message: 'marked as handled' } : { ok: false, status: 404, message: 'already handled' }, text(request.body, 'back'));
  });
}
