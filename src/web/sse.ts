import { setTimeout as delay } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import type { CrierEvent } from '../ledger/events.js';
import { watchRedisOutage } from '../shared/redis-outage.js';
import type { WebContext } from './web-context.js';

/**
 * One blocking XREAD loop per web process fans the shared event stream out to every open desk
 * (server-sent events), so a hundred editors cost one Redis connection, not a hundred.
 */
export type StreamEvent = { id: string; event: CrierEvent & { at: string } };
type Listener = (e: StreamEvent) => void;

const BLOCK_MS = 5_000;
const RETRY_MS = 1_000;

export function createEventHub(ctx: WebContext) {
  const listeners = new Set<Listener>();
  let client: Redis | undefined;
  let loop: Promise<void> | undefined;
  let stopped = false;


  async function run(): Promise<void> {
    client = ctx.redis.duplicate({ connectionName: 'crier-web-events' });
    client.on('error', (err) => ctx.log.debug({ err: err.message }, 'event hub redis error'));
    // A Redis outage is logged once by the process's tracker, not once per retry.
    const outage = watchRedisOutage(ctx.redis, ctx.log);
    let from: string | undefined;
    while (!stopped) {
      try {
        from ??= await ctx.events.lastId();
        const batch = await ctx.events.read(from, { blockMs: BLOCK_MS, client, count: 500 });
        for (const e of batch) {
          from = e.id;
          for (const l of listeners) l(e);
        }
      } catch (err) {
        if (stopped) break;
        outage.report(err as Error, 'event hub read failed; retrying');
        await delay(RETRY_MS);
      }
    }
  }

  return {
    subscribe(listener: Listener): () => void {
      listeners.add(listener);
      loop ??= run();
      return () => listeners.delete(listener);
    },
    /** Events after `id`, for a desk reconnecting with Last-Event-ID. */
    async since(id: string): Promise<StreamEvent[]> {
      if (!/^\d+-\d+$/.test(id)) return [];
      return ctx.events.read(id, { count: 500 });
    },
    get size() {
      return listeners.size;
    },
    async close(): Promise<void> {
      stopped = true;
      listeners.clear();
      client?.disconnect();
      await loop?.catch(() => undefined);
    },
  };
}

export type EventHub = ReturnType<typeof createEventHub>;
