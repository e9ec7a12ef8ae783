import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { createAlertEngine } from '../src/alerts/alert-engine.js';
import { createDelivery } from '../src/alerts/alert-delivery.js';
import type { AlertEventName, Deliver } from '../src/alerts/alert-types.js';
import { approvalConditions, credentialConditions, feedConditions, queueConditions } from '../src/alerts/incident-rules.js';
import { createRedisAlerts } from '../src/alerts/redis-alerts.js';
import type { Config } from '../src/config/load-config.js';
import { createAlertIncidentStore } from '../src/ledger/alert-incidents.js';
import { createCredentialsExpiryStore } from '../src/ledger/credentials-expiry.js';
import { secretScrubber } from '../src/shared/scrub-secrets.js';
import type { RedisContext } from './redis-context.js';

/**
 * The alerts (#16): follows the ledger's event stream (posts failed or unknown, channels halted
 * and resumed) from a cursor kept in Redis, and checks every `checkEveryMs` what has no event of
 * its own (feeds failing for N minutes, approvals waiting, queues delayed, credentials expiring,
 * Redis itself). src/alerts/ decides; this only gathers and wires. Nothing here may stop the
 * process: every failure is logged and the next round tries again.
 */
export const CHECK_EVERY_MS = 30_000;
const FOLLOW_BLOCK_MS = 5_000;
/** A failed post nobody acted on for this long no longer holds an open incident (it was reported once). */
const POST_INCIDENT_MAX_AGE_MS = 7 * 86_400_000;
const PERIODIC_KINDS: readonly AlertEventName[] = ['feed-failing', 'approval-waiting', 'queue-delayed', 'credentials-expiring'];

export interface AlertsRunner {
  /** One periodic check at `nowMs` (tests drive the clock through this). */
  check(nowMs?: number): Promise<void>;
  /** Reads the event stream up to its end once (tests; the follower does this continuously). */
  drain(nowMs?: number): Promise<number>;
  stop(): Promise<void>;
}

export interface AlertsOptions {
  now?: () => number;
  checkEveryMs?: number;
  /** False: no background follower or timer; the caller drives `drain` and `check`. */
  background?: boolean;
  retryDelayMs?: number;
  deliver?: Deliver;
}

/** Every secret the process knows: none may reach an alert. */
export function alertScrubber(config: Config) {
  const alertValues = Object.values(config.alertSecrets ?? {}).flatMap((s) => [s.url, s.smtp?.url, s.smtp?.pass]);
  const web = config.webSecrets ?? {};
  return secretScrubber([...config.channels.flatMap((c) => Object.values(c.secrets ?? {})), ...alertValues, web.sessionSecret, web.metricsToken, web.hookToken, config.llmApiKey]);
}

export function startAlerts(ctx: RedisContext, opts: AlertsOptions = {}): AlertsRunner | undefined {
  const { config, log: baseLog } = ctx;
  if (config.alerts.length === 0) return undefined;
  const log = baseLog.child({ role: 'alerts' });
  const now = opts.now ?? Date.now;
  const scrub = alertScrubber(config);
  const store = createAlertIncidentStore(ctx.redis, { prefix: config.redis.prefix });
  const credentials = createCredentialsExpiryStore(ctx.redis, { prefix: config.redis.prefix });
  const deliver = opts.deliver ?? createDelivery({ secrets: config.alertSecrets ?? {}, takeRate: store.takeRate, log, scrub, ...(opts.retryDelayMs !== undefined ? { retryDelayMs: opts.retryDelayMs } : {}) });
  const common = { destinations: config.alerts, deliver, scrub, ...(config.publicBaseUrl ? { publicBaseUrl: config.publicBaseUrl } : {}) };
  const engine = createAlertEngine({ ...common, store, log });
  const redisAlerts = createRedisAlerts(common);

  async function gather(nowMs: number) {
    const feeds = await Promise.all(config.feeds.map(async (f) => ({ id: f.id, ...(f.title ? { title: f.title } : {}), state: await ctx.feedStates.get(f.id) })));
    const waiting = await ctx.posts.listPendingApproval();
    const channels = config.channels.filter((c) => c.enabled);
    const queues = await Promise.all(channels.map(async (c) => ({ id: c.id, ...(await oldestWaiting(ctx, c.id)) })));
    const records = await credentials.list(channels.filter((c) => c.mode === 'live').map((c) => c.id));
    return [
      ...feedConditions(feeds, nowMs),
      ...approvalConditions(await store.oldestPendingApprovalMs(), waiting.length, nowMs),
      ...queueConditions(queues, nowMs),
      ...credentialConditions(records, nowMs),
    ];
  }

  async function check(nowMs = now()): Promise<void> {
    try {
      await ctx.redis.ping();
    } catch (err) {
      await redisAlerts.failed(scrub((err as Error).message), nowMs);
      return;
    }
    try {
      await redisAlerts.answered(nowMs);
      await engine.reconcile(PERIODIC_KINDS, await gather(nowMs), nowMs);
      await engine.prune(nowMs, POST_INCIDENT_MAX_AGE_MS);
    } catch (err) {
      log.warn({ err: scrub((err as Error).message) }, 'alerts check failed; trying again at the next one');
    }
  }

  async function readOnce(client: Redis | undefined, blockMs: number | undefined, nowMs?: number): Promise<number> {
    const cursor = (await store.cursor()) ?? (await ctx.events.lastId());
    const batch = await ctx.events.read(cursor, { count: 200, ...(blockMs !== undefined ? { blockMs } : {}), ...(client ? { client } : {}) });
    for (const { event } of batch) await engine.handleEvent(event, nowMs ?? now());
    if (batch.length > 0) await store.setCursor(batch[batch.length - 1]?.id ?? cursor);
    else if (!(await store.cursor())) await store.setCursor(cursor);
    return batch.length;
  }

  let stopped = false;
  const background = opts.background ?? true;
  const blocking = background ? ctx.redis.duplicate() : undefined;
  const follower = background ? follow() : Promise.resolve();
  async function follow(): Promise<void> {
    while (!stopped) {
      try {
        await readOnce(blocking, FOLLOW_BLOCK_MS);
      } catch (err) {
        if (stopped) return;
        log.warn({ err: scrub((err as Error).message) }, 'alerts: cannot read the event stream; retrying');
        await sleep(1_000);
      }
    }
  }
  const timer = background ? setInterval(() => void check(), opts.checkEveryMs ?? CHECK_EVERY_MS) : undefined;
  timer?.unref();
  if (background) void check();
  log.info({ destinations: config.alerts.map((d) => `${d.id}:${d.type}`) }, 'alerts started');

  return {
    check,
    async drain(nowMs) {
      let total = 0;
      for (let n = await readOnce(undefined, undefined, nowMs); n > 0; n = await readOnce(undefined, undefined, nowMs)) total += n;
      return total;
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      blocking?.disconnect();
      await follower;
    },
  };
}

/** The oldest job still waiting for a worker in a running channel's queue (a paused one waits on purpose). */
async function oldestWaiting(ctx: RedisContext, channel: string): Promise<{ oldestWaitingMs?: number }> {
  const q = ctx.publishQueue(channel);
  if (await q.isPaused()) return {};
  const jobs = await q.getJobs(['waiting', 'prioritized'], 0, 0, true);
  const times = jobs.map((j) => j.timestamp).filter((t) => Number.isFinite(t));
  return times.length ? { oldestWaitingMs: Math.min(...times) } : {};
}
