import type { FastifyInstance } from 'fastify';
import { chooseSentences, MAX_CHOSEN_SENTENCES } from '../../desk/sentence-swap.js';
import type { WebContext } from '../web-context.js';
import { respond } from './respond.js';

/**
 * "Use this" on a post's candidate sentences (#14). The security hooks have already checked the
 * session, the editor role and the CSRF token; the answer is post/redirect/get back to the post
 * (or JSON for a script), with the outcome as the page's notice.
 */
type Body = Record<string, unknown> | undefined;

/** No candidate sentence is longer (drafts keep alternatives of at most 600 characters). */
const MAX_SENTENCE_CHARS = 2_000;

/** `sentence` once or repeated (a form may send several); anything else is no choice at all. */
function chosenOf(body: Body): string[] | undefined {
  const raw = body?.['sentence'];
  const list = typeof raw === 'string' ? [raw] : Array.isArray(raw) ? raw : [];
  if (list.length > MAX_CHOSEN_SENTENCES || !list.every((s): s is string => typeof s === 'string' && s.length <= MAX_SENTENCE_CHARS)) return undefined;
  return list.map((s) => s.replace(/\r\n/g, '\n'));
}

export function sentenceRoutes(app: FastifyInstance, ctx: WebContext): void {
  app.post<{ Params: { postId: string }; Body: Body }>('/posts/:postId/sentences', async (request, reply) => {
    const { postId } = request.params;
    const user = request.session?.user ?? 'someone';
    const chosen = chosenOf(request.body);
    const result = chosen
      ? await chooseSentences(ctx, postId, chosen, user)
      : { ok: false as const, status: 422, message: `choose one to ${MAX_CHOSEN_SENTENCES} of the listed sentences` };
    ctx.log.info({ postId, user, ok: result.ok, ...(result.ok ? {} : { refused: result.message }) }, 'desk: use sentence');
    return respond(request, reply, result, request.body?.['back']);
  });
}
