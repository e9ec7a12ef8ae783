import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { ledgerKeys } from '../ledger/keys.js';

/**
 * One WebSub subscription per feed, in Redis. The secret and the callback token are the
 * subscription's credentials: `get` (for the callback route and the worker) returns them, `view`
 * (for the desk, `crier status`, logs) never does.
 */

export type SubscriptionState = 'requested' | 'active' | 'denied' | 'failed' | 'unsubscribing';

export interface SubscriptionView {
  feedId: string;
  state: SubscriptionState;
  hub: string;
  topic: string;
  requestedAt?: string;
  requestedLeaseSeconds?: number;
  verifiedAt?: string;
  leaseSeconds?: number;
  leaseExpiresAt?: string;
  /** Why the hub denied the subscription, or why subscribing failed (shown on the Feeds page). */
  reason?: string;
  reasonAt?: string;
  lastPushAt?: string;
  lastPushOutcome?: string;
  pushes: number;
}

export interface Subscription extends SubscriptionView {
  token: string;
  secret: string;
}

const NUMBERS = new Set(['requestedLeaseSeconds', 'leaseSeconds', 'pushes']);
/** Hub-supplied text (a denial reason) is capped and kept to printable characters. */
export const MAX_REASON_CHARS = 300;

export function cleanReason(text: string | undefined): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  return (text ?? '').slice(0, MAX_REASON_CHARS).replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
}

export function createWebsubStore(redis: Redis, prefix: string) {
  const keys = ledgerKeys(prefix);
  const set = (feedId: string, fields: Record<string, string | number>) => redis.hset(keys.websub(feedId), fields);

  async function get(feedId: string): Promise<Subscription | undefined> {
    const h = await redis.hgetall(keys.websub(feedId));
    if (!h.hub || !h.topic || !h.token || !h.secret || !h.state) return undefined;
    const out: Record<string, unknown> = { feedId, pushes: 0 };
    for (const [k, v] of Object.entries(h)) if (v !== '') out[k] = NUMBERS.has(k) ? Number(v) : v;
    return out as unknown as Subscription;
  }

  return {
    get,
    async view(feedId: string): Promise<SubscriptionView | undefined> {
      const sub = await get(feedId);
      if (!sub) return undefined;
      const { token: _token, secret: _secret, ...view } = sub;
      return view;
    },
    /** Feeds with a subscription record (for unsubscribing feeds that left the config). */
    async feedIds(): Promise<string[]> {
      return redis.smembers(keys.websubFeeds);
    },
    /**
     * A subscribe request is about to go to the hub. The same hub and topic keep their token and
     * secret (a renewal: deliveries signed before it still verify); anything else starts afresh.
     */
    async request(feedId: string, hub: string, topic: string, leaseSeconds: number): Promise<Subscription> {
      const known = await get(feedId);
      const same = known && known.hub === hub && known.topic === topic && known.state !== 'denied';
      const token = same ? known.token : randomBytes(18).toString('base64url');
      const secret = same ? known.secret : randomBytes(32).toString('base64url');
      const now = new Date().toISOString();
      if (!same) await redis.del(keys.websub(feedId));
      await redis.multi().hset(keys.websub(feedId), { hub, topic, token, secret, requestedAt: now, requestedLeaseSeconds: leaseSeconds, ...(same ? {} : { state: 'requested' }) }).sadd(keys.websubFeeds, feedId).exec();
      return (await get(feedId)) as Subscription;
    },
    async verified(feedId: string, leaseSeconds: number): Promise<string> {
      const now = Date.now();
      const leaseExpiresAt = new Date(now + leaseSeconds * 1000).toISOString();
      await set(feedId, { state: 'active', verifiedAt: new Date(now).toISOString(), leaseSeconds, leaseExpiresAt, reason: '' });
      return leaseExpiresAt;
    },
    async denied(feedId: string, reason: string): Promise<void> {
      await set(feedId, { state: 'denied', reason: cleanReason(reason) || 'the hub gave no reason', reasonAt: new Date().toISOString(), leaseExpiresAt: '' });
    },
    async failed(feedId: string, reason: string): Promise<void> {
      await set(feedId, { state: 'failed', reason: cleanReason(reason), reasonAt: new Date().toISOString() });
    },
    async unsubscribing(feedId: string): Promise<void> {
      await set(feedId, { state: 'unsubscribing' });
    },
    async remove(feedId: string): Promise<void> {
      await redis.multi().del(keys.websub(feedId)).srem(keys.websubFeeds, feedId).exec();
    },
    async pushed(feedId: string, outcome: string): Promise<void> {
      await redis.multi().hset(keys.websub(feedId), { lastPushAt: new Date().toISOString(), lastPushOutcome: cleanReason(outcome) }).hincrby(keys.websub(feedId), 'pushes', 1).exec();
    },
  };
}

export type WebsubStore = ReturnType<typeof createWebsubStore>;

/** Whether push is carrying the feed now (polling may slow to the fallback interval). */
export function pushActive(sub: Pick<SubscriptionView, 'state' | 'leaseExpiresAt'> | undefined, nowMs = Date.now()): boolean {
  return sub?.state === 'active' && !!sub.leaseExpiresAt && Date.parse(sub.leaseExpiresAt) > nowMs;
}
