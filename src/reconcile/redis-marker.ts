import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * Three small keys that let Crier notice Redis forgetting everything (a restart without
 * persistence, a failover to an empty replica, FLUSHALL) and keep the reconciler to one process:
 * - the marker: written once when the data set is new, then only read; its disappearance means
 *   the data went with it;
 * - the lock: one reconciler at a time, expiring by itself if its holder dies;
 * - the heartbeat: proof for `/readyz`, from any process, that a reconciler ran recently.
 * All under `<prefix>:crier:` so Cluster keeps them in Crier's slot and tests can scope them.
 */
export function reconcileKeys(prefix: string) {
  const base = `${prefix}:crier:reconcile`;
  return { marker: `${base}:marker`, lock: `${base}:lock`, heartbeat: `${base}:heartbeat` };
}

export interface DataMarker {
  id: string;
  startedAt: string;
  /** Written by the process that noticed a loss (others then know it was dealt with). */
  afterLoss?: boolean;
}

export type MarkerCheck = { status: 'intact' } | { status: 'replaced'; marker: DataMarker } | { status: 'lost'; marker: DataMarker };

const RELEASE_LUA = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0";

function parseMarker(raw: string | null): DataMarker | undefined {
  if (!raw) return undefined;
  try {
    const m = JSON.parse(raw) as Partial<DataMarker>;
    return typeof m.id === 'string' && typeof m.startedAt === 'string' ? { id: m.id, startedAt: m.startedAt, ...(m.afterLoss === true ? { afterLoss: true } : {}) } : undefined;
  } catch {
    return undefined;
  }
}

export function createRedisMarker(redis: Redis, prefix: string) {
  const keys = reconcileKeys(prefix);
  const fresh = (): DataMarker => ({ id: randomUUID(), startedAt: new Date().toISOString() });

  return {
    keys,
    /** At start-up: the data set's marker, written now if there is none yet (the first process of a new data set). */
    async adopt(): Promise<DataMarker> {
      const mine = fresh();
      await redis.set(keys.marker, JSON.stringify(mine), 'NX');
      return parseMarker(await redis.get(keys.marker)) ?? mine;
    },

    /**
     * Compares the marker with the one this process knows (call it under the lock). Missing: the
     * data were lost; a new marker is written (returned). Another id written after a loss: another
     * process dealt with it. Another id not so written: a process that started on the empty Redis
     * wrote it, so the loss is still unreported (it is now).
     */
    async check(known: DataMarker): Promise<MarkerCheck> {
      const current = parseMarker(await redis.get(keys.marker));
      if (current?.id === known.id) return { status: 'intact' };
      if (current?.afterLoss) return { status: 'replaced', marker: current };
      const next = { ...fresh(), afterLoss: true };
      await redis.set(keys.marker, JSON.stringify(next));
      return { status: 'lost', marker: next };
    },

    /** A token when this process got the lock, undefined when another holds it. */
    async lock(ttlMs: number): Promise<string | undefined> {
      const token = randomUUID();
      return (await redis.set(keys.lock, token, 'PX', ttlMs, 'NX')) === 'OK' ? token : undefined;
    },

    async unlock(token: string): Promise<void> {
      await redis.eval(RELEASE_LUA, 1, keys.lock, token);
    },

    async beat(ttlMs: number): Promise<void> {
      await redis.set(keys.heartbeat, new Date().toISOString(), 'PX', ttlMs);
    },

    /** ISO time of the last reconcile that finished, if within the heartbeat's lifetime. */
    lastBeat: () => redis.get(keys.heartbeat),
  };
}

export type RedisMarker = ReturnType<typeof createRedisMarker>;
