import type { ChannelConfig } from '../config/load-config.js';
import type { ChannelControl } from '../ledger/channel-control.js';
import type { ClaimOutcome, ClaimResult, PostLedger, PostRecord } from '../ledger/post-ledger.js';
import type { NetworkDefinition } from '../publishers/publisher.js';
import { monthKey, nextDayStartMs, nextMonthStartMs, quietHoursEndMs } from './schedule.js';

export interface GateWait {
  untilMs: number;
  reason: string;
}

/**
 * What the gates read, and no more: the posts ledger (claim script), the channel counters, the
 * publication's time zone and the network's price. The composition root's context satisfies it.
 */
export interface GateContext {
  posts: Pick<PostLedger, 'get' | 'claimWithGates'>;
  control: Pick<ChannelControl, 'dailyKey' | 'monthlySpendUsd'>;
  config: { publication: { timezone: string } };
  network(channel: ChannelConfig): Pick<NetworkDefinition, 'costUsd'>;
}

export type PublishClaim = { wait: GateWait } | { claim: ClaimResult; post?: PostRecord };

/**
 * Claims a post for publishing unless an editorial or budget rule makes it wait (never fail):
 * monthly budget, embargo, quiet hours, daily cap, spacing. "Post now" (`urgent`) skips all of
 * them but the budget. Everything but the budget is checked by the claim script itself, in the
 * same round trip as the claim, so two workers can never both pass the cap or the spacing.
 */
export async function claimForPublish(
  ctx: GateContext,
  channel: ChannelConfig,
  postId: string,
  lease: { token: string; ms: number },
  opts: { urgent: boolean; nowMs?: number },
): Promise<PublishClaim> {
  const nowMs = opts.nowMs ?? Date.now();
  const budgetWait = await checkBudget(ctx, channel, postId, nowMs);
  if (budgetWait) return { wait: budgetWait };
  const tz = ctx.config.publication.timezone;
  const outcome: ClaimOutcome = await ctx.posts.claimWithGates(
    postId,
    lease.token,
    lease.ms,
    opts.urgent
      ? undefined
      : {
          nowMs,
          quietUntilMs: channel.quietHours ? (quietHoursEndMs(nowMs, channel.quietHours, tz) ?? 0) : 0,
          ...(channel.dailyCap !== undefined ? { dailyCap: channel.dailyCap, dailyKey: ctx.control.dailyKey(channel.id, new Date(nowMs)) } : {}),
          spacingMs: Math.round(channel.spacingSeconds * 1000),
        },
  );
  if (outcome.status !== 'wait') return { claim: outcome.status, ...(outcome.post ? { post: outcome.post } : {}) };
  switch (outcome.gate) {
    case 'embargo':
      return { wait: { untilMs: outcome.untilMs, reason: `embargoed until ${new Date(outcome.untilMs).toISOString()}` } };
    case 'quiet':
      return { wait: { untilMs: outcome.untilMs, reason: `quiet hours ${channel.quietHours ?? ''} (${tz})` } };
    case 'cap':
      return { wait: { untilMs: nextDayStartMs(new Date(nowMs), tz), reason: `daily cap of ${channel.dailyCap ?? 0} reached` } };
    case 'spacing':
      return { wait: { untilMs: outcome.untilMs, reason: `spacing ${channel.spacingSeconds}s` } };
  }
}

/** Only channels with a budget on a network that charges pay for this read (the cost depends on the draft). */
async function checkBudget(ctx: GateContext, channel: ChannelConfig, postId: string, nowMs: number): Promise<GateWait | undefined> {
  const def = ctx.network(channel);
  if (channel.monthlyBudgetUsd === undefined || !def.costUsd) return undefined;
  const post = await ctx.posts.get(postId);
  if (post?.state !== 'queued' && post?.state !== 'posting') return undefined;
  const tz = ctx.config.publication.timezone;
  const cost = def.costUsd(post.draft, channel.options);
  const spent = await ctx.control.monthlySpendUsd(channel.id, monthKey(nowMs, tz));
  if (spent + cost <= channel.monthlyBudgetUsd + 1e-9) return undefined;
  return { untilMs: nextMonthStartMs(nowMs, tz), reason: `monthly budget $${channel.monthlyBudgetUsd} reached ($${spent.toFixed(3)} spent, this post costs $${cost})` };
}
