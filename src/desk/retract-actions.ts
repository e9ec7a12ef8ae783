import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from '../config/load-config.js';
import type { ArticleLedger } from '../ledger/article-ledger.js';
import { createLifecycleLedger } from '../ledger/lifecycle-ledger.js';
import type { PostLedger } from '../ledger/post-ledger.js';
import { enqueueLifecycle, type LifecycleJobData } from '../lifecycle/lifecycle-jobs.js';
import type { ActionResult } from './desk-context.js';

/**
 * An editor retracts a story (#16): the desk's button (src/web/routes/lifecycle-routes.ts) and
 * `crier retract` (cli/commands/retract.command.ts) call this, so the two never disagree.
 * The story is marked retracted and every post not out yet is cancelled here, at once, even if no
 * worker runs; removing the posts already out is the lifecycle job's (workers/lifecycle.worker.ts).
 */
export interface RetractContext {
  config: Pick<Config, 'redis' | 'ledger'>;
  redis: Redis;
  articles: Pick<ArticleLedger, 'get'>;
  posts: Pick<PostLedger, 'listForArticle'>;
  lifecycleQueue: Queue<LifecycleJobData>;
}

const ARTICLE_KEY = /^[a-z0-9]{1,64}$/;
export const RETRACT_REASON_MAX_CHARS = 500;

/** One line, no control characters, capped: it is stored on every post and shown on the desk. */
function cleanReason(reason: string): string {
  return [...reason.slice(0, RETRACT_REASON_MAX_CHARS * 2)]
    .map((ch) => (/[\p{Cc}\p{Cf}]/u.test(ch) ? ' ' : ch))
    .join('')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, RETRACT_REASON_MAX_CHARS);
}

export async function retractArticle(ctx: RetractContext, articleKey: string, by: string, reason = ''): Promise<ActionResult> {
  if (!ARTICLE_KEY.test(articleKey)) return { ok: false, status: 404, message: `no article ${articleKey.slice(0, 80)}` };
  const record = await ctx.articles.get(articleKey);
  if (!record) return { ok: false, status: 404, message: `no article ${articleKey}` };
  const why = cleanReason(reason);
  const lifecycle = createLifecycleLedger(ctx.redis, { prefix: ctx.config.redis.prefix, retentionDays: ctx.config.ledger.retentionDays });
  const first = await lifecycle.markRetracted(articleKey);
  const posts = await ctx.posts.listForArticle(articleKey);
  let cancelled = 0;
  for (const post of posts) {
    const before = await lifecycle.cancel(post.postId, `retracted by ${by}${why ? `: ${why}` : ''}`);
    if (before === 'queued' || before === 'pending_approval' || before === 'failed') cancelled++;
  }
  // Always queued, also for a story already retracted: a rerun retries removals that failed.
  await enqueueLifecycle(ctx.lifecycleQueue, { kind: 'retract', articleKey, by, reason: why });
  const out = posts.filter((p) => p.state === 'posted' || p.state === 'posting' || p.state === 'unknown').length;
  const msg = `${first ? 'retracted' : 'already retracted'}: ${cancelled} post${cancelled === 1 ? '' : 's'} cancelled, ${out} already out to delete or flag`;
  return { ok: true, message: msg };
}
