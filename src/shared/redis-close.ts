import type { Redis } from 'ioredis';

/** How long a shutdown lets commands already sent finish before it drops the socket. */
export const QUIT_GRACE_MS = 2_000;

/**
 * Closes a command connection the way a shutdown should: QUIT lets the commands already in flight
 * (a queue-depth sample, a BullMQ meta write) get their answers, so none of them rejects with
 * "Connection is closed." after we stopped caring, and surfaces as an unhandled rejection or a
 * false "Redis unreachable" line. When Redis does not answer (an outage, a dead master), QUIT
 * would wait for ever in the offline queue: after `graceMs` the socket is dropped anyway.
 */
export async function closeRedis(redis: Redis, graceMs = QUIT_GRACE_MS): Promise<void> {
  if (redis.status === 'end') return;
  // Between reconnection attempts (an outage) there is no socket: disconnect() only cancels the
  // next attempt, and no 'end' event ever comes, so there is nothing to wait for.
  const socketOpen = redis.status === 'ready' || redis.status === 'connect' || redis.status === 'connecting';
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, graceMs);
    timer.unref();
  });
  try {
    if (redis.status === 'ready') await Promise.race([redis.quit().then(() => undefined, () => undefined), gaveUp]);
    // After QUIT's answer the socket closes by itself; otherwise (not up, or no answer in time) we close it.
    if (hasEnded(redis)) return;
    const ended = new Promise<void>((resolve) => redis.once('end', () => resolve()));
    redis.disconnect();
    if (socketOpen && !hasEnded(redis)) await Promise.race([ended, gaveUp]);
  } finally {
    clearTimeout(timer);
  }
}

// A function, so TypeScript does not narrow `status` across the awaits above (it changes under us).
function hasEnded(redis: Redis): boolean {
  return redis.status === 'end';
}
