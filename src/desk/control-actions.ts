import { feedSchedulerId } from '../queues/names.js';
import type { ActionResult, DeskLedgerContext } from './desk-context.js';

/**
 * What an editor or operator does to a channel or a feed: pause, resume, poll now. Shared by the
 * desk and the CLI like the post actions; pausing emits a channel event so every open desk updates.
 */

/** `channelId` null: every enabled channel ("pause everything"). */
export async function setChannelPaused(ctx: DeskLedgerContext, channelId: string | null, paused: boolean, user: string, reason?: string): Promise<ActionResult> {
  const channels = channelId === null ? ctx.config.channels.filter((c) => c.enabled) : ctx.config.channels.filter((c) => c.id === channelId);
  if (channels.length === 0) return { ok: false, status: 404, message: `no channel ${channelId}` };
  for (const c of channels) {
    const queue = ctx.publishQueue(c.id);
    if (paused) {
      await ctx.control.setPaused(c.id, reason ?? `paused by ${user}`);
      await queue.pause();
    } else {
      await ctx.control.clearPaused(c.id);
      await queue.resume();
    }
    await ctx.events.emit({ type: 'channel', channel: c.id, action: paused ? 'paused' : 'resumed', reason: reason ?? `by ${user}` }).catch(() => undefined);
  }
  const what = channelId ?? 'every network';
  return { ok: true, message: `${paused ? 'paused' : 'resumed'} ${what}` };
}

/** `jobKey` names the poll job: requests with the same key share one (the CMS hook groups a burst of pings). */
export async function pollNow(ctx: DeskLedgerContext, feedId: string, jobKey = `manual-${Date.now()}`, delayMs = 0): Promise<ActionResult> {
  const feed = ctx.config.feeds.find((f) => f.id === feedId);
  if (!feed) return { ok: false, status: 404, message: `no feed ${feedId}` };
  await ctx.feedStates.clearBackoff(feed.id);
  await ctx.pollQueue.add('poll', { feedId: feed.id, manual: true }, { jobId: `${feedSchedulerId(feed.id)}-${jobKey}`, ...(delayMs > 0 ? { delay: delayMs } : {}) });
  return { ok: true, message: `poll of ${feed.id} queued` };
}
