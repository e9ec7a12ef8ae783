import type { CrierEvent } from '../ledger/events.js';
import type { FeedState } from '../ledger/feed-state.js';
import { DAY_MS, type CredentialsExpiryRecord } from '../ledger/credentials-expiry.js';
import { MINUTE_MS, oneLine, type AlertDestination, type AlertEventName, type Condition } from './alert-types.js';

/**
 * Pure rules (#16): what an event from the ledger's stream opens or closes, and which conditions
 * hold now given the feed states, the approvals, the queues and the credentials. No I/O here:
 * alert-engine.ts turns these into incidents and messages.
 */
export type EdgeAction = { kind: 'open'; condition: Condition } | { kind: 'close'; event: AlertEventName; subject: string; title: string; text: string; href: string };

const minutes = (ms: number) => `${Math.max(0, Math.round(ms / MINUTE_MS))} min`;

/** A post that ends failed or unknown opens one incident; anything else it does later closes it quietly. */
export function edgesFromEvent(e: CrierEvent): EdgeAction[] {
  if (e.type === 'post') {
    const href = `/articles/${e.articleKey}`;
    if (e.state === 'failed' || e.state === 'unknown') {
      const event = e.state === 'failed' ? 'post-failed' : 'post-unknown';
      const what = e.state === 'failed' ? 'failed' : 'has an unknown outcome (check the network before retrying)';
      return [{ kind: 'open', condition: { event, subject: e.postId, title: `Post to ${e.channel} ${e.state}`, text: `The post ${e.postId} to ${e.channel} ${what}${e.detail ? `: ${oneLine(e.detail)}` : ''}`, href } }];
    }
    if (e.state === 'edited') return [];
    return (['post-failed', 'post-unknown'] as const).map((event) => ({ kind: 'close', event, subject: e.postId, title: '', text: '', href }));
  }
  if (e.type === 'channel' && e.action === 'halted') {
    const reason = e.reason ? `: ${oneLine(e.reason)}` : '';
    return [{ kind: 'open', condition: { event: 'channel-halted', subject: e.channel, title: `Channel ${e.channel} halted`, text: `Channel ${e.channel} stopped posting and needs a person${reason}. Fix the cause, then Resume.`, href: `/queue/${e.channel}` } }];
  }
  if (e.type === 'channel' && e.action === 'resumed') {
    return [{ kind: 'close', event: 'channel-halted', subject: e.channel, title: `Channel ${e.channel} resumed`, text: `Channel ${e.channel} is posting again${e.reason ? ` (${oneLine(e.reason, 100)})` : ''}.`, href: `/queue/${e.channel}` }];
  }
  return [];
}

export function feedConditions(feeds: readonly { id: string; title?: string; state: FeedState }[], nowMs: number): Condition[] {
  return feeds
    .filter((f) => f.state.consecutiveFailures > 0)
    .map((f) => {
      const sinceMs = f.state.lastSuccessAt ? Date.parse(f.state.lastSuccessAt) : undefined;
      const name = f.title ? `${f.title} (${f.id})` : f.id;
      const down = sinceMs === undefined ? 'has never been read successfully' : `has been failing for ${minutes(nowMs - sinceMs)}`;
      return {
        event: 'feed-failing' as const,
        subject: f.id,
        ...(sinceMs !== undefined ? { sinceMs } : {}),
        threshold: 'feedFailingMinutes' as const,
        title: `Feed ${f.id} failing`,
        text: `Feed ${name} ${down}, ${f.state.consecutiveFailures} failed fetch(es) in a row${f.state.lastError ? `: ${oneLine(f.state.lastError)}` : ''}.`,
        href: `/feeds#feed-${f.id}`,
      };
    });
}

/** The recovery text of a feed incident. */
export function feedRecoveredText(feedId: string, firstSeenMs: number, nowMs: number): { title: string; text: string; href: string } {
  return { title: `Feed ${feedId} recovered`, text: `Feed ${feedId} is read again (it was failing for about ${minutes(nowMs - firstSeenMs)}).`, href: `/feeds#feed-${feedId}` };
}

export function approvalConditions(oldestMs: number | undefined, waiting: number, nowMs: number): Condition[] {
  if (oldestMs === undefined || waiting === 0) return [];
  return [{ event: 'approval-waiting', subject: 'approvals', sinceMs: oldestMs, threshold: 'approvalWaitingMinutes', title: 'Posts waiting for approval', text: `${waiting} post(s) wait for an editor; the oldest for ${minutes(nowMs - oldestMs)}.`, href: '/approvals' }];
}

/** Running channels whose oldest waiting job was queued at `oldestWaitingMs`. */
export function queueConditions(channels: readonly { id: string; oldestWaitingMs?: number }[], nowMs: number): Condition[] {
  return channels.flatMap((c) =>
    c.oldestWaitingMs === undefined
      ? []
      : [{ event: 'queue-delayed' as const, subject: c.id, sinceMs: c.oldestWaitingMs, threshold: 'queueDelayMinutes' as const, title: `Channel ${c.id} queue delayed`, text: `Channel ${c.id}: the oldest post in its queue has waited ${minutes(nowMs - c.oldestWaitingMs)} for a worker.`, href: `/queue/${c.id}` }],
  );
}

/** Credentials that expire (and that Crier cannot renew itself); the level is chosen per destination. */
export function credentialConditions(records: readonly CredentialsExpiryRecord[], nowMs: number): Condition[] {
  return records.flatMap((r) => {
    if (!r.expiresAt || r.selfRenewing) return [];
    const expiresAtMs = Date.parse(r.expiresAt);
    if (!Number.isFinite(expiresAtMs)) return [];
    const left = expiresAtMs - nowMs;
    const when = left <= 0 ? `expired on ${r.expiresAt.slice(0, 10)}` : `expires in ${Math.max(0, Math.floor(left / DAY_MS))} day(s), on ${r.expiresAt.slice(0, 16).replace('T', ' ')} UTC`;
    return [{ event: 'credentials-expiring' as const, subject: r.channel, expiresAtMs, title: `Channel ${r.channel} credentials expiring`, text: `Channel ${r.channel}: the ${r.what} ${when}. Replace it before then, or the channel halts.`, href: `/queue/${r.channel}` }];
  });
}

/** The smallest warning level (days) already reached, or undefined while none is. */
export function credentialLevel(d: Pick<AlertDestination, 'credentialsWarnDays'>, expiresAtMs: number, nowMs: number): number | undefined {
  const left = expiresAtMs - nowMs;
  const reached = d.credentialsWarnDays.filter((days) => left <= days * DAY_MS);
  return reached.length ? Math.min(...reached) : undefined;
}
