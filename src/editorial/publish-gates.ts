import type { ChannelConfig } from '../config/load-config.js';
import type { ChannelControl } from '../ledger/channel-control.js';
import type { ClaimOutcome, ClaimResult, PostLedger, PostRecord } from '../ledger/post-ledger.js';
import type { NetworkDefinition } from '../publishers/publisher.js';
import { monthKey, nextDayStartMs, nextMonthStartMs, quietHoursEndMs } from './schedule.js';
import type { EditorialConfig } from '../config/editorial-schema.js';
import { orderGates, staleText } from './queue-order.js';

export interface GateWait {
  untilMs: number;
  reason: string;
  /** Another post is ahead in line (queue order): its job should run now (see claim-followup.ts). */
  ahead?: string;
  /** The post was just held by the staleness guard: the history says why. */
  heldStale?: string;
}

/**
 * What the gates read, and no more: the posts ledger (claim script), the channel counters, the
 * publication's time zone and the network's price. The composition root's context satisfies it.
 */
export interface GateContext {
  posts: Pick<PostLedger, 'get' | 'claimWithGates'>;
  control: Pick<ChannelControl, 'dailyKey' | 'monthlySpendUsd'>;
  config: { publication: { timezone: string }; editorial?: EditorialConfig };
  network(channel: ChannelConfig): Pick<NetworkDefinition, 'costUsd'>;
}

/** A held post's job sleeps this long between checks; a release promotes it at once. */
export const HELD_PARK_MS = 7 * 86_400_000;

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
          order: orderGates(ctx.config.editorial, channel.id),
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
    case 'order':
      return { wait: { untilMs: outcome.untilMs, reason: `${outcome.ahead ?? 'another post'} goes first`, ...(outcome.ahead ? { ahead: outcome.ahead } : {}) } };
    case 'scheduled':
      return { wait: { untilMs: outcome.untilMs, reason: `scheduled for ${new Date(outcome.untilMs).toISOString()}` } };
    case 'held':
      // Only an editor's release (which promotes the job) moves it: park the job, re-checked now and then.
      return { wait: { untilMs: nowMs + HELD_PARK_MS, reason: 'held' } };
    case 'stale': {
      const text = staleText(nowMs - outcome.untilMs, orderGates(ctx.config.editorial, channel.id).maxPostAgeMs);
      return { wait: { untilMs: nowMs + HELD_PARK_MS, reason: text, heldStale: text } };
    }
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
