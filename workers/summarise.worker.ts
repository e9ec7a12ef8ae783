import { UnrecoverableError, type Job } from 'bullmq';
import type { Article } from '../src/articles/article.js';
import { channelsForFeed, type ChannelConfig } from '../src/config/load-config.js';
import type { Draft } from '../src/drafts/draft.js';
import { postIdFor } from '../src/ledger/keys.js';
import { createLifecycleLedger } from '../src/ledger/lifecycle-ledger.js';
import type { NewPost } from '../src/ledger/post-ledger.js';
import type { SummariseJobData } from '../src/queues/jobs.js';
import { enqueuePublish } from '../src/queues/publish-jobs.js';
import type { Summary } from '../src/summaries/summary.js';
import type { AppContext } from './context.js';
import { draftForChannel } from './drafting.js';
import { breakingLane } from '../src/editorial/queue-order.js';
import { applyHookBreaking, recordRuleBreaking } from '../src/editorial/claim-followup.js';

/** Builds the draft for one channel; a draft that cannot fit becomes a failed post with the reason. */
export function draftFor(ctx: AppContext, article: Article, summary: Summary, channel: ChannelConfig): Draft {
  const feed = ctx.config.feeds.find((f) => f.id === article.feedId);
  return draftForChannel(ctx.network(channel), article, summary, channel, feed?.templates[channel.id]);
}

/** The summariser's fallback reason, recorded on each post so editors see why (e.g. not the LLM). */
function summaryNote(summary: Summary): { summaryNote?: string } {
  return summary.fallbackReason ? { summaryNote: summary.fallbackReason } : {};
}

export function createSummariseProcessor(ctx: AppContext) {
  return async (job: Job<SummariseJobData>) => {
    const record = await ctx.articles.get(job.data.articleKey);
    if (!record) throw new UnrecoverableError(`article ${job.data.articleKey} is not in the ledger (expired?)`);
    const { article } = record;
    // A story retracted before its posts were made is never posted (#16).
    if (record.retractedAt) return { articleKey: article.key, queued: [], retracted: true };
    const summary = await ctx.summariser.summarise(article);
    const channels = channelsForFeed(ctx.config, job.data.feedId);
    const posts = channels.map((channel) => newPost(ctx, article, summary, channel));
    await applyHookBreaking(ctx, article, posts);
    // Every channel's post in one round trip; create never overwrites, so a retried job changes nothing.
    const created = await ctx.posts.createMany(article.key, posts);
    await recordRuleBreaking(ctx, posts, created);
    // Retracted while this job ran (the retraction may have listed the posts before they existed): cancel them, queue none (#16).
    if ((await ctx.articles.get(article.key))?.retractedAt) {
      const lifecycle = createLifecycleLedger(ctx.redis, { prefix: ctx.config.redis.prefix, retentionDays: ctx.config.ledger.retentionDays });
      for (const channel of channels) await lifecycle.cancel(postIdFor(article.key, channel.id), 'retracted while its posts were being made');
      return { articleKey: article.key, queued: [], retracted: true };
    }
    const results = await Promise.all(channels.map((channel, i) => queueChannel(ctx, article.key, channel, posts[i], created[i] === true)));
    return { articleKey: article.key, queued: results.filter((r): r is string => r !== undefined), summariser: summary.producedBy };
  };
}

/** The channel's post: its draft, waiting for approval or queued; a draft that cannot fit is a failed post with the reason. */
function newPost(ctx: AppContext, article: Article, summary: Summary, channel: ChannelConfig): NewPost {
  const base = { articleKey: article.key, channel: channel.id, network: channel.network, summariser: summary.producedBy, ...summaryNote(summary) };
  let draft: Draft;
  try {
    draft = draftFor(ctx, article, summary, channel);
  } catch (err) {
    const emptyDraft: Draft = { text: '', length: 0, limit: ctx.network(channel).limit, url: article.url, title: article.title, description: '', hashtags: [] };
    return { ...base, draft: emptyDraft, state: 'failed', lastError: (err as Error).message };
  }
  // Why this post has less than usual (headline alone, hashtags withheld), next to any fallback reason.
  const note = [base.summaryNote, draft.note].filter(Boolean).join('; ');
  const manual = channel.approval === 'manual';
  const autoApproveAt = manual && channel.autoApproveAfterMinutes ? new Date(Date.now() + channel.autoApproveAfterMinutes * 60_000).toISOString() : undefined;
  return {
    ...base,
    ...(note ? { summaryNote: note } : {}),
    draft,
    ...(article.publishedAt ? { publishedAt: article.publishedAt } : {}),
    ...breakingLane(ctx.config.editorial, article),
    state: manual ? 'pending_approval' : 'queued',
    ...(autoApproveAt ? { autoApproveAt } : {}),
  };
}

/** Queues the publish job of a post just created (or, on a retried job, of a queued post missing one); returns the channel id when queued. */
async function queueChannel(ctx: AppContext, articleKey: string, channel: ChannelConfig, post: NewPost | undefined, created: boolean): Promise<string | undefined> {
  const postId = postIdFor(articleKey, channel.id);
  if (!post) return undefined;
  if (!created) {
    // A retry of this job: the post exists; only make sure a queued post has its job.
    const existing = await ctx.posts.get(postId);
    if (existing?.state === 'queued') await enqueuePublish(ctx.publishQueue(channel.id), { postId, articleKey, channel: channel.id });
    return undefined;
  }
  if (post.state === 'failed') {
    ctx.log.error({ postId, err: post.lastError }, 'cannot format post');
    return undefined;
  }
  if (post.state === 'pending_approval') {
    // The deadline job finds the post still pending and approves it itself (breaking news should not wait).
    if (post.autoApproveAt) await enqueuePublish(ctx.publishQueue(channel.id), { postId, articleKey, channel: channel.id }, Date.parse(post.autoApproveAt) - Date.now());
    return undefined;
  }
  // Fresh post: no job can exist yet (the job id dedups a retry anyway), so skip the lookup.
  await ctx.publishQueue(channel.id).add('publish', { postId, articleKey, channel: channel.id }, { jobId: postId });
  return channel.id;
}
