import type { Queue } from 'bullmq';
import { feedSchedulerId } from '../../queues/names.js';

/** Hook pings of one feed are numbered within windows of this length (the job ids stay readable). */
export const HOOK_KEY_WINDOW_MS = 2_000;
/** At most this many hook polls of one feed per window: a CMS gone mad costs a bounded number of requests. */
const MAX_HOOK_POLLS_PER_WINDOW = 64;
/**
 * A ping that arrives while a poll of its feed runs queues the next poll this much later, so the
 * rest of a burst joins it instead of starting one poll per story (100 pings were ~90 polls).
 */
export const HOOK_FOLLOW_UP_DELAY_MS = 200;

/** Per process: the first key of each feed's window that may still be joinable (a job never returns to waiting). */
const firstOpen = new Map<string, { window: number; n: number }>();

/**
 * The job key for a hook ping: it joins a hook poll that has not started yet, never one that is
 * running or done. A running poll may have read the feed before the story this ping announces; with
 * one key per window, a burst of 100 stories in a second had 99 wait for the next scheduled poll
 * (found by bench/latency.bench.ts). A CMS that pings per field edit still costs one waiting poll.
 * A waiting job that starts between this check and the add has not fetched before the check: safe.
 */
export async function hookPollKey(queue: Pick<Queue, 'getJob'>, feedId: string, nowMs = Date.now()): Promise<{ key: string; delayMs: number }> {
  const window = Math.floor(nowMs / HOOK_KEY_WINDOW_MS);
  const cached = firstOpen.get(feedId);
  const stateOf = async (n: number) => (await queue.getJob(`${feedSchedulerId(feedId)}-hook-${window}-${n}`))?.getState();
  for (let n = cached?.window === window ? cached.n : 0; n < MAX_HOOK_POLLS_PER_WINDOW; n++) {
    const state = await stateOf(n);
    if (state === undefined || state === 'waiting' || state === 'delayed' || state === 'prioritized') {
      firstOpen.set(feedId, { window, n });
      const afterRunning = state === undefined && n > 0 && (await stateOf(n - 1)) === 'active';
      return { key: `hook-${window}-${n}`, delayMs: afterRunning ? HOOK_FOLLOW_UP_DELAY_MS : 0 };
    }
  }
  return { key: `hook-${window}-${MAX_HOOK_POLLS_PER_WINDOW}`, delayMs: 0 };
}
