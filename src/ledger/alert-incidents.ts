import type { Redis } from 'ioredis';
import { ledgerKeys } from './keys.js';

/**
 * Open alert incidents (#16), in Redis so that a restarted (or a second) alerts process knows what
 * it already said: one message when an incident opens, one when it closes, none in between.
 */
export interface StoredIncident {
  /** `<destination>|<event>|<subject>`. */
  id: string;
  destination: string;
  event: string;
  subject: string;
  /** When the condition was first seen (a threshold counts from here). */
  firstSeenAt: string;
  /** When the message went out; absent while the condition waits for its threshold. */
  notifiedAt?: string;
  text?: string;
}

export function incidentId(destination: string, event: string, subject: string): string {
  return `${destination}|${event}|${subject}`;
}

/** Deletes a field only if it still holds the value read: two alerts processes never both close it. */
const CLOSE_SCRIPT = `if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then return redis.call('HDEL', KEYS[1], ARGV[1]) end return 0`;
/** Marks an incident notified only if nobody did it first: the one that wins sends the message. */
const NOTIFY_SCRIPT = `if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then redis.call('HSET', KEYS[1], ARGV[1], ARGV[3]) return 1 end return 0`;

export function createAlertIncidentStore(redis: Redis, opts: { prefix: string }) {
  const keys = ledgerKeys(opts.prefix);
  const parse = (raw: string | null): StoredIncident | undefined => {
    if (!raw) return undefined;
    try {
      return JSON.parse(raw) as StoredIncident;
    } catch {
      return undefined;
    }
  };
  return {
    async get(id: string): Promise<StoredIncident | undefined> {
      return parse(await redis.hget(keys.alertIncidents, id));
    },

    async list(): Promise<StoredIncident[]> {
      const all = await redis.hgetall(keys.alertIncidents);
      return Object.values(all).map((v) => parse(v)).filter((i): i is StoredIncident => i !== undefined);
    },

    /** Records a condition seen for the first time; false when it was already known. */
    async watch(incident: StoredIncident): Promise<boolean> {
      return (await redis.hsetnx(keys.alertIncidents, incident.id, JSON.stringify(incident))) === 1;
    },

    /** True when this caller is the one to send the opening message. */
    async markNotified(id: string, atIso: string, text: string): Promise<boolean> {
      const raw = await redis.hget(keys.alertIncidents, id);
      const current = parse(raw);
      if (!raw || !current || current.notifiedAt) return false;
      const next = JSON.stringify({ ...current, notifiedAt: atIso, text });
      return (await redis.eval(NOTIFY_SCRIPT, 1, keys.alertIncidents, id, raw, next)) === 1;
    },

    /** Closes an incident; returns it when this caller closed it (so it sends the recovery). */
    async close(id: string): Promise<StoredIncident | undefined> {
      const raw = await redis.hget(keys.alertIncidents, id);
      if (!raw) return undefined;
      return (await redis.eval(CLOSE_SCRIPT, 1, keys.alertIncidents, id, raw)) === 1 ? parse(raw) : undefined;
    },

    async cursor(): Promise<string | undefined> {
      return (await redis.get(keys.alertCursor)) ?? undefined;
    },

    async setCursor(id: string): Promise<void> {
      await redis.set(keys.alertCursor, id);
    },

    /** Counts one message to `destination` in the window starting at `windowStartMs`; true while under `max`. */
    async takeRate(destination: string, windowStartMs: number, windowMs: number, max: number): Promise<boolean> {
      const key = keys.alertRate(destination, String(windowStartMs));
      const [[, n]] = (await redis.multi().incr(key).pexpire(key, windowMs * 2).exec()) as [[unknown, number], unknown];
      return n <= max;
    },

    /** The oldest post waiting for an editor, as ms since epoch (its score), or undefined. */
    async oldestPendingApprovalMs(): Promise<number | undefined> {
      const first = await redis.zrange(keys.pendingApproval, 0, 0, 'WITHSCORES');
      return first[1] === undefined ? undefined : Number(first[1]);
    },
  };
}

export type AlertIncidentStore = ReturnType<typeof createAlertIncidentStore>;
