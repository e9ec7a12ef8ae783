import type { Logger } from 'pino';
import { MASTODON_URL_LENGTH } from './mastodon-count.js';
import { sendHttp } from '../http-client.js';
import type { StateStore } from '../publisher.js';
import { MASTODON_DEFAULT_MAX_CHARACTERS } from './mastodon-options.js';

/**
 * Each instance sets its own post length (`max_characters`, 500 by default, thousands on some)
 * and the weight of a URL (`characters_reserved_per_url`, 23). `GET /api/v2/instance` is public
 * and changes rarely: it is read once a day per channel and cached in the channel state.
 */
export interface InstanceLimits {
  maxCharacters: number;
  charactersReservedPerUrl: number;
}

export { MASTODON_DEFAULT_MAX_CHARACTERS };
export const DEFAULT_INSTANCE_LIMITS: InstanceLimits = { maxCharacters: MASTODON_DEFAULT_MAX_CHARACTERS, charactersReservedPerUrl: MASTODON_URL_LENGTH };
/** Keyed by instance, so pointing a channel at another instance does not reuse the old limits. */
export function instanceStateKey(apiBaseUrl: string): string {
  return `mastodon.instance:${apiBaseUrl}`;
}
const INSTANCE_CACHE_SECONDS = 86_400;
const INSTANCE_TIMEOUT_MS = 10_000;

function positiveInt(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : undefined;
}

export function parseInstanceLimits(body: unknown): InstanceLimits | undefined {
  const statuses = (body as { configuration?: { statuses?: Record<string, unknown> } } | undefined)?.configuration?.statuses;
  const maxCharacters = positiveInt(statuses?.max_characters);
  if (!maxCharacters) return undefined;
  return { maxCharacters, charactersReservedPerUrl: positiveInt(statuses?.characters_reserved_per_url) ?? MASTODON_URL_LENGTH };
}

/** Cached limits, or fresh ones; the documented defaults when the instance will not say (never blocks a post). */
export async function instanceLimits(apiBaseUrl: string, store: StateStore, signal: AbortSignal, log: Logger): Promise<InstanceLimits> {
  const cached = await store.get(instanceStateKey(apiBaseUrl));
  if (cached) {
    try {
      const parsed = JSON.parse(cached) as InstanceLimits;
      if (positiveInt(parsed.maxCharacters) && positiveInt(parsed.charactersReservedPerUrl)) return parsed;
    } catch {
      // fall through to a fresh read
    }
  }
  try {
    const res = await sendHttp('mastodon', `${apiBaseUrl}/api/v2/instance`, { signal, timeoutMs: INSTANCE_TIMEOUT_MS });
    const limits = res.status === 200 ? parseInstanceLimits(res.json) : undefined;
    if (limits) {
      await store.set(instanceStateKey(apiBaseUrl), JSON.stringify(limits), INSTANCE_CACHE_SECONDS);
      return limits;
    }
    log.warn({ status: res.status }, 'mastodon: /api/v2/instance gave no limits; assuming 500 characters, URLs 23');
  } catch (err) {
    log.warn({ err: (err as Error).message }, 'mastodon: cannot read /api/v2/instance; assuming 500 characters, URLs 23');
  }
  return DEFAULT_INSTANCE_LIMITS;
}
