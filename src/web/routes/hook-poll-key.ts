import type { Queue } from 'bullmq';
import { feedSchedulerId } from '../../queues/names.js';

/** Hook pings of one feed are numbered within windows of this length (the job ids stay readable). */
export const HOOK_KEY_WINDOW_MS = 2_000;
/** At most this many hook polls of one feed per window: a CMS gone mad costs a bounded number of requests. */
const MAX_HOOK_POLLS_PER_WINDOW = 64;

/**
 * The job key for a hook ping: it joins a hook poll that has not started yet, never one that is
 * running or done. A running poll may have read the feed before the story this ping announces; with
 * one key per window, a burst of 100 stories in a second had 99 wait for the next scheduled poll
 * (found by bench/latency.bench.ts). A CMS that pings per field edit still costs one waiting poll.
 * A waiting job that starts between this check and the add has not fetched before the check: safe.
 */
export async function hookPollKey(queue: Pick<Queue, 'getJob'>, feedId: string, nowMs = Date.now()): Promise<string> {
  const window = Math.floor(nowMs / HOOK_KEY_WINDOW_MS);
  for (let n = 0; n < MAX_HOOK_POLLS_PER_WINDOW; n++) {
    const key = `hook-${window}-${n}`;
    const job = await queue.getJob(`${feedSchedulerId(feedId)}-${key}`);
    if (!job) return key;
    const state = await job.getState();
    if (state === 'waiting' || state === 'delayed' || state === 'prioritized') return key;
  }
  return `hook-${window}-${MAX_HOOK_POLLS_PER_WINDOW}`;
}
