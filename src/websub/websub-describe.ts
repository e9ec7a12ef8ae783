import { pushActive, type SubscriptionView } from './websub-store.js';

/**
 * How a feed's stories reach Crier, for the Feeds page and `crier status`: push (WebSub) or poll,
 * the hub, the lease, the last push and why push is not in use when it was tried. Only the
 * secret-free view of a subscription ever gets here.
 */
export interface DeliveryDescription {
  mode: 'push' | 'poll';
  /** "push via hub.example: lease until …, last push …" / "poll (push denied: …)". */
  summary: string;
  hub?: string;
  leaseExpiresAt?: string;
  lastPushAt?: string;
  /** Why push is off although a hub was tried (denied, failed, waiting for verification). */
  problem?: string;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url.slice(0, 80);
  }
}

export function describeDelivery(sub: SubscriptionView | undefined, nowMs = Date.now()): DeliveryDescription {
  if (!sub) return { mode: 'poll', summary: 'poll' };
  const hub = hostOf(sub.hub);
  const common = { hub, ...(sub.leaseExpiresAt ? { leaseExpiresAt: sub.leaseExpiresAt } : {}), ...(sub.lastPushAt ? { lastPushAt: sub.lastPushAt } : {}) };
  if (pushActive(sub, nowMs)) {
    const last = sub.lastPushAt ? `last push ${sub.lastPushAt}` : 'no push yet';
    return { mode: 'push', summary: `push via ${hub}: lease until ${sub.leaseExpiresAt ?? '?'}, ${last}`, ...common };
  }
  const problems: Record<string, string> = {
    denied: `push denied by ${hub}: ${sub.reason ?? 'no reason given'}`,
    failed: `push failed: ${sub.reason ?? 'unknown'}`,
    requested: `push requested from ${hub}, waiting for its verification`,
    unsubscribing: `unsubscribing from ${hub}`,
    active: `push lease from ${hub} expired; renewing`,
  };
  const problem = problems[sub.state] ?? sub.state;
  return { mode: 'poll', summary: `poll (${problem})`, problem, ...common };
}
