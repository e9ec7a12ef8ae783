import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { ChannelConfig, Config } from '../config/load-config.js';
import type { ArticleLedger } from '../ledger/article-ledger.js';
import type { ChannelControl } from '../ledger/channel-control.js';
import type { EventLog } from '../ledger/events.js';
import type { FeedStateStore } from '../ledger/feed-state.js';
import type { PostLedger } from '../ledger/post-ledger.js';
import type { NetworkDefinition } from '../publishers/publisher.js';
import type { PollJobData, PublishJobData, SummariseJobData } from '../queues/jobs.js';
import type { LifecycleJobData } from '../lifecycle/lifecycle-jobs.js';

/**
 * What the desk needs from the running Crier: the ledger, the queues and the config. The
 * composition root (`workers/context.ts`) builds it; the desk never builds or wires anything.
 */
export interface WebContext {
  config: Config;
  log: Logger;
  redis: Redis;
  articles: ArticleLedger;
  posts: PostLedger;
  feedStates: FeedStateStore;
  control: ChannelControl;
  events: EventLog;
  pollQueue: Queue<PollJobData>;
  summariseQueue: Queue<SummariseJobData>;
  publishQueue(channel: string): Queue<PublishJobData>;
  /** Corrections and retractions (#16). */
  lifecycleQueue: Queue<LifecycleJobData>;
  network(channel: ChannelConfig): NetworkDefinition;
}
