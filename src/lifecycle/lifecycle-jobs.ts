import type { Queue } from 'bullmq';

/** The queue of corrections and retractions (#16), run by workers/lifecycle.worker.ts. */
export const LIFECYCLE_QUEUE = 'lifecycle';

/** Ids only, like every job: the story's versions live in the ledger. */
export type LifecycleJobData =
  /** The story's title or text changed; `contentHash` is the new version's. */
  | { kind: 'article-changed'; articleKey: string; contentHash: string }
  /** `by`: the editor, `crier` (CLI without a name) or `feed` (a feed rule). */
  | { kind: 'retract'; articleKey: string; by: string; reason: string }
  /** Re-check recent stories' pages for 410 Gone (the `recheck-gone` scheduler; no article). */
  | { kind: 'recheck'; articleKey?: undefined };

export const RECHECK_SCHEDULER_ID = 'recheck-gone';

export function lifecycleJobId(data: LifecycleJobData): string {
  if (data.kind === 'recheck') return RECHECK_SCHEDULER_ID;
  return data.kind === 'retract' ? `retract.${data.articleKey}` : `changed.${data.articleKey}.${data.contentHash}`;
}

/**
 * One live job per story version or retraction (the job id): a second ping for the same change
 * while the first is waiting does nothing; a finished one is replaced, so an editor can retract
 * again after a failure.
 */
export async function enqueueLifecycle(queue: Queue<LifecycleJobData>, data: LifecycleJobData): Promise<void> {
  const jobId = lifecycleJobId(data);
  const existing = await queue.getJob(jobId);
  if (existing) {
    const state = await existing.getState();
    if (state !== 'completed' && state !== 'failed') return;
    await existing.remove();
  }
  await queue.add(data.kind, data, { jobId });
}
