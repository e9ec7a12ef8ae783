import type { FastifyInstance } from 'fastify';
import { parsePostId } from '../../ledger/keys.js';
import type { WebContext } from '../web-context.js';
import { collectStatusFrom } from '../status-data.js';
import { channelViews, listArticleRows, loadArticleRow, matches, parseFilter } from '../desk-data.js';
import { opsOverview } from '../ops-data.js';
import { safeBack } from '../security.js';
import type { Session } from '../session.js';
import { articleContent, postStatus } from '../views/article.js';
import { controlsBar } from '../views/components.js';
import { articleRow, deskContent } from '../views/desk.js';
import { feedsContent } from '../views/feeds.js';
import { page } from '../views/layout.js';
import { opsContent } from '../views/ops.js';
import { pageContext, sendHtml } from './respond.js';

const ARTICLE_KEY = /^[a-z0-9]{1,64}$/;

export function pageRoutes(app: FastifyInstance, ctx: WebContext, opts: { ready: () => Promise<{ redis: boolean; workers: boolean }> }): void {
  const tz = ctx.config.publication.timezone;

  app.get('/', async (request, reply) => {
    const filter = parseFilter(request.query as Record<string, unknown>, ctx);
    const [{ rows, more }, pending, pc] = await Promise.all([listArticleRows(ctx, filter), ctx.posts.listPendingApproval(), pageContext(ctx, request, reply)]);
    return sendHtml(reply, page(pc, { title: 'Desk', page: 'desk' }, deskContent(ctx.config, filter, rows, more, pending.length)));
  });

  app.get<{ Params: { key: string } }>('/articles/:key', async (request, reply) => {
    const row = ARTICLE_KEY.test(request.params.key) ? await loadArticleRow(ctx, request.params.key) : undefined;
    if (!row) return reply.code(404).type('text/plain').send('no such article (it may have expired from the ledger)');
    const pc = await pageContext(ctx, request, reply);
    return sendHtml(reply, page(pc, { title: row.record.article.title, page: 'article' }, articleContent(row, pc.session, tz)));
  });

  app.get<{ Params: { postId: string } }>('/posts/:postId', async (request, reply) => {
    const ids = parsePostId(request.params.postId);
    if (!ids) return reply.code(404).send('no such post');
    return reply.redirect(`/articles/${ids.articleKey}#post-${ids.channel}`, 303);
  });

  app.get('/feeds', async (request, reply) => {
    const [status, pc] = await Promise.all([collectStatusFrom(ctx), pageContext(ctx, request, reply)]);
    const feeds = status.feeds.map((f) => ({ ...f, title: ctx.config.feeds.find((x) => x.id === f.feedId)?.title }));
    return sendHtml(reply, page(pc, { title: 'Feeds', page: 'feeds' }, feedsContent(feeds, pc.session, tz)));
  });

  app.get('/ops', async (request, reply) => {
    const [overview, status, pending, ready, pc] = await Promise.all([opsOverview(ctx), collectStatusFrom(ctx), ctx.posts.listPendingApproval(), opts.ready(), pageContext(ctx, request, reply)]);
    return sendHtml(reply, page(pc, { title: 'Ops', page: 'ops' }, opsContent(overview, status.queues, pending.length, ready)));
  });

  // Fragments: the desk's JS swaps these in when an event arrives (rendered and escaped here, never in the browser).
  app.get<{ Params: { key: string } }>('/fragments/article/:key', async (request, reply) => {
    const row = ARTICLE_KEY.test(request.params.key) ? await loadArticleRow(ctx, request.params.key) : undefined;
    if (!row || !matches(row, parseFilter(request.query as Record<string, unknown>, ctx))) return reply.code(204).send();
    return sendHtml(reply, articleRow(row, tz));
  });

  app.get<{ Params: { postId: string } }>('/fragments/post-status/:postId', async (request, reply) => {
    const post = parsePostId(request.params.postId) ? await ctx.posts.get(request.params.postId) : undefined;
    if (!post) return reply.code(204).send();
    return sendHtml(reply, postStatus(post, request.session as Session, tz));
  });

  app.get<{ Querystring: { back?: string } }>('/fragments/controls', async (request, reply) => {
    return sendHtml(reply, controlsBar(await channelViews(ctx), request.session as Session, safeBack(request.query.back)));
  });
}
