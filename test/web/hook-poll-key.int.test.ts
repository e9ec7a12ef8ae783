import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { feedSchedulerId } from '../../src/queues/names.js';
import { HOOK_FOLLOW_UP_DELAY_MS, hookPollKey } from '../../src/web/routes/hook-poll-key.js';
import { deletePrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.js';

/** Hook pings join a waiting poll, never a running one (the running one may have read the feed before the story). */
const prefix = uniquePrefix('hookkey');
const connection = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
const queue = new Queue('poll', { connection, prefix });
const NOW = Date.UTC(2026, 10, 28, 22, 0, 0);
const jobId = (key: string) => `${feedSchedulerId('metro')}-${key}`;

afterAll(async () => {
  await queue.close();
  connection.disconnect();
  await deletePrefix(prefix);
});

describe('hookPollKey', () => {
  it('joins a waiting poll, starts a new one while a poll runs, and reuses nothing that has finished', async () => {
    const first = (await hookPollKey(queue, 'metro', NOW)).key;
    await queue.add('poll', { feedId: 'metro', manual: true }, { jobId: jobId(first) });
    expect(await hookPollKey(queue, 'metro', NOW)).toEqual({ key: first, delayMs: 0 });

    let started: () => void = () => undefined;
    const running = new Promise<void>((r) => (started = r));
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => (release = r));
    const workerConnection = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    const worker = new Worker('poll', async () => {
      started();
      await held;
    }, { connection: workerConnection, prefix });
    const completed = new Promise<void>((r) => worker.on('completed', () => r()));
    await running;
    // A ping while the poll runs starts the next one, a little later, for the rest of the burst to join.
    const second = (await hookPollKey(queue, 'metro', NOW)).key;
    expect(second).not.toBe(first);
    expect((await hookPollKey(queue, 'metro', NOW)).delayMs).toBe(HOOK_FOLLOW_UP_DELAY_MS);
    release();
    await completed;
    expect(await queue.getJobState(jobId(first))).toBe('completed');
    expect((await hookPollKey(queue, 'metro', NOW)).key).toBe(second);
    await worker.close();
    workerConnection.disconnect();
  });
});
