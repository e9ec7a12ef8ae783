import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { EventLog } from '../ledger/events.js';
import { parsePostId } from '../ledger/keys.js';
import { feedBreakingPingMs } from '../ledger/post-order.js';
import type { PublishJobData } from '../queues/jobs.js';
import { enqueuePublish } from '../queues/publish-jobs.js';
import type { GateWait } from './publish-gates.js';

/**
 * What a publish job does after a gate made it wait (issue #15), besides waiting:
 * - another post is ahead in line: make sure that post's job runs now (it may sleep on an older
 *   spacing delay, or have lost its job), so the line never stalls behind a sleeping head;
 * - the staleness guard just held the post: record it on the post's history.
 */
export async function afterGateWait(ctx: { events: Pick<EventLog, 'emit'> }, queue: Queue<PublishJobData>, postId: string, wait: GateWait): Promise<void> {
  const ahead = wait.ahead ? parsePostId(wait.ahead) : undefined;
  if (wait.ahead && ahead) await enqueuePublish(queue, { postId: wait.ahead, articleKey: ahead.articleKey, channel: ahead.channel });
  const ids = parsePostId(postId);
  if (wait.heldStale && ids) {
    await ctx.events
      .emit({ type: 'action', postId, articleKey: ids.articleKey, channel: ids.channel, action: 'held', by: 'staleness guard', detail: wait.heldStale })
      .catch(() => undefined);
  }
}

/** A config rule put new posts in the breaking lane: say so on their history (what marked them). */
export async function recordRuleBreaking(
  ctx: { events: Pick<EventLog, 'emit'> },
  posts: readonly { articleKey: string; channel: string; lane?: string; laneBy?: string }[],
  created: readonly boolean[],
): Promise<void> {
  for (const [i, p] of posts.entries()) {
    if (!created[i] || p.lane !== 'breaking') continue;
    await ctx.events
      .emit({ type: 'action', postId: `${p.articleKey}.${p.channel}`, articleKey: p.articleKey, channel: p.channel, action: 'marked breaking', by: p.laneBy ?? 'a rule' })
      .catch(() => undefined);
  }
}

/** A story the poll found after the CMS hook said "breaking" is discovered this long before the ping at most. */
const HOOK_CLOCK_SKEW_MS = 5_000;

/**
 * The CMS hook said the feed's next story is breaking (`/hooks/poll/<feed>?breaking=1`): stories of
 * that feed discovered since the ping start in the breaking lane (posts that could not be drafted stay failed).
 */
export async function applyHookBreaking(
  ctx: { redis: Redis; config: { redis: { prefix: string } } },
  article: { feedId: string; discoveredAt: string },
  posts: { state: string; lane?: 'breaking'; laneBy?: string }[],
): Promise<void> {
  const pingMs = await feedBreakingPingMs(ctx.redis, ctx.config.redis.prefix, article.feedId);
  const discoveredMs = Date.parse(article.discoveredAt);
  if (pingMs === undefined || !(discoveredMs >= pingMs - HOOK_CLOCK_SKEW_MS)) return;
  for (const p of posts) {
    if (p.state === 'failed' || p.lane) continue;
    p.lane = 'breaking';
    p.laneBy = 'cms hook';
  }
}
