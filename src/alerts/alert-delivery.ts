import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { AlertSecrets } from '../config/alerts-schema.js';
import { postJson, payloadFor, sendEmail } from './alert-senders.js';
import type { AlertDestination, AlertMessage, Deliver } from './alert-types.js';

/**
 * Sends one message (#16): at most `maxPerHour` per destination (counted in Redis, so every
 * process shares the budget; counted locally when Redis is down), a bounded number of attempts
 * with a growing pause, and a log line for every failure. It never throws: an alert that cannot
 * go out must not stop the worker that noticed the trouble. The log names the destination,
 * never its URL.
 */
export interface DeliveryOptions {
  secrets: AlertSecrets;
  /** Counts one message in the window; true while under the limit. */
  takeRate(destination: string, windowStartMs: number, windowMs: number, max: number): Promise<boolean>;
  log: Logger;
  scrub: (text: string) => string;
  attempts?: number;
  retryDelayMs?: number;
  now?: () => number;
  /** Replaces the real senders (tests of the retry and rate rules). */
  send?: (d: AlertDestination, m: AlertMessage) => Promise<void>;
}

const HOUR_MS = 3_600_000;

export function createDelivery(o: DeliveryOptions): Deliver {
  const attempts = o.attempts ?? 3;
  const retryDelayMs = o.retryDelayMs ?? 2_000;
  const now = o.now ?? Date.now;
  const heldBack = new Map<string, number>();
  const localCounts = new Map<string, number>();

  async function underLimit(d: AlertDestination): Promise<boolean> {
    const windowStart = Math.floor(now() / HOUR_MS) * HOUR_MS;
    try {
      return await o.takeRate(d.id, windowStart, HOUR_MS, d.maxPerHour);
    } catch {
      // Redis is down (a redis-down alert is going out): count in this process instead.
      const key = `${d.id}:${windowStart}`;
      const n = (localCounts.get(key) ?? 0) + 1;
      localCounts.clear();
      localCounts.set(key, n);
      return n <= d.maxPerHour;
    }
  }

  async function sendOnce(d: AlertDestination, m: AlertMessage): Promise<void> {
    if (o.send) return o.send(d, m);
    const secret = o.secrets[d.id];
    if (d.type === 'email') {
      if (!secret?.smtp) throw new Error('no SMTP settings');
      return sendEmail(secret.smtp, d, m);
    }
    if (!secret?.url) throw new Error(`no URL (${d.urlEnv ?? 'urlEnv'} was not read)`);
    return postJson(secret.url, payloadFor(d.type, m));
  }

  return async function deliver(d, message) {
    const log = o.log.child({ alert: d.id, event: message.event, subject: message.subject });
    if (!(await underLimit(d))) {
      heldBack.set(d.id, (heldBack.get(d.id) ?? 0) + 1);
      log.warn({ maxPerHour: d.maxPerHour }, 'alert held back: the destination reached its hourly limit');
      return false;
    }
    const held = heldBack.get(d.id) ?? 0;
    const m = held > 0 ? { ...message, text: `${message.text}\n(${held} earlier alert(s) were held back by the hourly limit: see the desk.)` } : message;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        await sendOnce(d, m);
        heldBack.delete(d.id);
        log.info({ state: m.state, attempt }, 'alert sent');
        return true;
      } catch (err) {
        const reason = o.scrub((err as Error).message ?? String(err)).slice(0, 300);
        if (attempt === attempts) {
          log.error({ err: reason, attempts }, 'alert could not be delivered; giving up on this message');
          return false;
        }
        log.warn({ err: reason, attempt }, 'alert delivery failed; trying again');
        await sleep(retryDelayMs * 2 ** (attempt - 1));
      }
    }
    return false;
  };
}
