import { Queue, type ConnectionOptions, type DefaultJobOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { ConfigError, type Config, type ChannelConfig, type ConfigIssue } from '../src/config/load-config.js';
import { createArticleLedger } from '../src/ledger/article-ledger.js';
import { createChannelControl } from '../src/ledger/channel-control.js';
import { createEventLog } from '../src/ledger/events.js';
import { createFeedStateStore } from '../src/ledger/feed-state.js';
import { createPostLedger } from '../src/ledger/post-ledger.js';
import { createRedis } from '../src/queues/connection.js';
import { POLL_QUEUE, publishQueueName, SUMMARISE_QUEUE } from '../src/queues/names.js';
import type { PollJobData, PublishJobData, SummariseJobData } from '../src/queues/jobs.js';
import { networkRegistry } from '../src/publishers/registry.js';
import type { LivePublisher, NetworkDefinition } from '../src/publishers/publisher.js';
import { createOutboxPublisher } from '../src/publishers/dry-run/outbox-publisher.js';
import { createSummariser } from '../src/summaries/create-summariser.js';
import type { NetworkFit } from '../src/summaries/llm/guardrails.js';
import type { Summariser } from '../src/summaries/summary.js';
import type { Logger } from '../src/shared/logger.js';
import { watchRedisOutage } from '../src/shared/redis-outage.js';

/**
 * The composition root: the only place where feeds, ledger, summaries and publishers meet.
 * One Redis connection for commands; BullMQ workers open their own blocking connections.
 */
export interface AppContext {
  config: Config;
  log: Logger;
  redis: Redis;
  connection: ConnectionOptions;
  articles: ReturnType<typeof createArticleLedger>;
  posts: ReturnType<typeof createPostLedger>;
  feedStates: ReturnType<typeof createFeedStateStore>;
  control: ReturnType<typeof createChannelControl>;
  events: ReturnType<typeof createEventLog>;
  summariser: Summariser;
  pollQueue: Queue<PollJobData>;
  summariseQueue: Queue<SummariseJobData>;
  publishQueue(channel: string): Queue<PublishJobData>;
  network(channel: ChannelConfig): NetworkDefinition;
  publisher(channel: ChannelConfig): LivePublisher;
  jobOptions: DefaultJobOptions;
  close(): Promise<void>;
}

export function createAppContext(config: Config, log: Logger, opts: { summariser?: Summariser } = {}): AppContext {
  const redis = createRedis(config.redisUrl, 'worker');
  // One error line when an outage starts and one when it ends, whatever the number of connections.
  const outage = watchRedisOutage(redis, log);
  const prefix = config.redis.prefix;
  const connection: ConnectionOptions = redis;
  const jobOptions: DefaultJobOptions = {
    attempts: config.workers.attempts,
    backoff: { type: 'exponential', delay: config.workers.backoffMs, jitter: 0.5 },
    removeOnComplete: { age: Math.round(config.workers.keepCompletedHours * 3600) },
    removeOnFail: { age: Math.round(config.workers.keepFailedDays * 86_400) },
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
  const publishers = new Map<string, LivePublisher>();
  const events = createEventLog(redis, { prefix });

  const ctx: AppContext = {
    config,
    log,
    redis,
    connection,
    articles: createArticleLedger(redis, { prefix, retentionDays: config.ledger.retentionDays, maxArticles: config.ledger.maxArticles }),
    posts: createPostLedger(redis, { prefix, retentionDays: config.ledger.retentionDays, events }),
    feedStates: createFeedStateStore(redis, { prefix }),
    control: createChannelControl(redis, { prefix, timeZone: config.publication.timezone }),
    events,
    summariser: opts.summariser ?? buildSummariser(config, log, redis),
    pollQueue: queue<PollJobData>(POLL_QUEUE),
    summariseQueue: queue<SummariseJobData>(SUMMARISE_QUEUE),
    publishQueue: (channel) => queue<PublishJobData>(publishQueueName(channel)),
    network(channel) {
      const def = networkRegistry[channel.network];
      if (!def) throw new Error(`unknown network ${channel.network}`);
      return def;
    },
    publisher(channel) {
      let p = publishers.get(channel.id);
      if (!p) {
        p = buildPublisher(config, ctx.network(channel), channel, log);
        publishers.set(channel.id, p);
      }
      return p;
    },
    jobOptions,
    async close() {
      await Promise.allSettled([...queues.values()].map((q) => q.close()));
      for (const p of publishers.values()) p.close?.();
      redis.disconnect();
    },
  };
  // Every live publisher is built now, before any job is taken: a bad setting stops start-up
  // (exit 2) instead of ending each post `unknown`.
  if (config.secretsChecked) buildLivePublishers(config, ctx);
  return ctx;
}

function buildPublisher(config: Config, def: NetworkDefinition, channel: ChannelConfig, log: Logger): LivePublisher {
  if (channel.mode !== 'live' || !def.createLive) {
    return createOutboxPublisher({ dir: config.outbox.dir, channel: channel.id, network: channel.network, ...(def.postedText ? { postedText: def.postedText } : {}) });
  }
  if (!config.secretsChecked) throw new Error(`${channel.id}: the config was loaded without credentials; live publishing needs them`);
  return def.createLive({
    channel: channel.id,
    envPrefix: channel.envPrefix,
    publication: config.publication,
    options: channel.options,
    secrets: channel.secrets,
    log: log.child({ channel: channel.id }),
    ...(config.publicBaseUrl ? { publicBaseUrl: config.publicBaseUrl } : {}),
  });
}

function buildLivePublishers(config: Config, ctx: AppContext): void {
  const issues: ConfigIssue[] = [];
  for (const channel of config.channels.filter((c) => c.enabled && c.mode === 'live')) {
    try {
      ctx.publisher(channel);
    } catch (err) {
      issues.push({ path: `networks.${channel.id}`, message: (err as Error).message });
    }
  }
  if (issues.length === 0) return;
  void ctx.close().catch(() => undefined);
  throw new ConfigError(config.configPath, issues);
}

/** Networks the enabled channels post to, with the strictest limit per network (LLM variants must fit all of them). */
export function summaryNetworks(config: Config): NetworkFit[] {
  const byId = new Map<string, NetworkFit>();
  for (const channel of config.channels.filter((c) => c.enabled)) {
    const def = networkRegistry[channel.network];
    if (!def) continue;
    const known = byId.get(def.id);
    if (!known || def.limit < known.limit) byId.set(def.id, { id: def.id, limit: def.limit, count: def.count });
  }
  return [...byId.values()];
}

/** The configured summariser (see src/summaries/create-summariser.ts); the LLM key comes only from the environment. */
function buildSummariser(config: Config, log: Logger, redis: Redis): Summariser {
  return createSummariser(config.summariser, {
    redis,
    prefix: config.redis.prefix,
    log: log.child({ role: 'summariser' }),
    publicationName: config.publication.name,
    feeds: config.feeds,
    networks: summaryNetworks(config),
    extraHashtags: config.channels.flatMap((c) => c.hashtags.extra),
    userAgent: config.poller.userAgent,
    ...(config.llmApiKey ? { apiKey: config.llmApiKey } : {}),
  });
}
