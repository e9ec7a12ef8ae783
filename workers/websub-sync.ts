import { watchRedisOutage } from '../src/shared/redis-outage.js';
import type { Job, Queue } from 'bullmq';
import type { FeedConfig } from '../src/config/schema.js';
import type { FetchOk } from '../src/feeds/fetch-feed.js';
import type { ParsedFeed } from '../src/feeds/parse-feed.js';
import { safeFetch } from '../src/shared/http/safe-fetch.js';
import { discoverHub } from '../src/websub/websub-discovery.js';
import { callbackUrl, createWebsubQueue, type WebsubJobData } from '../src/websub/websub-jobs.js';
import { pushFallbackSeconds, renewAtMs, subscribeReason, websubWanted } from '../src/websub/websub-plan.js';
import { createWebsubStore, type WebsubStore } from '../src/websub/websub-store.js';
import type { AppContext } from './context.js';

/**
 * Keeping WebSub subscriptions as the config and the feeds want them: subscribe when a poll
 * discovers a hub, renew before the lease runs out (a delayed job, and the reconciler as the
 * repair after a restart or a lost job), unsubscribe feeds that left the config. A hub that fails
 * leaves the feed on polling, with the reason on the Feeds page.
 */

const HUB_TIMEOUT_MS = 15_000;
const HUB_MAX_BYTES = 64 * 1024;
/** An unsubscribe the hub never confirmed is forgotten after this long (the lease ends it anyway). */
const UNSUBSCRIBE_GIVE_UP_MS = 3_600_000;

export interface WebsubDeps {
  store: WebsubStore;
  queue: Queue<WebsubJobData>;
}

const depsByContext = new WeakMap<AppContext, WebsubDeps>();

/** One store and one queue handle per context (the queue shares the context's Redis connection). */
export function websubDeps(ctx: AppContext): WebsubDeps {
  let deps = depsByContext.get(ctx);
  if (!deps) {
    const queue = createWebsubQueue(ctx.connection, ctx.config.redis.prefix);
    const outage = watchRedisOutage(ctx.redis, ctx.log);
    queue.on('error', (err) => outage.report(err, 'websub queue error'));
    deps = { store: createWebsubStore(ctx.redis, ctx.config.redis.prefix), queue };
    depsByContext.set(ctx, deps);
  }
  return deps;
}

/**
 * Subscription jobs leave no trace when done (their outcome is on the subscription), so the job id
 * only dedupes jobs still pending: one immediate subscribe per feed whoever asks (poll,
 * reconciler), and one renewal per lease.
 */
const ONCE_PENDING = { removeOnComplete: true, removeOnFail: true } as const;

export async function queueSubscribe(deps: WebsubDeps, feedId: string, reason: string, delayMs = 0): Promise<void> {
  const jobId = delayMs > 0 ? `renew-${feedId}-${Math.floor((Date.now() + delayMs) / 1000)}` : `subscribe-${feedId}`;
  await deps.queue.add('subscribe', { kind: 'subscribe', feedId, reason }, { jobId, ...ONCE_PENDING, ...(delayMs > 0 ? { delay: delayMs } : {}) });
}

/** For the poll planner (workers/poll-schedule.ts): while push is active, polls are a safety net at `websub.fallbackIntervalSeconds`. */
export async function websubPollFacts(ctx: AppContext, feedId: string): Promise<{ pushFallbackSeconds?: number }> {
  const seconds = await pushFallbackSeconds(ctx.redis, ctx.config.redis.prefix, ctx.config.websub, feedId);
  return seconds === undefined ? {} : { pushFallbackSeconds: seconds };
}

/** Called by the poll after a successful read: a hub in the Link header or the feed may start or move a subscription. */
export async function noteWebsubDiscovery(ctx: AppContext, feed: FeedConfig, res: FetchOk, parsed: ParsedFeed): Promise<void> {
  if (!websubWanted(ctx.config.publicBaseUrl, feed)) return;
  // Push is an extra: trouble starting it must never fail the poll that found the hub.
  await startPushIfNew(ctx, websubDeps(ctx), feed, res, parsed).catch((err: Error) => ctx.log.warn({ feed: feed.id, err: err.message }, 'WebSub discovery could not start a subscription (the feed stays on polling)'));
}

async function startPushIfNew(ctx: AppContext, deps: WebsubDeps, feed: FeedConfig, res: FetchOk, parsed: ParsedFeed): Promise<void> {
  const found = discoverHub({ linkHeader: res.linkHeader, feedHub: parsed.hub, feedSelf: parsed.self, fetchedUrl: res.finalUrl });
  if (!found) return;
  const sub = await deps.store.view(feed.id);
  const reason = subscribeReason(sub, { hub: found.hub, topic: found.self }, ctx.config.websub, Date.now());
  if (!reason) return;
  await deps.store.request(feed.id, found.hub, found.self, ctx.config.websub.leaseSeconds);
  await queueSubscribe(deps, feed.id, `${reason} (from the ${found.from})`);
}

/** POSTs a (un)subscribe request to the hub; the hub answers 202 and verifies at the callback. */
export async function sendToHub(ctx: AppContext, deps: WebsubDeps, feedId: string, mode: 'subscribe' | 'unsubscribe', why: string): Promise<void> {
  const sub = await deps.store.get(feedId);
  const base = ctx.config.publicBaseUrl;
  if (!sub || !base) return;
  const log = ctx.log.child({ feed: feedId, role: 'websub' });
  if (mode === 'unsubscribe') await deps.store.unsubscribing(feedId);
  const lease = ctx.config.websub.leaseSeconds;
  const form = new URLSearchParams({ 'hub.callback': callbackUrl(base, feedId, sub.token), 'hub.mode': mode, 'hub.topic': sub.topic });
  if (mode === 'subscribe') {
    form.set('hub.lease_seconds', String(lease));
    form.set('hub.secret', sub.secret);
    await deps.store.request(feedId, sub.hub, sub.topic, lease);
  }
  const res = await safeFetch(sub.hub, { post: { body: form.toString(), contentType: 'application/x-www-form-urlencoded' }, maxBytes: HUB_MAX_BYTES, timeoutMs: HUB_TIMEOUT_MS, userAgent: ctx.config.poller.userAgent });
  const host = new URL(sub.hub).host;
  if (res.ok) {
    log.info({ hub: host, mode, why }, `WebSub ${mode} request accepted by the hub; waiting for its verification`);
    return;
  }
  if (mode === 'unsubscribe') {
    log.warn({ hub: host, problem: res.problem }, 'WebSub unsubscribe request failed; the lease will end it');
    await deps.store.remove(feedId);
    return;
  }
  await deps.store.failed(feedId, `hub ${host} refused the subscription: ${res.problem}`);
  log.warn({ hub: host, problem: res.problem }, 'WebSub subscription failed: the feed stays on polling (retried later)');
}

/** After verification or denial: renew before the lease ends; a lost push leaves polling at its own pace again. */
export async function subscriptionChanged(ctx: AppContext, deps: WebsubDeps, feedId: string, pollNow: (feedId: string) => Promise<unknown>): Promise<void> {
  const sub = await deps.store.view(feedId);
  if (sub?.state === 'active') {
    await queueSubscribe(deps, feedId, 'lease renewal', Math.max(0, renewAtMs(sub, ctx.config.websub) - Date.now()));
    return;
  }
  // Denied or failed: the poll planner may have spaced polls for push; one poll now re-plans at the feed's own interval.
  await pollNow(feedId);
}

/** The reconciler's repair: renewals due (also after a restart), and subscriptions of feeds no longer configured. */
export async function repairWebsub(ctx: AppContext, deps: WebsubDeps): Promise<number> {
  let repaired = 0;
  const now = Date.now();
  for (const feedId of await deps.store.feedIds()) {
    const feed = ctx.config.feeds.find((f) => f.id === feedId);
    const sub = await deps.store.view(feedId);
    if (!sub) {
      await deps.store.remove(feedId);
      continue;
    }
    if (!feed || !websubWanted(ctx.config.publicBaseUrl, feed)) {
      if (sub.state !== 'unsubscribing') {
        await deps.queue.add('unsubscribe', { kind: 'unsubscribe', feedId }, { jobId: `unsubscribe-${feedId}`, ...ONCE_PENDING });
        repaired++;
      } else if (now - Date.parse(sub.requestedAt ?? '') > UNSUBSCRIBE_GIVE_UP_MS) await deps.store.remove(feedId);
      continue;
    }
    const reason = subscribeReason(sub, sub, ctx.config.websub, now);
    if (reason) {
      await queueSubscribe(deps, feedId, reason);
      repaired++;
    }
  }
  return repaired;
}

export type WebsubJob = Job<WebsubJobData>;
