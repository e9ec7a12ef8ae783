import type { PostRecord } from '../ledger/post-ledger.js';
import { nextDayStartMs, nextMonthStartMs, quietHoursEndMs } from './schedule.js';

/**
 * Why a post that has not gone out is waiting, and when it will go (issue #15). Pure: it reads
 * only the facts the ledger and channel control hold (see wait-facts.ts) and replays the publish
 * gates of publish-gates.ts in the same order (budget, embargo, quiet hours, daily cap,
 * spacing), one post after another in queue order, so the 3rd post in line gets the 3rd slot.
 */
export type WaitKind = 'approval' | 'halted' | 'paused' | 'budget' | 'network' | 'embargo' | 'quiet' | 'cap' | 'spacing' | 'now';

export interface WaitReason {
  kind: WaitKind;
  text: string;
  /** When it should go out; absent when only a person can release it (approval without auto-approve, pause, halt). */
  etaMs?: number;
  /** 1-based place among the channel's queued posts. */
  position?: number;
}

export interface ChannelWaitFacts {
  channelId: string;
  timeZone: string;
  nowMs: number;
  spacingMs: number;
  quietHours?: string | undefined;
  dailyCap?: number | undefined;
  postedToday: number;
  paused: boolean;
  /** Set when the channel halted itself and a human must act (revoked token, no credits). */
  attention?: string | undefined;
  /** The spacing gate's next free slot (the claim script's next-slot key). */
  nextSlotMs?: number | undefined;
  /** The network made the whole channel wait (429, quota) until then. */
  networkWaitUntilMs?: number | undefined;
  networkWaitReason?: string | undefined;
  /** Monthly budget facts, when the channel has one on a network that charges. */
  budget?: { limitUsd: number; spentUsd: number; costUsd: (post: PostRecord) => number } | undefined;
}

const ORDINALS = ['th', 'st', 'nd', 'rd'];
export function ordinal(n: number): string {
  const v = n % 100;
  return `${n}${ORDINALS[(v - 20) % 10] ?? ORDINALS[v] ?? ORDINALS[0]}`;
}

/** "14:31" today, "1 Dec 06:00" another day, in the publication's zone. */
export function clockText(ms: number, nowMs: number, timeZone: string): string {
  const day = (t: number) => new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'short' }).format(new Date(t));
  const time = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(ms));
  return day(ms) === day(nowMs) ? time : `${day(ms)} ${time}`;
}

function approvalReason(post: PostRecord, f: ChannelWaitFacts): WaitReason {
  const auto = post.autoApproveAt ? Date.parse(post.autoApproveAt) : NaN;
  if (!Number.isFinite(auto)) return { kind: 'approval', text: 'waiting for approval' };
  return { kind: 'approval', text: `waiting for approval, auto-posts at ${clockText(auto, f.nowMs, f.timeZone)}`, etaMs: auto };
}

/** Holds that stop the whole channel: nothing in its queue moves until a person (or the month) releases it. */
function channelHold(f: ChannelWaitFacts, first: PostRecord | undefined): WaitReason | undefined {
  if (f.attention) return { kind: 'halted', text: `held: channel halted — ${f.attention}` };
  if (f.paused) return { kind: 'paused', text: `held: ${f.channelId} paused` };
  if (f.budget && first && f.budget.spentUsd + f.budget.costUsd(first) > f.budget.limitUsd + 1e-9) {
    const resume = nextMonthStartMs(f.nowMs, f.timeZone);
    const day = new Intl.DateTimeFormat('en-GB', { timeZone: f.timeZone, day: 'numeric', month: 'short' }).format(new Date(resume));
    return { kind: 'budget', text: `monthly budget reached: resumes ${day}`, etaMs: resume };
  }
  return undefined;
}

/**
 * Reasons for one channel's posts. `queued` must be in queue order (oldest first, as the worker
 * takes them); posts awaiting approval wait for a person (or their auto-approve time) instead.
 */
export function waitReasons(f: ChannelWaitFacts, queued: readonly PostRecord[], pending: readonly PostRecord[] = []): Map<string, WaitReason> {
  const out = new Map<string, WaitReason>();
  for (const p of pending) out.set(p.postId, approvalReason(p, f));
  const hold = channelHold(f, queued[0]);
  if (hold) {
    queued.forEach((p, i) => out.set(p.postId, { ...hold, position: i + 1 }));
    return out;
  }
  let slot = Math.max(f.nowMs, f.nextSlotMs ?? 0);
  const networkWait = f.networkWaitUntilMs && f.networkWaitUntilMs > f.nowMs ? f.networkWaitUntilMs : undefined;
  if (networkWait) slot = Math.max(slot, networkWait);
  let postedToday = f.postedToday;
  let capDayEnd = nextDayStartMs(new Date(f.nowMs), f.timeZone);
  queued.forEach((post, i) => {
    const at = (ms: number) => clockText(ms, f.nowMs, f.timeZone);
    let eta = slot;
    let reason: WaitReason | undefined;
    const embargo = post.publishedAt ? Date.parse(post.publishedAt) : NaN;
    if (Number.isFinite(embargo) && embargo > eta + 1000) {
      eta = embargo;
      reason = { kind: 'embargo', text: `embargoed until ${at(embargo)}` };
    }
    const quietEnd = f.quietHours ? quietHoursEndMs(eta, f.quietHours, f.timeZone) : undefined;
    if (quietEnd) {
      eta = quietEnd;
      reason = { kind: 'quiet', text: `quiet hours until ${at(quietEnd)}` };
    }
    if (eta >= capDayEnd) {
      postedToday = 0;
      capDayEnd = nextDayStartMs(new Date(eta), f.timeZone);
    }
    if (f.dailyCap !== undefined && postedToday >= f.dailyCap) {
      eta = capDayEnd;
      postedToday = 0;
      capDayEnd = nextDayStartMs(new Date(eta + 1000), f.timeZone);
      reason = { kind: 'cap', text: `daily cap of ${f.dailyCap} reached: resumes ${at(eta)}` };
    }
    if (!reason && networkWait && eta <= networkWait) reason = { kind: 'network', text: `${f.channelId} asked to wait until ${at(networkWait)}${f.networkWaitReason ? `: ${f.networkWaitReason}` : ''}` };
    if (!reason) {
      reason = eta <= f.nowMs + 1000 ? { kind: 'now', text: `next on ${f.channelId}: going out now` } : { kind: 'spacing', text: `next on ${f.channelId} at ${at(eta)}, ${ordinal(i + 1)} in line` };
    }
    out.set(post.postId, { ...reason, etaMs: eta, position: i + 1 });
    postedToday += 1;
    slot = eta + f.spacingMs;
  });
  return out;
}
