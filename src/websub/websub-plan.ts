import type { Redis } from 'ioredis';
import type { WebsubConfig } from '../config/websub-schema.js';
import { createWebsubStore, pushActive, type SubscriptionView } from './websub-store.js';

/**
 * When to (re)subscribe, as one pure decision for the poll (fresh discovery) and the reconciler
 * (the recorded hub and topic): a new or changed hub, a lease that is running out, a verification
 * that never came, a failure or a denial old enough to try again. Undefined: leave it be.
 */
const VERIFY_WAIT_MS = 10 * 60_000;
const RETRY_AFTER_DENIAL_MS = 24 * 3_600_000;

export interface HubTopic {
  hub: string;
  topic: string;
}

export function subscribeReason(sub: SubscriptionView | undefined, wanted: HubTopic, cfg: Pick<WebsubConfig, 'fallbackIntervalSeconds' | 'renewAtFraction'>, nowMs: number): string | undefined {
  if (!sub) return 'hub discovered';
  if (sub.hub !== wanted.hub || sub.topic !== wanted.topic) return 'hub or topic changed';
  const since = (iso: string | undefined) => (iso ? nowMs - Date.parse(iso) : Infinity);
  switch (sub.state) {
    case 'denied':
      return since(sub.reasonAt) > RETRY_AFTER_DENIAL_MS ? 'retry a day after a denial' : undefined;
    case 'failed':
      return since(sub.reasonAt) > cfg.fallbackIntervalSeconds * 1000 ? 'retry after a failure' : undefined;
    case 'requested':
      return since(sub.requestedAt) > VERIFY_WAIT_MS ? 'the hub never verified: asking again' : undefined;
    case 'active':
      return nowMs >= renewAtMs(sub, cfg) ? 'lease renewal' : undefined;
    default:
      return undefined;
  }
}

/** When an active lease is renewed: once `renewAtFraction` of it is left. */
export function renewAtMs(sub: Pick<SubscriptionView, 'leaseExpiresAt' | 'leaseSeconds'>, cfg: Pick<WebsubConfig, 'renewAtFraction'>): number {
  const expires = sub.leaseExpiresAt ? Date.parse(sub.leaseExpiresAt) : 0;
  return expires - (sub.leaseSeconds ?? 0) * 1000 * cfg.renewAtFraction;
}

/** Push needs a callback hubs can reach (`publicBaseUrl`) and the feed not turned off. */
export function websubWanted(publicBaseUrl: string | undefined, feed: { websub: 'auto' | 'off' }): boolean {
  return feed.websub === 'auto' && !!publicBaseUrl;
}

/**
 * The poll planner's one question to WebSub: while a subscription is active, polling continues
 * only as a safety net, at `websub.fallbackIntervalSeconds` (the planner keeps a feed's own
 * interval when that is longer). Undefined: no active push, poll as configured.
 */
export async function pushFallbackSeconds(redis: Redis, prefix: string, websub: Pick<WebsubConfig, 'fallbackIntervalSeconds'>, feedId: string): Promise<number | undefined> {
  const sub = await createWebsubStore(redis, prefix).view(feedId);
  return pushActive(sub) ? websub.fallbackIntervalSeconds : undefined;
}
