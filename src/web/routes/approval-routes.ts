import type { FastifyInstance } from 'fastify';
import { approvePost, skipPost } from '../../desk/post-actions.js';
import { parsePostId } from '../../ledger/keys.js';
import type { PostRecord } from '../../ledger/post-ledger.js';
import { recordAction } from '../post-history.js';
import type { Session } from '../session.js';
import { approvalsContent, type InboxStory } from '../views/approvals.js';
import { page } from '../views/layout.js';
import type { WebContext } from '../web-context.js';
import { pageContext, respond, sendHtml } from './respond.js';

/** The approval inbox and its bulk actions (issue #15). */
const PAGE_SIZE = 25;
const MAX_BULK = 500;
type Body = Record<string, unknown> | undefined;

async function pendingPosts(ctx: WebContext): Promise<PostRecord[]> {
  const ids = await ctx.posts.listPendingApproval();
  const posts = await Promise.all(ids.map((id) => ctx.posts.get(id)));
  return posts.filter((p): p is PostRecord => p?.state === 'pending_approval');
}

export function approvalRoutes(app: FastifyInstance, ctx: WebContext): void {
  app.get<{ Querystring: { page?: string } }>('/approvals', async (request, reply) => {
    const posts = await pendingPosts(ctx);
    // Newest story first; a story's networks stay together on one page.
    const byArticle = new Map<string, PostRecord[]>();
    for (const p of [...posts].sort((a, b) => b.createdAt.localeCompare(a.createdAt))) byArticle.set(p.articleKey, [...(byArticle.get(p.articleKey) ?? []), p]);
    const keys = [...byArticle.keys()];
    const pages = Math.max(1, Math.ceil(keys.length / PAGE_SIZE));
    const n = Math.min(pages, Math.max(1, Number.parseInt(request.query.page ?? '1', 10) || 1));
    const slice = keys.slice((n - 1) * PAGE_SIZE, n * PAGE_SIZE);
    const records = await Promise.all(slice.map((k) => ctx.articles.get(k)));
    const stories: InboxStory[] = slice.map((k, i) => ({ articleKey: k, title: records[i]?.article.title ?? k, posts: byArticle.get(k) ?? [] }));
    const pc = await pageContext(ctx, request, reply);
    return sendHtml(reply, page(pc, { title: posts.length ? `(${posts.length}) Approvals` : 'Approvals', page: 'approvals' }, approvalsContent(stories, pc.session, { total: posts.length, page: n, pages, preview: { options: new Map(ctx.config.channels.map((c) => [c.id, c.options])), publicationName: ctx.config.publication.name } })));
  });

  app.get('/fragments/pending-count', async (_request, reply) => reply.header('cache-control', 'no-store').send({ count: (await ctx.posts.listPendingApproval()).length }));

  /** Many posts at once: the selected ones (`postId`, repeated) or every held post of a story (`article`). */
  app.post<{ Body: Body }>('/approvals/bulk', async (request, reply) => {
    const body = request.body ?? {};
    const action = body.action === 'skip' ? 'skip' : body.action === 'approve' ? 'approve' : undefined;
    const back = typeof body.back === 'string' ? body.back : '/approvals';
    if (!action) return respond(request, reply, { ok: false, status: 400, message: 'choose approve or skip' }, back);
    const user = (request.session as Session | undefined)?.user ?? 'someone';
    const raw = body.postId;
    let ids = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((x): x is string => typeof x === 'string' && parsePostId(x) !== undefined).slice(0, MAX_BULK);
    if (typeof body.article === 'string') ids = (await pendingPosts(ctx)).filter((p) => p.articleKey === body.article).map((p) => p.postId);
    if (ids.length === 0) return respond(request, reply, { ok: false, status: 400, message: 'nothing selected' }, back);
    let done = 0;
    const refused: string[] = [];
    for (const id of [...new Set(ids)]) {
      const r = action === 'approve' ? await approvePost(ctx, id) : await skipPost(ctx, id, undefined, user);
      if (r.ok) {
        done += 1;
        await recordAction(ctx, id, action === 'approve' ? 'approved (inbox)' : 'skipped (inbox)', user);
      }
      else refused.push(`${parsePostId(id)?.channel ?? id}: ${r.message}`);
    }
    ctx.log.info({ user, action, done, refused: refused.length }, 'desk: bulk');
    const message = `${action === 'approve' ? 'approved' : 'skipped'} ${done} post${done === 1 ? '' : 's'}${refused.length ? `; ${refused.length} refused (${refused.slice(0, 3).join('; ')})` : ''}`;
    return respond(request, reply, done > 0 ? { ok: true, message } : { ok: false, status: 409, message }, back);
  });
}
