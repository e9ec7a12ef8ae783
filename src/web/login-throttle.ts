import { createHash } from 'node:crypto';
import ipaddr from 'ipaddr.js';
import type { Redis } from 'ioredis';

/**
 * Failed sign-ins, counted per client address and per account in Redis, so every web process sees
 * the same counts. Backoff, not lockout: after a few free failures each further attempt waits
 * `baseMs * 2^(failures - free)`, capped. An account's backoff holds back only clients that are
 * failing themselves, so a flood against an editor's name never stops the editor signing in from a
 * clean address. The attempt is counted before the password is hashed (and given back on success),
 * so parallel guesses are refused before any scrypt work, not after.
 */
export interface ThrottlePolicy {
  /** Failures from one client before it waits at all. */
  clientFree: number;
  /** Failures on one account (from anywhere) before failing clients wait on it. */
  accountFree: number;
  baseMs: number;
  clientMaxMs: number;
  accountMaxMs: number;
  /** Counts are forgotten after this long without an attempt. */
  forgetAfterMs: number;
}

export const DEFAULT_THROTTLE: ThrottlePolicy = {
  clientFree: 10,
  accountFree: 5,
  baseMs: 1_000,
  clientMaxMs: 15 * 60_000,
  accountMaxMs: 10 * 60_000,
  forgetAfterMs: 60 * 60_000,
};

export type AttemptVerdict = { ok: true; clean: boolean; keys: [string, string] } | { ok: false; retryAfterMs: number };

// Redis's clock, so processes with skewed clocks agree. Returns {1, clientFailures} or {0, waitMs}.
const ATTEMPT_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local base = tonumber(ARGV[3])
local function delay(n, free, cap)
  if n < free then return 0 end
  return math.min(base * math.pow(2, math.min(n - free, 40)), cap)
end
local c = redis.call('HMGET', KEYS[1], 'n', 't')
local cn, ct = tonumber(c[1]) or 0, tonumber(c[2]) or 0
local a = redis.call('HMGET', KEYS[2], 'n', 't')
local an, at = tonumber(a[1]) or 0, tonumber(a[2]) or 0
local wait = ct + delay(cn, tonumber(ARGV[1]), tonumber(ARGV[4])) - now
if cn > 0 then wait = math.max(wait, at + delay(an, tonumber(ARGV[2]), tonumber(ARGV[5])) - now) end
if wait > 0 then return {0, math.ceil(wait)} end
for i, n in ipairs({cn, an}) do
  redis.call('HSET', KEYS[i], 'n', n + 1, 't', now)
  redis.call('PEXPIRE', KEYS[i], ARGV[6])
end
return {1, cn}
`;

const RELEASE_LUA = `
for _, key in ipairs(KEYS) do
  local n = tonumber(redis.call('HGET', key, 'n') or '0')
  if n > 0 then redis.call('HINCRBY', key, 'n', -1) end
end
return 1
`;

/** One key per client: an IPv4 address, or an IPv6 /64 (one subscriber's usual allocation). */
export function clientId(ip: string | undefined): string {
  if (!ip || !ipaddr.isValid(ip)) return 'unknown';
  const addr = ipaddr.process(ip);
  if (addr.kind() === 'ipv4') return addr.toString();
  const parts = (addr as ipaddr.IPv6).parts.slice(0, 4).map((p) => p.toString(16));
  return `${parts.join(':')}::/64`;
}

export function createLoginThrottle(redis: Redis, opts: { prefix: string; policy?: Partial<ThrottlePolicy> }) {
  const policy = { ...DEFAULT_THROTTLE, ...opts.policy };
  const base = `${opts.prefix}:crier:web:signin`;
  const accountKey = (name: string) => `${base}:account:${createHash('sha256').update(name.slice(0, 256)).digest('base64url').slice(0, 22)}`;
  const args = [policy.clientFree, policy.accountFree, policy.baseMs, policy.clientMaxMs, policy.accountMaxMs, policy.forgetAfterMs];
  return {
    /** Counts the attempt (as a failure until `release`) or says how long this client must wait. */
    async attempt(ip: string | undefined, name: string): Promise<AttemptVerdict> {
      const keys: [string, string] = [`${base}:client:${clientId(ip)}`, accountKey(name)];
      const [ok, n] = (await redis.eval(ATTEMPT_LUA, 2, ...keys, ...args)) as [number, number];
      return ok === 1 ? { ok: true, clean: n === 0, keys } : { ok: false, retryAfterMs: n };
    },
    /** The attempt succeeded (or never reached the password check): it was not a failure. */
    async release(verdict: AttemptVerdict): Promise<void> {
      if (verdict.ok) await redis.eval(RELEASE_LUA, 2, ...verdict.keys);
    },
  };
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
