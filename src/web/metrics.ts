import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { createCredentialsExpiryStore } from '../ledger/credentials-expiry.js';
import type { CrierEvent } from '../ledger/events.js';
import type { WebContext } from './web-context.js';
import { postLatencies } from './ops-data.js';
import { allQueues } from './queue-history.js';

/**
 * Prometheus metrics computed from Redis on scrape, so one web process reports what every worker
 * process did. Counters and histograms follow the shared event stream with a cursor (on start they
 * replay what the capped stream still holds); gauges are read fresh from BullMQ and the ledger.
 */
const LATENCY_BUCKETS_S = [5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200, 21_600, 86_400];
const FETCH_BUCKETS_S = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 60];
const JOB_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'failed', 'completed'] as const;
const FINAL_POST_STATES = new Set(['posted', 'failed', 'skipped', 'unknown']);
const EVENTS_PER_READ = 5_000;
const MAX_EVENTS_PER_SCRAPE = 100_000;

type Timed<T> = T & { at: string };

type ChannelNetwork = (channel: string) => string;

/** Counters and histograms fed from the event stream; `follow` reads what arrived since the last scrape. */
function eventMetrics(ctx: WebContext, registry: Registry, net: ChannelNetwork) {
  const posts = new Counter({ name: 'crier_posts_total', help: 'Posts reaching a final state, by channel, network and outcome', labelNames: ['channel', 'network', 'outcome'], registers: [registry] });
  const latency = new Histogram({ name: 'crier_publish_latency_seconds', help: 'Seconds from the article (publication or discovery) to the post going live', labelNames: ['channel', 'network', 'since'], buckets: LATENCY_BUCKETS_S, registers: [registry] });
  const fetchDuration = new Histogram({ name: 'crier_feed_fetch_duration_seconds', help: 'Feed fetch duration', labelNames: ['feed'], buckets: FETCH_BUCKETS_S, registers: [registry] });
  const fetches = new Counter({ name: 'crier_feed_fetches_total', help: 'Feed fetches by outcome and HTTP status', labelNames: ['feed', 'outcome', 'status'], registers: [registry] });
  const articles = new Counter({ name: 'crier_articles_total', help: 'Articles discovered, by feed and status (new or skipped)', labelNames: ['feed', 'status'], registers: [registry] });
  const rateLimitWaits = new Counter({ name: 'crier_rate_limit_waits_total', help: 'Times a channel had to wait for a network rate limit', labelNames: ['channel', 'network'], registers: [registry] });

  /** Counts one event; returns it when it is a post that went live (its latency needs a read). */
  function count(event: CrierEvent): Timed<Extract<CrierEvent, { type: 'post' }>> | undefined {
    if (event.type === 'post' && FINAL_POST_STATES.has(event.state)) {
      posts.inc({ channel: event.channel, network: net(event.channel), outcome: event.state });
      if (event.state === 'posted') return event as Timed<Extract<CrierEvent, { type: 'post' }>>;
    } else if (event.type === 'feed') {
      fetches.inc({ feed: event.feedId, outcome: event.outcome, status: String(event.status ?? '') });
      if (event.durationMs !== undefined) fetchDuration.observe({ feed: event.feedId }, event.durationMs / 1000);
    } else if (event.type === 'article') {
      articles.inc({ feed: event.feedId, status: event.status });
    } else if (event.type === 'channel' && event.action === 'rate-limited') {
      rateLimitWaits.inc({ channel: event.channel, network: net(event.channel) });
    }
    return undefined;
  }

  let cursor = '0-0';
  async function readNewEvents(): Promise<void> {
    for (let read = 0; read < MAX_EVENTS_PER_SCRAPE; ) {
      const batch = await ctx.events.read(cursor, { count: EVENTS_PER_READ });
      if (batch.length === 0) return;
      cursor = batch[batch.length - 1]?.id ?? cursor;
      read += batch.length;
      const posted = batch.map(({ event }) => count(event)).filter((e) => e !== undefined);
      for (const l of await postLatencies(ctx, posted)) {
        if (l.fromPublishedS !== undefined) latency.observe({ channel: l.channel, network: net(l.channel), since: 'published' }, l.fromPublishedS);
        if (l.fromDiscoveredS !== undefined) latency.observe({ channel: l.channel, network: net(l.channel), since: 'discovered' }, l.fromDiscoveredS);
      }
      if (batch.length < EVENTS_PER_READ) return;
    }
  }

  // Two overlapping scrapes must not read the same events twice.
  let following: Promise<void> | undefined;
  return function follow(): Promise<void> {
    following ??= readNewEvents().finally(() => {
      following = undefined;
    });
    return following;
  };
}

/** Gauges read fresh on each scrape from BullMQ, the ledger, the feed states and Redis itself. */
function gaugeMetrics(ctx: WebContext, registry: Registry) {
  const g = (name: string, help: string, labelNames: string[] = []) => new Gauge({ name, help, labelNames, registers: [registry] });
  const jobs = g('crier_queue_jobs', 'Jobs per queue and state', ['queue', 'state']);
  const paused = g('crier_channel_paused', '1 when a channel is paused or halted', ['channel', 'network']);
  const rateLimited = g('crier_channel_rate_limited_seconds', 'Seconds a channel still waits for a rate limit', ['channel', 'network']);
  const postedToday = g('crier_channel_posted_today', 'Posts today (publication time zone)', ['channel', 'network']);
  const pending = g('crier_posts_pending_approval', 'Posts waiting for an editor');
  const feedStatus = g('crier_feed_last_status', 'HTTP status of the last fetch (0 = none)', ['feed']);
  const feedFailures = g('crier_feed_consecutive_failures', 'Consecutive failed fetches', ['feed']);
  const feedSuccess = g('crier_feed_last_success_timestamp_seconds', 'Unix time of the last successful fetch', ['feed']);
  const redisUsed = g('crier_redis_used_memory_bytes', 'Redis used_memory');
  const redisMax = g('crier_redis_maxmemory_bytes', 'Redis maxmemory (0 = unlimited)');
  const credentialsExpiry = g('crier_credentials_expiry_timestamp_seconds', 'Unix time the channel\'s credentials expire, as its network said (#16); absent: never, or not known', ['channel']);
  const credentialRecords = createCredentialsExpiryStore(ctx.redis, { prefix: ctx.config.redis.prefix });

  return async function refreshGauges(): Promise<void> {
    await Promise.all([
      ...allQueues(ctx).map(async (q) => {
        const counts = await q.getJobCounts(...JOB_STATES);
        for (const s of JOB_STATES) jobs.set({ queue: q.name, state: s }, counts[s] ?? 0);
      }),
      ...ctx.config.channels.filter((c) => c.enabled).map(async (c) => {
        const q = ctx.publishQueue(c.id);
        const [status, isPaused, ttlMs] = await Promise.all([ctx.control.status(c.id), q.isPaused(), q.getRateLimitTtl()]);
        const labels = { channel: c.id, network: c.network };
        paused.set(labels, status.paused || isPaused ? 1 : 0);
        rateLimited.set(labels, Math.max(0, ttlMs) / 1000);
        postedToday.set(labels, status.postedToday);
      }),
      ...ctx.config.feeds.map(async (f) => {
        const s = await ctx.feedStates.get(f.id);
        feedStatus.set({ feed: f.id }, s.lastStatus ?? 0);
        feedFailures.set({ feed: f.id }, s.consecutiveFailures);
        if (s.lastSuccessAt) feedSuccess.set({ feed: f.id }, Date.parse(s.lastSuccessAt) / 1000);
      }),
      (async () => pending.set((await ctx.posts.listPendingApproval()).length))(),
      (async () => {
        const records = await credentialRecords.list(ctx.config.channels.filter((c) => c.enabled && c.mode === 'live').map((c) => c.id));
        credentialsExpiry.reset();
        for (const r of records) if (r.expiresAt) credentialsExpiry.set({ channel: r.channel }, Date.parse(r.expiresAt) / 1000);
      })(),
      (async () => {
        const info = await ctx.redis.info('memory');
        redisUsed.set(Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0));
        redisMax.set(Number(/maxmemory:(\d+)/.exec(info)?.[1] ?? 0));
      })(),
    ]);
  };
}

export function createMetrics(ctx: WebContext) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'crier_web_' });
  const networkOf = new Map(ctx.config.channels.map((c) => [c.id, c.network]));
  const net = (channel: string) => networkOf.get(channel) ?? 'unknown';
  const follow = eventMetrics(ctx, registry, net);
  const refreshGauges = gaugeMetrics(ctx, registry);

  return {
    registry,
    contentType: registry.contentType,
    async scrape(): Promise<string> {
      await Promise.all([follow(), refreshGauges()]);
      return registry.metrics();
    },
  };
}

export type WebMetrics = ReturnType<typeof createMetrics>;
