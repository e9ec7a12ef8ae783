import { hintFloor, type PollHints } from './adaptive-hints.js';

/**
 * Adaptive polling (`intervalSeconds: auto`): when a feed publishes, by hour of the week (UTC),
 * decides how soon to poll again. Pure: the poll worker supplies the histogram, hints and clock.
 */

export const HOURS_PER_WEEK = 168;
/** Fewer observations than this and the pattern is noise: poll at the minimum while learning. */
export const LEARNING_OBSERVATIONS = 8;
/** At or above this share of the feed's busiest hour, poll at the minimum. */
const BUSY_SHARE = 0.5;
/** At or below this share, poll at the maximum. In between, interpolate on a log scale. */
const QUIET_SHARE = 0.05;
/** Hostile dates: ignore items claiming to come from the future or from long ago. */
const FUTURE_SLACK_MS = 3_600_000;
const MAX_LEARN_AGE_MS = 8 * 7 * 86_400_000;

export interface AdaptiveBounds {
  minIntervalSeconds: number;
  maxIntervalSeconds: number;
}

export interface IntervalInput {
  /** The feed's fixed interval (also the scheduler's tick for an adaptive feed: its minimum). */
  intervalSeconds: number;
  /** Set for `intervalSeconds: auto`. */
  adaptive?: AdaptiveBounds | undefined;
  /** Publications per hour of the week (168 counts); only read for adaptive feeds. */
  counts?: readonly number[] | undefined;
  hints?: PollHints | undefined;
  /** The poll that just ran found new items: stories come in bursts, so stay fast. */
  justPublished?: boolean | undefined;
  /** While a push subscription (WebSub) is active, polling is only a safety net at this interval. */
  pushFallbackSeconds?: number | undefined;
  nowMs: number;
}

export interface IntervalDecision {
  seconds: number;
  /** Why, for the Feeds page and `crier status` ("auto: 45 s, busy hour"). */
  reason: string;
}

export function hourOfWeek(ms: number): number {
  const d = new Date(ms);
  return d.getUTCDay() * 24 + d.getUTCHours();
}

export function emptyCounts(): number[] {
  return new Array<number>(HOURS_PER_WEEK).fill(0);
}

/** Publication times worth learning from (not in the future, not older than eight weeks), as hours of the week. */
export function learnableHours(publishedMs: readonly number[], nowMs: number): number[] {
  return publishedMs.filter((ms) => Number.isFinite(ms) && ms <= nowMs + FUTURE_SLACK_MS && ms >= nowMs - MAX_LEARN_AGE_MS).map(hourOfWeek);
}

/**
 * What one poll teaches: the hours of the week of items published after `learnedUntilMs` (each story
 * counted once however many polls see it) and the new high-water mark. Items without a date that
 * were new count at the hour Crier saw them. Future dates never move the mark (a feed dated 2099
 * would otherwise stop all learning).
 */
export function newPublications(publishedMs: readonly (number | undefined)[], learnedUntilMs: number | undefined, newUndated: number, nowMs: number) {
  const since = learnedUntilMs ?? Number.NEGATIVE_INFINITY;
  const dated = publishedMs.filter((ms): ms is number => ms !== undefined && Number.isFinite(ms) && ms > since && ms <= nowMs + FUTURE_SLACK_MS);
  const hours = learnableHours(dated, nowMs);
  for (let i = 0; i < Math.min(newUndated, 50); i++) hours.push(hourOfWeek(nowMs));
  const newest = dated.reduce((max, ms) => Math.max(max, ms), learnedUntilMs ?? 0);
  return { hours, learnedUntilMs: newest };
}

/** Counts smoothed over the neighbouring hours (publication times wobble by a few minutes). */
export function smoothedCount(counts: readonly number[], hour: number): number {
  const at = (h: number) => counts[(h + HOURS_PER_WEEK) % HOURS_PER_WEEK] ?? 0;
  return 0.25 * at(hour - 1) + 0.5 * at(hour) + 0.25 * at(hour + 1);
}

/** How busy this hour usually is relative to the feed's busiest hour: 0 (never) … 1 (the peak). */
export function busyShare(counts: readonly number[], hour: number): number {
  let peak = 0;
  for (let h = 0; h < HOURS_PER_WEEK; h++) peak = Math.max(peak, smoothedCount(counts, h));
  return peak > 0 ? smoothedCount(counts, hour) / peak : 0;
}

function clamp(value: number, bounds: AdaptiveBounds): number {
  return Math.min(bounds.maxIntervalSeconds, Math.max(bounds.minIntervalSeconds, Math.round(value)));
}

/** The learned interval before hints: minimum when busy or learning, maximum when quiet, log-interpolated between. */
function learnedInterval(bounds: AdaptiveBounds, counts: readonly number[], input: IntervalInput): IntervalDecision {
  const { minIntervalSeconds: min, maxIntervalSeconds: max } = bounds;
  const observations = counts.reduce((sum, n) => sum + n, 0);
  if (input.justPublished) return { seconds: min, reason: 'new items just now' };
  if (observations < LEARNING_OBSERVATIONS) return { seconds: min, reason: `learning (${observations} of ${LEARNING_OBSERVATIONS} stories seen)` };
  const share = busyShare(counts, hourOfWeek(input.nowMs));
  if (share >= BUSY_SHARE) return { seconds: min, reason: 'busy hour' };
  if (share <= QUIET_SHARE) return { seconds: max, reason: 'quiet hour' };
  const t = (BUSY_SHARE - share) / (BUSY_SHARE - QUIET_SHARE);
  return { seconds: clamp(min * (max / min) ** t, bounds), reason: 'usual hour' };
}

/**
 * The one place that decides how long until a feed's next poll (the poll worker and the WebSub
 * fallback both call it). A fixed interval is the editor's promise and stays as set; an adaptive one
 * follows the learned pattern, and hints may only lengthen it, never past `maxIntervalSeconds`.
 */
export function decidePollInterval(input: IntervalInput): IntervalDecision {
  if (input.pushFallbackSeconds !== undefined) {
    return { seconds: Math.max(input.pushFallbackSeconds, input.intervalSeconds), reason: `push active: safety-net poll every ${input.pushFallbackSeconds} s` };
  }
  const bounds = input.adaptive;
  if (!bounds) return { seconds: input.intervalSeconds, reason: `fixed: ${input.intervalSeconds} s` };
  const learned = learnedInterval(bounds, input.counts ?? [], input);
  const floor = input.hints ? hintFloor(input.hints) : undefined;
  if (floor && floor.seconds > learned.seconds) {
    const seconds = clamp(floor.seconds, bounds);
    if (seconds > learned.seconds) return { seconds, reason: `auto: ${seconds} s, ${floor.source} asks ${floor.seconds} s (${learned.reason})` };
  }
  return { seconds: learned.seconds, reason: `auto: ${learned.seconds} s, ${learned.reason}` };
}

/**
 * Whether a scheduler tick should poll: the tick comes every `tickSeconds` and may run a little
 * early or late, so half a tick of slack keeps a due poll from slipping by a whole tick.
 */
export function pollIsDue(nextPollAtMs: number | undefined, nowMs: number, tickSeconds: number): boolean {
  if (nextPollAtMs === undefined || !Number.isFinite(nextPollAtMs)) return true;
  return nowMs >= nextPollAtMs - (tickSeconds * 1000) / 2;
}
