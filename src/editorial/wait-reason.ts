import type { PostRecord } from '../ledger/post-ledger.js';
import { nextDayStartMs, nextMonthStartMs, quietHoursEndMs } from './schedule.js';
import { orderQueue, staleText, storyMs } from './queue-order.js';

/**
 * Why a post that has not gone out is waiting, and when it will go (issue #15). Pure: it reads
 * only the facts the ledger and channel control hold (see wait-facts.ts) and replays the publish
 * gates of publish-gates.ts in the same order (budget, embargo, quiet hours, daily cap,
 * spacing), one post after another in queue order, so the 3rd post in line gets the 3rd slot.
 */
export type WaitKind = 'approval' | 'halted' | 'paused' | 'budget' | 'network' | 'embargo' | 'quiet' | 'cap' | 'spacing' | 'now' | 'breaking' | 'scheduled' | 'held' | 'stale';

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
  /** Queue order policy (editorial config); defaults: newest first, 12 h, breaking waits out quiet hours. */
  newestFirst?: boolean | undefined;
  maxPostAgeMs?: number | undefined;
  breakingIgnoresQuietHours?: boolean | undefined;
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

/** Held posts wait for an editor: "held by ed", "held: story is 3 days old (limit 12 h)". */
function heldReason(post: PostRecord, f: ChannelWaitFacts): WaitReason {
  if (post.hold === 'stale') {
    const at = post.holdAtMs ?? f.nowMs;
    return { kind: 'stale', text: `held: ${staleText(at - storyMs(post), f.maxPostAgeMs ?? 12 * 3_600_000)}` };
  }
  return { kind: 'held', text: `held by ${post.holdBy ?? 'an editor'}${post.holdReason ? `: ${post.holdReason}` : ''}` };
}

interface LineState {
  slot: number;
  postedToday: number;
  capDayEnd: number;
  networkWait: number | undefined;
}

/** One post's place in line: replays the gates over the simulated slot, as the claim script would. */
function lineReason(post: PostRecord, i: number, f: ChannelWaitFacts, st: LineState): WaitReason {
  const at = (ms: number) => clockText(ms, f.nowMs, f.timeZone);
  const jumps = post.lane === 'breaking' || post.lane === 'scheduled';
  // Breaking and due scheduled posts ignore spacing (not a network's own wait).
  let eta = jumps ? Math.max(f.nowMs, st.networkWait ?? 0) : st.slot;
  let reason: WaitReason | undefined;
  if (post.lane === 'scheduled' && (post.laneAtMs ?? 0) > eta) {
    eta = post.laneAtMs ?? eta;
    reason = { kind: 'scheduled', text: `scheduled for ${at(eta)}` };
  }
  const embargo = post.publishedAt ? Date.parse(post.publishedAt) : NaN;
  if (Number.isFinite(embargo) && embargo > eta + 1000) {
    eta = embargo;
    reason = { kind: 'embargo', text: `embargoed until ${at(embargo)}` };
  }
  const ignoresQuiet = post.lane === 'breaking' && f.breakingIgnoresQuietHours === true;
  const quietEnd = f.quietHours && !ignoresQuiet ? quietHoursEndMs(eta, f.quietHours, f.timeZone) : undefined;
  if (quietEnd) {
    eta = quietEnd;
    reason = { kind: 'quiet', text: `${post.lane === 'breaking' ? 'breaking: ' : ''}quiet hours until ${at(quietEnd)}` };
  }
  if (eta >= st.capDayEnd) {
    st.postedToday = 0;
    st.capDayEnd = nextDayStartMs(new Date(eta), f.timeZone);
  }
  if (f.dailyCap !== undefined && st.postedToday >= f.dailyCap) {
    eta = st.capDayEnd;
    st.postedToday = 0;
    st.capDayEnd = nextDayStartMs(new Date(eta + 1000), f.timeZone);
    reason = { kind: 'cap', text: `daily cap of ${f.dailyCap} reached: resumes ${at(eta)}` };
  }
  if (!reason && st.networkWait && eta <= st.networkWait) reason = { kind: 'network', text: `${f.channelId} asked to wait until ${at(st.networkWait)}${f.networkWaitReason ? `: ${f.networkWaitReason}` : ''}` };
  if (!reason && post.lane === 'breaking') reason = { kind: 'breaking', text: i === 0 ? 'breaking: next' : `breaking: ${ordinal(i + 1)} in line` };
  if (!reason) {
    const front = post.lane === 'front' ? 'moved to the front: ' : '';
    reason = eta <= f.nowMs + 1000 ? { kind: 'now', text: `${front}next on ${f.channelId}: going out now` } : { kind: 'spacing', text: `${front}next on ${f.channelId} at ${at(eta)}, ${ordinal(i + 1)} in line` };
  }
  st.postedToday += 1;
  st.slot = Math.max(st.slot, eta + f.spacingMs);
  return { ...reason, etaMs: eta, position: i + 1 };
}

/**
 * Reasons for one channel's posts. `queued` in any order: they are put in the order the claim
 * takes them (src/editorial/queue-order.ts: scheduled, front, breaking, then newest story first by
 * default); held posts leave the line. Posts awaiting approval wait for a person (or their
 * auto-approve time) instead.
 */
export function waitReasons(f: ChannelWaitFacts, queued: readonly PostRecord[], pending: readonly PostRecord[] = []): Map<string, WaitReason> {
  const out = new Map<string, WaitReason>();
  for (const p of pending) out.set(p.postId, approvalReason(p, f));
  const { line, held } = orderQueue(queued, f.newestFirst ?? true, f.nowMs);
  for (const p of held) out.set(p.postId, heldReason(p, f));
  const hold = channelHold(f, line[0]);
  if (hold) {
    line.forEach((p, i) => out.set(p.postId, { ...hold, position: i + 1 }));
    return out;
  }
  const networkWait = f.networkWaitUntilMs && f.networkWaitUntilMs > f.nowMs ? f.networkWaitUntilMs : undefined;
  const st: LineState = {
    slot: Math.max(f.nowMs, f.nextSlotMs ?? 0, networkWait ?? 0),
    postedToday: f.postedToday,
    capDayEnd: nextDayStartMs(new Date(f.nowMs), f.timeZone),
    networkWait,
  };
  line.forEach((post, i) => out.set(post.postId, lineReason(post, i, f, st)));
  return out;
}
