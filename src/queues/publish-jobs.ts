import type { Queue } from 'bullmq';
import type { PublishJobData } from './jobs.js';

/**
 * Makes sure a post has exactly one live publish job (the job id is the post id): a delayed job is
 * brought forward when the post may go now, a finished one is replaced, a waiting or active one is
 * left alone. Used when a post is created, approved, retried or sent with "post now".
 */
export async function enqueuePublish(queue: Queue<PublishJobData>, data: PublishJobData, delayMs = 0): Promise<void> {
  const existing = await queue.getJob(data.postId);
  if (existing) {
    const state = await existing.getState();
    if (state === 'delayed' && delayMs === 0) await existing.promote();
    if (state === 'completed' || state === 'failed') await existing.remove();
    else return;
  }
  await queue.add('publish', data, { jobId: data.postId, ...(delayMs > 0 ? { delay: delayMs } : {}) });
}
