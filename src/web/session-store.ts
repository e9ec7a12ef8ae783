import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * Server-side half of a session: the signed cookie names a session id that must exist in Redis
 * (one GET per request), so signing out ends it everywhere at once. The cookie also carries a
 * fingerprint of the user's password hash: when an operator changes the password (a new hash in
 * the config), every session opened with the old one stops matching, with no Redis work at all.
 */

/** Connection states in which a command would wait for a reconnect (at start-up, 'connecting' is let through). */
export const REDIS_DOWN_STATES = new Set(['reconnecting', 'close', 'end']);

const SESSION_ID_BYTES = 18;
const SESSION_ID_PATTERN = /^[A-Za-z0-9_-]{24}$/;

/** Short and one-way: it only has to change when the hash does, and reveals nothing of it. */
export function passwordFingerprint(passwordHash: string): string {
  return createHash('sha256').update(`crier-session:${passwordHash}`).digest('base64url').slice(0, 16);
}

export interface SessionStore {
  create(user: string, ttlMs: number): Promise<string>;
  /** False when the id is unknown, belongs to someone else, or Redis is unreachable (fail closed, never hang). */
  isLive(id: string, user: string): Promise<boolean>;
  revoke(id: string): Promise<void>;
}

export function createSessionStore(redis: Redis, prefix: string): SessionStore {
  const key = (id: string) => `${prefix}:crier:web:session:${id}`;
  return {
    async create(user, ttlMs) {
      const id = randomBytes(SESSION_ID_BYTES).toString('base64url');
      await redis.set(key(id), user, 'PX', Math.max(1, Math.round(ttlMs)));
      return id;
    },
    async isLive(id, user) {
      if (!SESSION_ID_PATTERN.test(id) || REDIS_DOWN_STATES.has(redis.status)) return false;
      return (await redis.get(key(id))) === user;
    },
    async revoke(id) {
      if (SESSION_ID_PATTERN.test(id)) await redis.del(key(id));
    },
  };
}
