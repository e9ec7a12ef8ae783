import type { Redis } from 'ioredis';
import { ledgerKeys } from './keys.js';

/**
 * When a channel's credentials stop working, as its network last said (#16): read at start-up and
 * daily by workers/credentials.worker.ts, shown by `crier status`, the desk and `/metrics`, and
 * watched by the alerts. Stored per channel so every process sees the same answer.
 */
export interface CredentialsExpiryRecord {
  channel: string;
  checkedAt: string;
  /** Absent: the network says the credential never expires (or did not say when). */
  expiresAt?: string;
  /** What expires at `expiresAt` ("page token", "data access", "refresh token"...). */
  what: string;
  /** The network says the credential is no longer valid (revoked, expired). */
  invalid?: string;
  /** The check itself failed (network down, no introspection rights): the last known expiry stays. */
  error?: string;
  /** Crier renews it by itself (a Bluesky session re-created from the app password): shown, never alerted on. */
  selfRenewing?: boolean;
}

/** Stored text is capped: it comes from a network's answer. */
const MAX_TEXT_CHARS = 300;
const cap = (s: string) => (s.length > MAX_TEXT_CHARS ? `${s.slice(0, MAX_TEXT_CHARS - 1)}…` : s);

export function createCredentialsExpiryStore(redis: Redis, opts: { prefix: string }) {
  const keys = ledgerKeys(opts.prefix);
  return {
    async get(channel: string): Promise<CredentialsExpiryRecord | undefined> {
      const h = await redis.hgetall(keys.credentialsExpiry(channel));
      if (!h.checkedAt) return undefined;
      return {
        channel,
        checkedAt: h.checkedAt,
        what: h.what ?? 'credentials',
        ...(h.expiresAt ? { expiresAt: h.expiresAt } : {}),
        ...(h.invalid ? { invalid: h.invalid } : {}),
        ...(h.error ? { error: h.error } : {}),
        ...(h.selfRenewing === '1' ? { selfRenewing: true } : {}),
      };
    },

    async list(channels: readonly string[]): Promise<CredentialsExpiryRecord[]> {
      const all = await Promise.all(channels.map((c) => this.get(c)));
      return all.filter((r): r is CredentialsExpiryRecord => r !== undefined);
    },

    /** Replaces the record; a failed check (`error`) keeps the expiry learnt before. */
    async set(record: CredentialsExpiryRecord): Promise<void> {
      const key = keys.credentialsExpiry(record.channel);
      const fields: Record<string, string> = { checkedAt: record.checkedAt, what: cap(record.what), invalid: cap(record.invalid ?? ''), error: cap(record.error ?? ''), selfRenewing: record.selfRenewing ? '1' : '' };
      if (!record.error) fields.expiresAt = record.expiresAt ?? '';
      await redis.hset(key, fields);
    },

    async remove(channel: string): Promise<void> {
      await redis.del(keys.credentialsExpiry(channel));
    },
  };
}

export type CredentialsExpiryStore = ReturnType<typeof createCredentialsExpiryStore>;

export const DAY_MS = 86_400_000;

/** "expires in 5 days (2026-12-03)", "never expires", "expired 2 days ago": one line for status and the desk. */
export function describeExpiry(r: CredentialsExpiryRecord, nowMs: number): string {
  const parts: string[] = [];
  if (r.invalid) parts.push(`invalid: ${r.invalid}`);
  if (!r.expiresAt) parts.push(`${r.what}: no expiry`);
  else {
    const left = Date.parse(r.expiresAt) - nowMs;
    const date = r.expiresAt.slice(0, 10);
    if (left <= 0) parts.push(`${r.what} expired ${Math.floor(-left / DAY_MS)} day(s) ago (${date})`);
    else if (left < DAY_MS) parts.push(`${r.what} expires in ${Math.max(1, Math.round(left / 3_600_000))} hour(s) (${r.expiresAt.slice(0, 16)}Z)`);
    else parts.push(`${r.what} expires in ${Math.floor(left / DAY_MS)} day(s) (${date})`);
  }
  if (r.selfRenewing) parts.push('renewed by Crier');
  if (r.error) parts.push(`last check failed: ${r.error}`);
  return parts.join('; ');
}

/** `crier status`: one line per live channel (#16), "not checked yet" until the poller asked its network. */
export async function credentialStatusLines(redis: Redis, prefix: string, liveChannels: readonly string[], nowMs: number): Promise<{ channel: string; text: string; expiresAt?: string }[]> {
  const store = createCredentialsExpiryStore(redis, { prefix });
  return Promise.all(
    liveChannels.map(async (channel) => {
      const r = await store.get(channel);
      return r ? { channel, text: `${describeExpiry(r, nowMs)} (checked ${r.checkedAt.slice(0, 16).replace('T', ' ')} UTC)`, ...(r.expiresAt ? { expiresAt: r.expiresAt } : {}) } : { channel, text: 'not checked yet (the poller asks the network at start-up and daily)' };
    }),
  );
}
