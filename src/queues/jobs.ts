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
