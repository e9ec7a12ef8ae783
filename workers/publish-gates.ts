import type { ChannelConfig } from '../src/config/load-config.js';
import type { PostRecord } from '../src/ledger/post-ledger.js';
import type { AppContext } from './context.js';
import { monthKey, nextDayStartMs, nextMonthStartMs, quietHoursEndMs } from './schedule.js';

export interface GateWait {
  untilMs: number;
  reason: string;
}

/**
 * Editorial and budget rules that make a queued post wait (never fail): embargo, quiet hours,
 * daily cap, monthly budget, spacing. "Post now" (`urgent`) skips all of them but the budget.
 * Spacing goes last because it reserves a slot.
 */
export async function checkPublishGates(ctx: AppContext, channel: ChannelConfig, post: PostRecord, opts: { urgent: boolean; nowMs?: number }): Promise<GateWait | undefined> {
  const nowMs = opts.nowMs ?? Date.now();
  const tz = ctx.config.publication.timezone;
  const def = ctx.network(channel);

  if (channel.monthlyBudgetUsd !== undefined && def.costUsd) {
    const month = monthKey(nowMs, tz);
    const cost = def.costUsd(post.draft, channel.options);
    const spent = await ctx.control.monthlySpendUsd(channel.id, month);
    if (spent + cost > channel.monthlyBudgetUsd + 1e-9) {
      return { untilMs: nextMonthStartMs(nowMs, tz), reason: `monthly budget $${channel.monthlyBudgetUsd} reached ($${spent.toFixed(3)} spent, this post costs $${cost})` };
    }
  }
  if (opts.urgent) return undefined;

  const publishedAt = post.publishedAt;
  const publishedMs = publishedAt ? Date.parse(publishedAt) : NaN;
  if (Number.isFinite(publishedMs) && publishedMs > nowMs + 1_000) {
    return { untilMs: publishedMs, reason: `embargoed until ${new Date(publishedMs).toISOString()}` };
  }
  if (channel.quietHours) {
    const end = quietHoursEndMs(nowMs, channel.quietHours, tz);
    if (end !== undefined) return { untilMs: end, reason: `quiet hours ${channel.quietHours} (${tz})` };
  }
  if (channel.dailyCap !== undefined && (await ctx.control.postedToday(channel.id)) >= channel.dailyCap) {
    return { untilMs: nextDayStartMs(new Date(nowMs), tz), reason: `daily cap of ${channel.dailyCap} reached` };
  }
  const slot = await ctx.control.reserveSlot(channel.id, channel.spacingSeconds * 1000, nowMs);
  if (slot > nowMs) return { untilMs: slot, reason: `spacing ${channel.spacingSeconds}s` };
  return undefined;
}
