import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PublishJobData } from '../../src/queues/jobs.js';
import { enqueuePublish } from '../../src/queues/publish-jobs.js';
import { deletePrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.js';

describe('enqueuePublish (real Redis): one live job per post', () => {
  let prefix: string;
  let connection: Redis;
  let queue: Queue<PublishJobData>;
  const data: PublishJobData = { postId: 'a0123456789abcdef0123.x', articleKey: 'a0123456789abcdef0123', channel: 'x' };

  beforeEach(() => {
    prefix = uniquePrefix('publish-jobs');
    connection = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    queue = new Queue<PublishJobData>('publish.x', { connection, prefix });
  });
  afterEach(async () => {
    await queue.close();
    connection.disconnect();
    await deletePrefix(prefix);
  });

  it('adds the job under the post id, and a second call leaves the waiting job alone', async () => {
    await enqueuePublish(queue, data);
    await enqueuePublish(queue, { ...data, urgent: true });
    const jobs = await queue.getJobs(['waiting']);
    expect(jobs.map((j) => [j.id, j.data.urgent])).toEqual([[data.postId, undefined]]);
  });

  it('brings a delayed job forward when the post may go now; a new delay leaves it delayed', async () => {
    await enqueuePublish(queue, data, 60_000);
    expect(await (await queue.getJob(data.postId))?.getState()).toBe('delayed');
    await enqueuePublish(queue, data, 30_000);
    expect(await (await queue.getJob(data.postId))?.getState()).toBe('delayed');
    await enqueuePublish(queue, data);
    expect(await (await queue.getJob(data.postId))?.getState()).toBe('waiting');
  });

  it('replaces a finished job, so an approved or retried post runs again', async () => {
    await enqueuePublish(queue, data);
    const workerConnection = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    const worker = new Worker<PublishJobData>('publish.x', async () => 'done', { connection: workerConnection, prefix });
    await new Promise<void>((resolve) => worker.once('completed', () => resolve()));
    await worker.close();
    workerConnection.disconnect();
    expect(await (await queue.getJob(data.postId))?.getState()).toBe('completed');
    await enqueuePublish(queue, { ...data, urgent: true });
    const again = await queue.getJob(data.postId);
    expect(await again?.getState()).toBe('waiting');
    expect(again?.data.urgent).toBe(true);
  });
});
