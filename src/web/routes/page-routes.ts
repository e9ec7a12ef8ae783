import type { FastifyInstance } from 'fastify';
import { parsePostId } from '../../ledger/keys.js';
import type { WebContext } from '../web-context.js';
import { collectStatusFrom } from '../../desk/status-data.js';
import { channelViews, listArticleRows, loadArticleRow, matches, parseFilter } from '../desk-data.js';
import { opsOverview } from '../ops-data.js';
import { channelQueues, waitIndex } from '../queue-data.js';
import { takeRefused } from '../post-edit.js';
import { historiesFor } from '../post-history.js';
import { countText } from '../../desk/post-actions.js';
import { readOutbox } from '../../publishers/dry-run/outbox-publisher.js';
import { queueContent } from '../views/queue.js';
import { safeBack } from '../security.js';
import type { Session } from '../session.js';
import { articleContent, postStatus } from '../views/article.js';
import { controlsBar } from '../views/components.js';
import { articleRow, deskContent } from '../views/desk.js';
import { feedsContent } from '../views/feeds.js';
import { page } from '../views/layout.js';
import { opsContent } from '../views/ops.js';
import { pageContext, sendHtml } from './respond.js';
import { previewRoutes } from './preview-routes.js';

const ARTICLE_KEY = /^[a-z0-9]{1,64}$/;

export function pageRoutes(app: FastifyInstance, ctx: WebContext, opts: { ready: () => Promise<{ redis: boolean; workers: boolean }> }): void {
  const tz = ctx.config.publication.timezone;

  app.get('/', async (request, reply) => {
    const filter = parseFilter(request.query as Record<string, unknown>, ctx);
    const [{ rows, more }, pending, pc, waits] = await Promise.all([listArticleRows(ctx, filter), ctx.posts.listPendingApproval(), pageContext(ctx, request, reply), waitIndex(ctx)]);
    return sendHtml(reply, page(pc, { title: pending.length ? `(${pending.length}) Desk` : 'Desk', page: 'desk' }, deskContent(ctx.config, filter, rows, more, pending.length, waits)));
  });

  app.get<{ Params: { key: string } }>('/articles/:key', async (request, reply) => {
    const row = ARTICLE_KEY.test(request.params.key) ? await loadArticleRow(ctx, request.params.key) : undefined;
    if (!row) return reply.code(404).type('text/plain').send('no such article (it may have expired from the ledger)');
    const [pc, waits, histories] = await Promise.all([pageContext(ctx, request, reply), waitIndex(ctx), historiesFor(ctx, row.posts)]);
    const paused = new Set(pc.channels.filter((c) => c.paused).map((c) => c.id));
    const refused = await takeRefused(ctx, (request.query as Record<string, unknown>).refused, pc.session.user, request.params.key);
    const post = refused ? row.posts.find((p) => p.postId === refused.postId) : undefined;
    const count = refused && post ? countText(ctx, refused.channel, refused.text, post.draft.limit) : undefined;
    const edit = refused ? { channel: refused.channel, text: refused.text, error: refused.error, ...(count ? { length: count.length } : {}) } : undefined;
    const options = new Map(ctx.config.channels.map((c) => [c.id, c.options]));
    return sendHtml(reply, page(pc, { title: row.record.article.title, page: 'article' }, articleContent(row, pc.session, tz, edit, { paused, waits, histories, options, publicationName: ctx.config.publication.name })));
  });

  app.get<{ Params: { postId: string } }>('/posts/:postId', async (request, reply) => {
    const ids = parsePostId(request.params.postId);
    if (!ids) return reply.code(404).send('no such post');
    return reply.redirect(`/articles/${ids.articleKey}#post-${ids.channel}`, 303);
  });

  app.get<{ Params: { channel: string } }>('/queue/:channel', async (request, reply) => {
    const queue = (await channelQueues(ctx, request.params.channel)).get(request.params.channel);
    if (!queue) return reply.code(404).type('text/plain').send('no such network');
    const keys = [...new Set([...queue.queued, ...queue.held, ...queue.pending].map((e) => e.post.articleKey))];
    const records = await Promise.all(keys.map((k) => ctx.articles.get(k)));
    const titles = new Map(keys.map((k, i) => [k, records[i]?.article.title ?? k]));
    const pc = await pageContext(ctx, request, reply);
    return sendHtml(reply, page(pc, { title: `${queue.channelId} queue`, page: 'queue' }, queueContent(queue, titles, tz, pc.session)));
  });

  /** A dry-run post's line in the outbox: what would have been posted. */
  app.get<{ Params: { postId: string } }>('/posts/:postId/outbox', async (request, reply) => {
    const ids = parsePostId(request.params.postId);
    const entries = ids && ctx.config.channels.some((c) => c.id === ids.channel) ? await readOutbox(ctx.config.outbox.dir, ids.channel) : [];
    const entry = entries.find((e) => e.postId === request.params.postId);
    if (!entry) return reply.code(404).type('text/plain; charset=utf-8').send('not in the dry-run outbox');
    return reply.header('cache-control', 'no-store').type('application/json; charset=utf-8').send(JSON.stringify(entry, null, 2));
  });

  app.get('/feeds', async (request, reply) => {
    const [status, pc] = await Promise.all([collectStatusFrom(ctx), pageContext(ctx, request, reply)]);
    const feeds = status.feeds.map((f) => ({ ...f, title: ctx.config.feeds.find((x) => x.id === f.feedId)?.title }));
    return sendHtml(reply, page(pc, { title: 'Feeds', page: 'feeds' }, feedsContent(feeds, pc.session, tz)));
  });

  app.get('/ops', async (request, reply) => {
    const [overview, status, pending, ready, pc] = await Promise.all([opsOverview(ctx), collectStatusFrom(ctx), ctx.posts.listPendingApproval(), opts.ready(), pageContext(ctx, request, reply)]);
    return sendHtml(reply, page(pc, { title: 'Ops', page: 'ops' }, opsContent(overview, status.queues, pending.length, ready, pc.attention)));
  });

  // Fragments: the desk's JS swaps these in when an event arrives (rendered and escaped here, never in the browser).
  app.get<{ Params: { key: string } }>('/fragments/article/:key', async (request, reply) => {
    const row = ARTICLE_KEY.test(request.params.key) ? await loadArticleRow(ctx, request.params.key) : undefined;
    if (!row || !matches(row, parseFilter(request.query as Record<string, unknown>, ctx))) return reply.code(204).send();
    return sendHtml(reply, articleRow(row, tz, await waitIndex(ctx)));
  });

  app.get<{ Params: { postId: string } }>('/fragments/post-status/:postId', async (request, reply) => {
    const post = parsePostId(request.params.postId) ? await ctx.posts.get(request.params.postId) : undefined;
    if (!post) return reply.code(204).send();
    const [waits, paused] = await Promise.all([waitIndex(ctx), ctx.publishQueue(post.channel).isPaused()]);
    return sendHtml(reply, postStatus(post, request.session as Session, tz, paused, waits.get(post.postId)));
  });

  previewRoutes(app, ctx);

  app.get<{ Querystring: { back?: string } }>('/fragments/controls', async (request, reply) => {
    return sendHtml(reply, controlsBar(await channelViews(ctx), request.session as Session, safeBack(request.query.back)));
  });
}
