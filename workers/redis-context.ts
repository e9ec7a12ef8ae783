import { Queue, type ConnectionOptions, type DefaultJobOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from '../src/config/load-config.js';
import { createArticleLedger } from '../src/ledger/article-ledger.js';
import { createChannelControl } from '../src/ledger/channel-control.js';
import { createEventLog } from '../src/ledger/events.js';
import { createFeedStateStore } from '../src/ledger/feed-state.js';
import { createPostLedger } from '../src/ledger/post-ledger.js';
import { createRedis } from '../src/queues/connection.js';
import { jobRetention, type PollJobData, type PublishJobData, type SummariseJobData } from '../src/queues/jobs.js';
import { LIFECYCLE_QUEUE, type LifecycleJobData } from '../src/lifecycle/lifecycle-jobs.js';
import { POLL_QUEUE, publishQueueName, SUMMARISE_QUEUE } from '../src/queues/names.js';
import type { Logger } from '../src/shared/logger.js';
import { closeRedis } from '../src/shared/redis-close.js';
import { watchRedisOutage } from '../src/shared/redis-outage.js';

/**
 * The Redis half of the composition root: ledgers and queues, no network registry, no summariser,
 * no publisher. `crier status`, approve/skip/retry, pause/resume and poll run on this alone, so a
 * cron's status check does not load every network's client (twitter-api-v2, canvas…): see
 * test/cli/status-imports.int.test.ts. `createAppContext` (workers/context.ts) builds on it.
 */
export interface RedisContext {
  config: Config;
  log: Logger;
  redis: Redis;
  connection: ConnectionOptions;
  articles: ReturnType<typeof createArticleLedger>;
  posts: ReturnType<typeof createPostLedger>;
  feedStates: ReturnType<typeof createFeedStateStore>;
  control: ReturnType<typeof createChannelControl>;
  events: ReturnType<typeof createEventLog>;
  pollQueue: Queue<PollJobData>;
  summariseQueue: Queue<SummariseJobData>;
  publishQueue(channel: string): Queue<PublishJobData>;
  /** Corrections and retractions (#16; workers/lifecycle.worker.ts). */
  lifecycleQueue: Queue<LifecycleJobData>;
  jobOptions: DefaultJobOptions;
  close(): Promise<void>;
}

/** One Redis connection for commands; BullMQ workers open their own blocking connections. */
export function createRedisContext(config: Config, log: Logger): RedisContext {
  const redis = createRedis(config.redisTarget, 'worker');
  // One error line when an outage starts and one when it ends, whatever the number of connections.
  const outage = watchRedisOutage(redis, log);
  const prefix = config.redis.prefix;
  const connection: ConnectionOptions = redis;
  const jobOptions: DefaultJobOptions = {
    attempts: config.workers.attempts,
    backoff: { type: 'exponential', delay: config.workers.backoffMs, jitter: 0.5 },
    ...jobRetention(config.workers),
  };
  const queues = new Map<string, Queue>();
  function queue<T>(name: string): Queue<T> {
    let q = queues.get(name);
    if (!q) {
      q = new Queue(name, { connection, prefix, defaultJobOptions: jobOptions });
      q.on('error', (err) => outage.report(err, 'queue error', { queue: name }));
      queues.set(name, q);
    }
    return q as Queue<T>;
  }
  const events = createEventLog(redis, { prefix });
  return {
    config,
    log,
    redis,
    connection,
    articles: createArticleLedger(redis, { prefix, retentionDays: config.ledger.retentionDays, maxArticles: config.ledger.maxArticles }),
    posts: createPostLedger(redis, { prefix, retentionDays: config.ledger.retentionDays, events }),
    feedStates: createFeedStateStore(redis, { prefix }),
    control: createChannelControl(redis, { prefix, timeZone: config.publication.timezone }),
    events,
    pollQueue: queue<PollJobData>(POLL_QUEUE),
    summariseQueue: queue<SummariseJobData>(SUMMARISE_QUEUE),
    publishQueue: (channel) => queue<PublishJobData>(publishQueueName(channel)),
    lifecycleQueue: queue<LifecycleJobData>(LIFECYCLE_QUEUE),
    jobOptions,
    async close() {
      await Promise.allSettled([...queues.values()].map((q) => q.close()));
      await closeRedis(redis);
    },
  };
}
