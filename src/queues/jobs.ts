/**
 * Job payloads. They carry ids only: article text lives in the ledger (jobs are clear text in Redis
 * and retried many times), and secrets never enter a job.
 */
export interface PollJobData {
  feedId: string;
  /** Set by "poll now": ignore the failure backoff. */
  manual?: boolean;
}

export interface SummariseJobData {
  articleKey: string;
  feedId: string;
}

export interface PublishJobData {
  postId: string;
  articleKey: string;
  channel: string;
  /** "Post now" from an editor: skip spacing and quiet hours. */
  urgent?: boolean;
}

/** Finished jobs BullMQ keeps per queue at most, whatever their age (#18): the ledger, not a job, remembers a post. */
export const KEEP_COMPLETED_JOBS = 1_000;
export const KEEP_FAILED_JOBS = 5_000;

/**
 * How long BullMQ keeps finished jobs: briefly, by age and by count, never for the ledger's
 * retention. Nothing depends on a finished job staying: a post's state is in the ledger, a job
 * added again for a post already settled finds it settled and does nothing (the claim's `done:`),
 * and a story seen again is known by its identity keys, not by a job id.
 */
export function jobRetention(workers: { keepCompletedHours: number; keepFailedDays: number }) {
  return {
    removeOnComplete: { age: Math.round(workers.keepCompletedHours * 3600), count: KEEP_COMPLETED_JOBS },
    removeOnFail: { age: Math.round(workers.keepFailedDays * 86_400), count: KEEP_FAILED_JOBS },
  };
}
