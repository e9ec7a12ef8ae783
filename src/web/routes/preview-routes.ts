import type { FastifyInstance, FastifyReply } from 'fastify';
import { imageCandidates } from '../../desk/image-candidates.js';
import { swapImage } from '../../desk/image-swap.js';
import { parsePostId } from '../../ledger/keys.js';
import { renderCard } from '../../media/card-render.js';
import { domainOf } from '../../media/image-select.js';
import { proxiedImage, type ProxiedImage } from '../image-proxy.js';
import { safeBack } from '../security.js';
import type { Session } from '../session.js';
import { page } from '../views/layout.js';
import { imageChoiceContent } from '../views/preview-swap.js';
import type { WebContext } from '../web-context.js';
import { pageContext, respond, sendHtml } from './respond.js';

/**
 * Previews' images and the image swap (issue #15). Images are served from the desk's origin, only
 * for URLs the desk chose (a post's image, an article's candidates), fetched by the SSRF-safe
 * fetch (image-proxy.ts). The swap is an editor's POST (session, role and CSRF checked by the
 * security hooks) answered with post/redirect/get; the ledger records it in the post's history.
 */
const ARTICLE_KEY = /^[a-z0-9]{1,64}$/;
const MAX_URL_CHARS = 2_000;
const CARD_CACHE_MAX = 32;
type Body = Record<string, unknown> | undefined;

function sendImage(reply: FastifyReply, img: ProxiedImage) {
  // A hostile image host never gets to run anything here: sniffed type, nosniff, no caching across users.
  return reply.code(img.status).header('cache-control', 'private, max-age=300').header('x-content-type-options', 'nosniff').header('content-security-policy', "default-src 'none'; sandbox").type(img.contentType).send(img.body);
}

const notFound = (reply: FastifyReply, what: string) => reply.code(404).type('text/plain; charset=utf-8').send(`${what}\n`);

export function previewRoutes(app: FastifyInstance, ctx: WebContext): void {
  const cards = new Map<string, Promise<Buffer>>();
  const article = async (key: string) => (ARTICLE_KEY.test(key) ? (await ctx.articles.get(key))?.article : undefined);
  const withCard = () => ctx.config.publicBaseUrl !== undefined;
  const cardPreview = (a: { key: string; title: string; url: string }): Promise<Buffer> => {
    let card = cards.get(a.key);
    if (!card) {
      const brand = ctx.config.publication.brand;
      card = renderCard({ headline: a.title, publicationName: ctx.config.publication.name, footer: domainOf(a.url), ...(brand ? { brand } : {}) }).then((b) => Buffer.from(b));
      if (cards.size >= CARD_CACHE_MAX) cards.delete(cards.keys().next().value ?? '');
      cards.set(a.key, card);
    }
    return card;
  };

  app.get<{ Params: { postId: string } }>('/posts/:postId/image', async (request, reply) => {
    const post = parsePostId(request.params.postId) ? await ctx.posts.get(request.params.postId) : undefined;
    if (!post?.draft.imageUrl) return notFound(reply, 'no image');
    return sendImage(reply, await proxiedImage(ctx, post.draft.imageUrl));
  });

  /** `?or=card`: the generated card when the page has no og:image (what Instagram would post). */
  app.get<{ Params: { key: string }; Querystring: { or?: string } }>('/articles/:key/og-image', async (request, reply) => {
    const a = await article(request.params.key);
    const og = a ? (await imageCandidates(a, withCard())).find((c) => c.source === 'og:image')?.url : undefined;
    if (!og && a && request.query.or === 'card') return sendImage(reply, { status: 200, contentType: 'image/jpeg', body: await cardPreview(a) });
    if (!og) return notFound(reply, 'the article page has no og:image');
    return sendImage(reply, await proxiedImage(ctx, og));
  });

  app.get<{ Params: { key: string; n: string } }>('/articles/:key/images/:n', async (request, reply) => {
    const a = await article(request.params.key);
    const url = a ? (await imageCandidates(a, withCard()))[Number.parseInt(request.params.n, 10)]?.url : undefined;
    if (!url) return notFound(reply, 'no such image');
    return sendImage(reply, await proxiedImage(ctx, url));
  });

  /** What the generated card would look like (drawn here, stored nowhere until chosen). */
  app.get<{ Params: { key: string } }>('/articles/:key/card-preview.jpg', async (request, reply) => {
    const a = await article(request.params.key);
    if (!a) return notFound(reply, 'no such article');
    return sendImage(reply, { status: 200, contentType: 'image/jpeg', body: await cardPreview(a) });
  });

  app.get<{ Params: { postId: string }; Querystring: { back?: string } }>('/posts/:postId/image-choice', async (request, reply) => {
    const post = parsePostId(request.params.postId) ? await ctx.posts.get(request.params.postId) : undefined;
    const a = post ? await article(post.articleKey) : undefined;
    const channel = post ? ctx.config.channels.find((c) => c.id === post.channel) : undefined;
    if (!post || !a || !channel) return notFound(reply, 'no such post');
    const [candidates, pc] = await Promise.all([imageCandidates(a, withCard()), pageContext(ctx, request, reply)]);
    return sendHtml(reply, page(pc, { title: `Image for ${post.channel}`, page: 'article' }, imageChoiceContent(post, a.title, candidates, pc.session, channel.options, request.query.back !== undefined ? safeBack(request.query.back) : undefined)));
  });

  app.post<{ Params: { postId: string }; Body: Body }>('/posts/:postId/image', async (request, reply) => {
    const { postId } = request.params;
    const user = (request.session as Session | undefined)?.user ?? 'someone';
    const source = request.body?.['source'];
    const url = request.body?.['url'];
    const ids = parsePostId(postId);
    const back = request.body?.['back'] ?? (ids ? `/articles/${ids.articleKey}#post-${ids.channel}` : '/');
    if (typeof source !== 'string' || (url !== undefined && (typeof url !== 'string' || url.length > MAX_URL_CHARS))) return respond(request, reply, { ok: false, status: 422, message: 'choose one of the listed images' }, back);
    const result = await swapImage(ctx, postId, { source, ...(typeof url === 'string' ? { url } : {}) }, user);
    ctx.log.info({ postId, user, source, ok: result.ok, ...(result.ok ? {} : { refused: result.message }) }, 'desk: change image');
    return respond(request, reply, result, back);
  });
}
