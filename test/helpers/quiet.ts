/**
 * "Nothing else was posted" is only worth asserting once Crier has had every chance to post it.
 * A fixed sleep is too short on a slow machine (the check passes falsely) and too long on a fast
 * one; this waits for the events instead: the feeds polled again and the work they made finished.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { Running } from '../../workers/runtime.js';

export interface QuietOptions {
  /** Completed polls of every feed (or of `feeds`) to wait for, counted from the call. Default 2. */
  polls?: number;
  /** The feeds whose polls count; default every configured feed (a feed in backoff is not polled). */
  feeds?: readonly string[];
  /** Default 20 s. */
  timeoutMs?: number;
}

/** Job states in which a job can still lead to a post. */
const PENDING = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children'] as const;

/** Queues with work left, as "queue: n jobs"; a paused publish queue holds its jobs on purpose and is quiet. */
async function busyQueues(running: Running): Promise<string[]> {
  const { ctx } = running;
  const busy: string[] = [];
  // Summarise before publish: a summarise job enqueues its publish jobs before it completes.
  const queues = [ctx.summariseQueue, ...ctx.config.channels.map((c) => ctx.publishQueue(c.id))];
  for (const queue of queues) {
    if (queue !== ctx.summariseQueue && (await queue.isPaused())) continue;
    const counts = await queue.getJobCounts(...PENDING);
    const pending = Object.values(counts).reduce((sum, n) => sum + n, 0);
    if (pending > 0) busy.push(`${queue.name}: ${pending} jobs`);
  }
  return busy;
}

async function pollCounts(running: Running, feeds: readonly string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const id of feeds) counts.set(id, (await running.ctx.feedStates.get(id)).totalPolls);
  return counts;
}

/**
 * Resolves once every feed has completed `polls` more polls (a poll queues its new articles before
 * it is counted) and no summarise or publish job is left to run, checked in that order so a job
 * cannot slip between the checks. On timeout the error says what was still going on.
 */
export async function waitUntilQuiet(running: Running, opts: QuietOptions = {}): Promise<void> {
  const { polls = 2, timeoutMs = 20_000 } = opts;
  const feeds = opts.feeds ?? running.ctx.config.feeds.map((f) => f.id);
  const start = await pollCounts(running, feeds);
  const deadline = Date.now() + timeoutMs;
  let waitingFor: string[] = [];
  while (Date.now() < deadline) {
    const now = await pollCounts(running, feeds);
    waitingFor = feeds.filter((id) => (now.get(id) ?? 0) < (start.get(id) ?? 0) + polls).map((id) => `feed ${id}: ${(now.get(id) ?? 0) - (start.get(id) ?? 0)}/${polls} polls`);
    if (waitingFor.length === 0) {
      waitingFor = await busyQueues(running);
      if (waitingFor.length === 0) return;
    }
    await delay(50); // the interval between checks, not a wait for an outcome
  }
  throw new Error(`Crier not quiet after ${timeoutMs} ms: ${waitingFor.join('; ')}`);
}
