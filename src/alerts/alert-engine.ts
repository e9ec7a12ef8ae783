import type { Logger } from 'pino';
import type { CrierEvent } from '../ledger/events.js';
import { incidentId, type AlertIncidentStore, type StoredIncident } from '../ledger/alert-incidents.js';
import { RECOVERY, thresholdMs, type AlertDestination, type AlertEventName, type AlertMessage, type Condition, type Deliver } from './alert-types.js';
import { credentialLevel, edgesFromEvent, feedRecoveredText } from './incident-rules.js';

/**
 * Incidents (#16): a condition becomes an incident for a destination once it has lasted the
 * destination's threshold; the incident is recorded in Redis as notified before its one message
 * goes out (a restart or a second process finds it and stays quiet), and when the condition ends
 * the incident closes, with one recovery message where the event has one. Retries of a post, a
 * feed failing again and again, or the same halt seen twice never send a second message.
 */
export interface EngineOptions {
  destinations: readonly AlertDestination[];
  store: Pick<AlertIncidentStore, 'watch' | 'get' | 'list' | 'markNotified' | 'close'>;
  deliver: Deliver;
  /** The desk's public address: messages link to the page that shows the trouble. */
  publicBaseUrl?: string;
  /** Removes every secret Crier knows from a message. */
  scrub: (text: string) => string;
  log: Logger;
}

type Recovery = { title: string; text: string; href: string };

export function deskLink(publicBaseUrl: string | undefined, href: string): string {
  return publicBaseUrl ? `${publicBaseUrl.replace(/\/+$/, '')}${href}` : href;
}

export function buildMessage(o: Pick<EngineOptions, 'publicBaseUrl' | 'scrub'>, d: AlertDestination, event: AlertEventName, state: AlertMessage['state'], subject: string, r: Recovery, nowMs: number): AlertMessage {
  return { destination: d.id, event, state, subject, title: o.scrub(r.title), text: o.scrub(r.text), link: deskLink(o.publicBaseUrl, r.href), at: new Date(nowMs).toISOString() };
}

export function createAlertEngine(o: EngineOptions) {
  const { store } = o;
  const subscribed = (event: AlertEventName) => o.destinations.filter((d) => d.events.includes(event));
  const byId = new Map(o.destinations.map((d) => [d.id, d]));

  async function openOne(d: AlertDestination, c: Condition, subject: string, nowMs: number): Promise<void> {
    const id = incidentId(d.id, c.event, subject);
    await store.watch({ id, destination: d.id, event: c.event, subject, firstSeenAt: new Date(c.sinceMs ?? nowMs).toISOString() });
    const incident = await store.get(id);
    if (!incident || incident.notifiedAt) return;
    const sinceMs = c.sinceMs ?? Date.parse(incident.firstSeenAt);
    if (nowMs - sinceMs < thresholdMs(d, c)) return;
    const message = buildMessage(o, d, c.event, 'open', subject, c, nowMs);
    // Recorded first: at most one message per incident, even if the process dies right after.
    if (!(await store.markNotified(id, message.at, message.text))) return;
    await o.deliver(d, message);
  }

  async function closeOne(incident: StoredIncident, recovery: Recovery | undefined, nowMs: number): Promise<void> {
    const closed = await store.close(incident.id);
    const next = closed ? RECOVERY[closed.event as AlertEventName] : undefined;
    const d = closed ? byId.get(closed.destination) : undefined;
    if (!closed?.notifiedAt || !recovery || !next || !d?.events.includes(next)) return;
    await o.deliver(d, buildMessage(o, d, next, 'recovered', closed.subject, recovery, nowMs));
  }

  function recoveryFor(incident: StoredIncident, nowMs: number): Recovery | undefined {
    if (incident.event === 'feed-failing') return feedRecoveredText(incident.subject, Date.parse(incident.firstSeenAt), nowMs);
    return undefined;
  }

  return {
    /** One event from the ledger's stream: posts that failed, channels halted and resumed. */
    async handleEvent(e: CrierEvent, nowMs: number): Promise<void> {
      for (const action of edgesFromEvent(e)) {
        if (action.kind === 'open') {
          for (const d of subscribed(action.condition.event)) await openOne(d, action.condition, action.condition.subject, nowMs);
          continue;
        }
        for (const d of o.destinations) {
          const incident = await store.get(incidentId(d.id, action.event, action.subject));
          if (incident) await closeOne(incident, action, nowMs);
        }
      }
    },

    /**
     * Post incidents end when the post moves on; one nobody ever retries or skips would stay
     * forever: after `maxAgeMs` it is closed quietly, so the open list stays small.
     */
    async prune(nowMs: number, maxAgeMs: number): Promise<void> {
      for (const incident of await store.list()) {
        const since = Date.parse(incident.notifiedAt ?? incident.firstSeenAt);
        if ((incident.event === 'post-failed' || incident.event === 'post-unknown') && nowMs - since > maxAgeMs) await store.close(incident.id);
      }
    },

    /** Every condition of `kinds` that holds now; an open incident of those kinds not among them has ended. */
    async reconcile(kinds: readonly AlertEventName[], conditions: readonly Condition[], nowMs: number): Promise<void> {
      const open = (await store.list()).filter((i) => kinds.includes(i.event as AlertEventName));
      const active = new Set<string>();
      for (const c of conditions) {
        for (const d of subscribed(c.event)) {
          let subject = c.subject;
          if (c.expiresAtMs !== undefined) {
            const level = credentialLevel(d, c.expiresAtMs, nowMs);
            if (level === undefined) continue;
            subject = `${c.subject}:${level}d`;
          }
          active.add(incidentId(d.id, c.event, subject));
          await openOne(d, c, subject, nowMs);
        }
      }
      for (const incident of open) if (!active.has(incident.id)) await closeOne(incident, recoveryFor(incident, nowMs), nowMs);
    },
  };
}

export type AlertEngine = ReturnType<typeof createAlertEngine>;
