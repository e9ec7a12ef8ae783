import type { Redis } from 'ioredis';
import type { Logger } from './logger.js';

/**
 * A Redis outage is two log lines, not a thousand: one error when it starts ("Redis unreachable since
 * …") and one when it ends ("Redis back after 28 s"). Every connection of a process (the command
 * connection, BullMQ queues and workers) reports here; the command connection says when it is over.
 * Both lines are errors so that whoever filters on errors sees the pair, not half of it.
 */
export interface RedisOutageTracker {
  /** True while Redis is unreachable. */
  readonly down: boolean;
  /**
   * A queue or worker error: a connection error joins the outage (logged once); anything else is
   * logged as a warning with `message` and `fields`, as before.
   */
  report(err: Error, message: string, fields?: Record<string, unknown>): void;
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'ECONNABORTED']);
const CONNECTION_MESSAGES = ['connection is closed', "stream isn't writeable", 'socket closed unexpectedly', 'connect etimedout', 'econnrefused', 'max retries per request'];

export function isConnectionError(err: Error): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  if (code && CONNECTION_CODES.has(code)) return true;
  const message = err.message.slice(0, 200).toLowerCase();
  return CONNECTION_MESSAGES.some((m) => message.includes(m));
}

const trackers = new WeakMap<Redis, RedisOutageTracker>();

/** The tracker for a command connection (one per connection, however many callers ask). */
export function watchRedisOutage(redis: Redis, log: Logger, now: () => number = Date.now): RedisOutageTracker {
  const known = trackers.get(redis);
  if (known) return known;
  let downSinceMs: number | undefined;
  const begin = (err: Error) => {
    if (downSinceMs !== undefined) return;
    downSinceMs = now();
    log.error({ outage: 'start', err: err.message.slice(0, 300) }, `Redis unreachable since ${new Date(downSinceMs).toISOString()} (${err.message.slice(0, 120)}); retrying, no post is lost`);
  };
  const end = () => {
    if (downSinceMs === undefined) return;
    const seconds = Math.max(0, Math.round((now() - downSinceMs) / 1000));
    downSinceMs = undefined;
    log.error({ outage: 'end', downSeconds: seconds }, `Redis back after ${seconds} s`);
  };
  redis.on('error', (err: Error) => begin(err));
  redis.on('ready', end);
  const tracker: RedisOutageTracker = {
    get down() {
      return downSinceMs !== undefined;
    },
    report(err, message, fields = {}) {
      if (!isConnectionError(err)) {
        log.warn({ ...fields, err: err.message }, message);
        return;
      }
      // Another connection noticed first; the command connection will say when it is over. A
      // connection we closed ourselves ('end': ioredis retries for ever otherwise) is a shutdown,
      // not an outage: a command it cut short is not news to anyone.
      if (redis.status === 'ready' || redis.status === 'end') log.debug({ ...fields, err: err.message }, message);
      else begin(err);
    },
  };
  trackers.set(redis, tracker);
  return tracker;
}
