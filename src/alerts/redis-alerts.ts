import { buildMessage } from './alert-engine.js';
import type { AlertDestination, Deliver } from './alert-types.js';

/**
 * Redis unreachable, and back (#16). While Redis is down nothing can be recorded there, so this
 * state lives in the process: one `redis-down` per destination once the outage has lasted its
 * `redisDownSeconds`, one `redis-up` when Redis answers again. A restart during an outage may
 * say it once more; that is the price of not needing Redis to say Redis is down.
 */
export function createRedisAlerts(o: { destinations: readonly AlertDestination[]; deliver: Deliver; publicBaseUrl?: string; scrub: (s: string) => string }) {
  let downSinceMs: number | undefined;
  let lastError = '';
  const told = new Set<string>();
  return {
    get down(): boolean {
      return downSinceMs !== undefined;
    },
    async failed(error: string, nowMs: number): Promise<void> {
      downSinceMs ??= nowMs;
      lastError = error.slice(0, 200);
      for (const d of o.destinations.filter((x) => x.events.includes('redis-down') && !told.has(x.id))) {
        if (nowMs - downSinceMs < d.redisDownSeconds * 1000) continue;
        told.add(d.id);
        const text = `Crier cannot reach Redis (since ${new Date(downSinceMs).toISOString()}): ${lastError}. Nothing is polled or posted until it is back.`;
        await o.deliver(d, buildMessage(o, d, 'redis-down', 'open', 'redis', { title: 'Redis unreachable', text, href: '/ops' }, nowMs));
      }
    },
    async answered(nowMs: number): Promise<void> {
      if (downSinceMs === undefined) return;
      const since = downSinceMs;
      downSinceMs = undefined;
      for (const d of o.destinations.filter((x) => told.has(x.id) && x.events.includes('redis-up'))) {
        const text = `Redis answers again (it was unreachable for about ${Math.round((nowMs - since) / 1000)} s).`;
        await o.deliver(d, buildMessage(o, d, 'redis-up', 'recovered', 'redis', { title: 'Redis back', text, href: '/ops' }, nowMs));
      }
      told.clear();
    },
  };
}
