import type { ChannelConfig } from '../src/config/load-config.js';
import { createCredentialsExpiryStore, DAY_MS, describeExpiry, type CredentialsExpiryRecord } from '../src/ledger/credentials-expiry.js';
import { secretScrubber } from '../src/shared/scrub-secrets.js';
import type { AppContext } from './context.js';

/**
 * Credentials that expire (#16): at start-up and daily, each live channel's network is asked
 * when its credentials stop working (`credentialsExpiry` on its NetworkDefinition: Meta's
 * debug_token, LinkedIn's introspection, Bluesky's session JWT), without posting. The answer is
 * stored per channel (crier status, the desk, /metrics, the alerts read it). A credential past
 * its expiry, or one the network calls invalid, halts the channel with the reason, exactly as a
 * revoked token does when a post meets it (workers/publish.worker.ts `halt-channel`); a timer
 * halts it at the expiry itself when that comes before the next daily check.
 */
export const CHECK_EVERY_MS = DAY_MS;
const CHECK_TIMEOUT_MS = 30_000;
/** setTimeout cannot wait longer than this (about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface CredentialChecks {
  /** Checks every live channel now; resolves when all answered (or failed). */
  checkAll(): Promise<CredentialsExpiryRecord[]>;
  stop(): void;
}

export function startCredentialChecks(ctx: AppContext, opts: { now?: () => number; everyMs?: number; runAtStart?: boolean } = {}): CredentialChecks {
  const now = opts.now ?? Date.now;
  const store = createCredentialsExpiryStore(ctx.redis, { prefix: ctx.config.redis.prefix });
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;

  const later = (ms: number, fn: () => void) => {
    if (stopped) return;
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, Math.min(Math.max(0, ms), MAX_TIMER_MS));
    t.unref();
    timers.add(t);
  };

  async function checkAll(): Promise<CredentialsExpiryRecord[]> {
    const live = ctx.config.channels.filter((c) => c.enabled && c.mode === 'live' && ctx.network(c).credentialsExpiry);
    const records = await Promise.all(live.map((c) => checkChannel(ctx, store, c, now()).catch((err: Error) => {
      ctx.log.warn({ channel: c.id, err: err.message }, 'credentials check could not be recorded');
      return undefined;
    })));
    for (const r of records) {
      const ms = r?.expiresAt && !r.selfRenewing ? Date.parse(r.expiresAt) - now() : undefined;
      // Expires before the next daily check: halt it on time.
      if (r && ms !== undefined && ms > 0 && ms < (opts.everyMs ?? CHECK_EVERY_MS)) later(ms, () => void checkAll().catch(() => undefined));
    }
    return records.filter((r): r is CredentialsExpiryRecord => r !== undefined);
  }

  const daily = () => later(opts.everyMs ?? CHECK_EVERY_MS, () => void checkAll().catch(() => undefined).finally(daily));
  if (opts.runAtStart ?? true) void checkAll().catch((err: Error) => ctx.log.warn({ err: err.message }, 'credentials check failed'));
  daily();
  return {
    checkAll,
    stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
    },
  };
}

async function checkChannel(ctx: AppContext, store: ReturnType<typeof createCredentialsExpiryStore>, channel: ChannelConfig, nowMs: number): Promise<CredentialsExpiryRecord> {
  const def = ctx.network(channel);
  const log = ctx.log.child({ channel: channel.id, role: 'credentials' });
  const scrub = secretScrubber(Object.values(channel.secrets));
  let record: CredentialsExpiryRecord;
  try {
    const found = await def.credentialsExpiry!({ channel: channel.id, options: channel.options, secrets: channel.secrets, channelState: ctx.control.state(channel.id), signal: AbortSignal.timeout(CHECK_TIMEOUT_MS), log, nowMs });
    record = {
      channel: channel.id,
      checkedAt: new Date(nowMs).toISOString(),
      what: found.what,
      ...(found.expiresAtMs !== undefined ? { expiresAt: new Date(found.expiresAtMs).toISOString() } : {}),
      ...(found.invalid ? { invalid: scrub(found.invalid) } : {}),
      ...(found.selfRenewing ? { selfRenewing: true } : {}),
    };
  } catch (err) {
    const detail = (err as { detail?: string }).detail;
    record = { channel: channel.id, checkedAt: new Date(nowMs).toISOString(), what: 'credentials', error: scrub(`${(err as Error).message}${detail ? `: ${detail}` : ''}`) };
    log.warn({ err: record.error }, 'could not learn when the credentials expire');
  }
  await store.set(record);
  const stored = (await store.get(channel.id)) ?? record;
  const line = describeExpiry(stored, nowMs);
  const leftMs = stored.expiresAt ? Date.parse(stored.expiresAt) - nowMs : undefined;
  if (stored.invalid || (leftMs !== undefined && leftMs <= 0 && !stored.selfRenewing)) await halt(ctx, channel, haltReason(channel, stored, nowMs));
  else if (leftMs !== undefined && leftMs < 14 * DAY_MS && !stored.selfRenewing) log.warn({ expiresAt: stored.expiresAt }, `credentials expire soon: ${line}`);
  else log.info({ expiresAt: stored.expiresAt ?? 'never' }, `credentials: ${line}`);
  return stored;
}

export function haltReason(channel: ChannelConfig, r: CredentialsExpiryRecord, nowMs: number): string {
  const vars = `${channel.envPrefix}_*`;
  if (r.invalid) return `credentials rejected by the network (${r.invalid}): replace ${vars}, then Resume`;
  // Stable text (no "N days ago"): a channel already halted for it is not halted again.
  return `credentials expired: the ${r.what} expired at ${r.expiresAt ?? new Date(nowMs).toISOString()}; replace ${vars}, then Resume`;
}

/** As a revoked token halts a channel when a post meets it: the pause, the queue, the event; once. */
async function halt(ctx: AppContext, channel: ChannelConfig, reason: string): Promise<void> {
  const status = await ctx.control.status(channel.id);
  if (status.attention === reason) return;
  await ctx.control.setPaused(channel.id, reason, reason);
  await ctx.publishQueue(channel.id).pause();
  await ctx.events.emit({ type: 'channel', channel: channel.id, action: 'halted', reason });
  ctx.log.error({ channel: channel.id, reason }, 'channel halted: needs attention (crier resume after fixing)');
}
