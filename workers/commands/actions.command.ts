import type { Config } from '../../src/config/load-config.js';
import { parsePostId } from '../../src/ledger/keys.js';
import { feedSchedulerId } from '../../src/queues/names.js';
import { enqueuePublish } from '../summarise.worker.js';
import { withContext } from './with-context.js';

export async function runPostAction(config: Config, action: 'approve' | 'skip' | 'retry', postId: string | undefined, reason: string | undefined, out: (s: string) => void): Promise<number> {
  const parsed = postId ? parsePostId(postId) : undefined;
  if (!postId || !parsed) {
    out(`usage: crier ${action} <post-id>   (post ids look like a1b2c3….x)`);
    return 1;
  }
  const channel = config.channels.find((c) => c.id === parsed.channel);
  if (!channel) {
    out(`unknown channel "${parsed.channel}" in ${postId}`);
    return 1;
  }
  return withContext(config, async (ctx) => {
    const post = await ctx.posts.get(postId);
    if (!post) {
      out(`no post ${postId}`);
      return 1;
    }
    let ok: boolean;
    if (action === 'skip') ok = await ctx.posts.skip(postId, reason ?? 'skipped by an editor');
    else {
      ok = action === 'approve' ? await ctx.posts.approve(postId) : await ctx.posts.requeue(postId);
      if (ok) await enqueuePublish(ctx, channel, parsed.articleKey, postId);
    }
    out(ok ? `${action}: ${postId} (${post.draft.title})` : `cannot ${action} ${postId}: it is ${post.state}`);
    return ok ? 0 : 1;
  });
}

export async function runChannelAction(config: Config, action: 'pause' | 'resume', target: string | undefined, reason: string | undefined, out: (s: string) => void): Promise<number> {
  const channels = target === 'all' ? config.channels : config.channels.filter((c) => c.id === target);
  if (!target || channels.length === 0) {
    out(`usage: crier ${action} <channel|all>; channels: ${config.channels.map((c) => c.id).join(', ')}`);
    return 1;
  }
  return withContext(config, async (ctx) => {
    for (const c of channels) {
      const q = ctx.publishQueue(c.id);
      if (action === 'pause') {
        await ctx.control.setPaused(c.id, reason ?? 'paused by an operator');
        await q.pause();
      } else {
        await ctx.control.clearPaused(c.id);
        await q.resume();
      }
      out(`${action}d ${c.id}`);
    }
    return 0;
  });
}

export async function runPollNow(config: Config, feedId: string | undefined, out: (s: string) => void): Promise<number> {
  const feed = config.feeds.find((f) => f.id === feedId);
  if (!feed) {
    out(`usage: crier poll <feed-id>; feeds: ${config.feeds.map((f) => f.id).join(', ')}`);
    return 1;
  }
  return withContext(config, async (ctx) => {
    await ctx.feedStates.clearBackoff(feed.id);
    await ctx.pollQueue.add('poll', { feedId: feed.id, manual: true }, { jobId: `${feedSchedulerId(feed.id)}-manual-${Date.now()}` });
    out(`poll of ${feed.id} queued`);
    return 0;
  });
}
