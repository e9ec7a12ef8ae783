import { AuthError, RateLimitedError } from '../errors.js';
import type { PublishContext, StateStore } from '../publisher.js';
import type { GraphClient } from './graph-client.js';
import { GRAPH_QUOTA_WAIT_MS } from './graph-classify.js';

/**
 * Instagram (`content_publishing_limit`) and Threads (`threads_publishing_limit`) publish caps are
 * a moving 24 h window. Meta reports usage but not when a slot frees, so we remember when we
 * published: the oldest of our posts inside the window is the next slot to free.
 */

export interface QuotaReading {
  usage: number;
  total: number;
  durationS: number;
}

const PUBLISH_TIMES = 'publishTimesMs';
const DEFAULT_WINDOW_S = 86_400;

/** Reads `{"data":[{"quota_usage":4,"config":{"quota_total":250,"quota_duration":86400}}]}`. */
export function parseQuota(body: Record<string, unknown>, configuredTotal?: number): QuotaReading | undefined {
  const first = Array.isArray(body.data) ? (body.data[0] as Record<string, unknown> | undefined) : undefined;
  if (!first) return undefined;
  const config = (first.config ?? {}) as Record<string, unknown>;
  const usage = Number(first.quota_usage);
  const total = configuredTotal ?? Number(config.quota_total);
  const durationS = Number(config.quota_duration) || DEFAULT_WINDOW_S;
  return Number.isFinite(usage) && Number.isFinite(total) && total > 0 ? { usage, total, durationS } : undefined;
}

async function readTimes(state: StateStore): Promise<number[]> {
  try {
    const v = JSON.parse((await state.get(PUBLISH_TIMES)) ?? '[]') as unknown;
    return Array.isArray(v) ? v.filter((n): n is number => typeof n === 'number') : [];
  } catch {
    return [];
  }
}

export async function recordPublish(state: StateStore, nowMs: number, windowS = DEFAULT_WINDOW_S): Promise<void> {
  const times = (await readTimes(state)).filter((t) => t > nowMs - windowS * 1000);
  times.push(nowMs);
  await state.set(PUBLISH_TIMES, JSON.stringify(times.slice(-1000)), windowS * 2);
}

/** When the next slot frees: our oldest post in the window + the window, else a fixed wait. */
export function quotaFreeAtMs(times: readonly number[], reading: QuotaReading, nowMs: number, fallbackWaitMs = GRAPH_QUOTA_WAIT_MS): number {
  const inWindow = times.filter((t) => t > nowMs - reading.durationS * 1000).sort((a, b) => a - b);
  const oldest = inWindow[0];
  return oldest !== undefined ? oldest + reading.durationS * 1000 : nowMs + fallbackWaitMs;
}

/**
 * Holds the channel (RateLimitedError, scope channel) when the quota is used up. A failed read
 * does not block posting: the publish call itself will say so if the quota really is gone.
 */
export async function holdIfQuotaUsedUp(
  client: GraphClient,
  path: string,
  ctx: PublishContext,
  opts: { network: string; configuredTotal?: number; nowMs: number; fallbackWaitMs?: number },
): Promise<QuotaReading | undefined> {
  let reading: QuotaReading | undefined;
  try {
    reading = parseQuota(await client.get(path, { fields: 'quota_usage,config' }, ctx), opts.configuredTotal);
  } catch (err) {
    if (err instanceof AuthError || err instanceof RateLimitedError) throw err;
    ctx.log.warn({ err: (err as Error).message }, 'could not read the publishing quota; trying anyway');
    return undefined;
  }
  if (reading && reading.usage >= reading.total) {
    const untilMs = quotaFreeAtMs(await readTimes(ctx.channelState), reading, opts.nowMs, opts.fallbackWaitMs);
    throw new RateLimitedError(`${opts.network}: publishing quota used up (${reading.usage}/${reading.total} in ${reading.durationS / 3600} h); holding posts`, {
      network: opts.network,
      untilMs,
      scope: 'channel',
    });
  }
  return reading;
}
