import { parseRetryAfterSeconds } from './feed-errors.js';

/**
 * What a feed's server and the feed itself say about how often to come back: `Cache-Control:
 * max-age`, `Retry-After` (on a success), RSS `<ttl>` (minutes) and `<sy:updatePeriod>` /
 * `<sy:updateFrequency>`. Only ever used to poll LESS often (an adaptive feed's floor), never more.
 */
export interface PollHints {
  cacheMaxAgeSeconds?: number;
  retryAfterSeconds?: number;
  ttlSeconds?: number;
  updatePeriodSeconds?: number;
}

/** Headers and feed values are hostile: read only this much of each. */
const MAX_HEADER_CHARS = 1_000;
/** Channel-level elements come before the items; never scan a whole (possibly huge) body. */
const MAX_SCAN_CHARS = 64 * 1024;
/** A year: anything longer is nonsense and is capped (the feed's maxIntervalSeconds caps it again). */
const MAX_HINT_SECONDS = 365 * 86_400;

const PERIOD_SECONDS: Record<string, number> = { hourly: 3_600, daily: 86_400, weekly: 604_800, monthly: 2_592_000, yearly: 31_536_000 };

function boundedSeconds(value: number): number | undefined {
  return Number.isFinite(value) && value > 0 ? Math.min(Math.round(value), MAX_HINT_SECONDS) : undefined;
}

/** `max-age=N` of a Cache-Control header; `no-cache`/`no-store` say nothing about spacing (undefined). */
export function cacheMaxAgeSeconds(header: string | undefined): number | undefined {
  if (!header) return undefined;
  for (const part of header.slice(0, MAX_HEADER_CHARS).toLowerCase().split(',')) {
    const [name, value] = part.trim().split('=', 2);
    if (name === 'max-age' && value !== undefined && /^"?\d{1,10}"?$/.test(value)) return boundedSeconds(Number(value.replace(/"/g, '')));
  }
  return undefined;
}

/** A server may send Retry-After with a 200/304 too (load shedding): honour it as a floor. */
export function successRetryAfterSeconds(header: string | undefined, nowMs: number): number | undefined {
  if (!header) return undefined;
  const seconds = parseRetryAfterSeconds(header.slice(0, MAX_HEADER_CHARS), nowMs);
  return seconds === undefined ? undefined : boundedSeconds(seconds);
}

/** The text between `<tag>` and the next `</` after it, from a bounded prefix (indexOf only: linear). */
function elementText(head: string, tag: string): string | undefined {
  const open = head.indexOf(`<${tag}>`);
  if (open < 0) return undefined;
  const start = open + tag.length + 2;
  const end = head.indexOf('</', start);
  if (end < 0 || end - start > 40) return undefined;
  return head.slice(start, end).trim();
}

/** `<ttl>` and `<sy:updatePeriod>`/`<sy:updateFrequency>` of the channel (before the first item). */
export function feedTimingHints(text: string): Pick<PollHints, 'ttlSeconds' | 'updatePeriodSeconds'> {
  let head = text.slice(0, MAX_SCAN_CHARS);
  const firstItem = [head.indexOf('<item'), head.indexOf('<entry')].filter((i) => i >= 0);
  if (firstItem.length > 0) head = head.slice(0, Math.min(...firstItem));
  const hints: Pick<PollHints, 'ttlSeconds' | 'updatePeriodSeconds'> = {};
  const ttl = elementText(head, 'ttl');
  if (ttl !== undefined && /^\d{1,9}$/.test(ttl)) {
    const seconds = boundedSeconds(Number(ttl) * 60);
    if (seconds) hints.ttlSeconds = seconds;
  }
  const period = elementText(head, 'sy:updatePeriod')?.toLowerCase();
  const periodSeconds = period ? PERIOD_SECONDS[period] : undefined;
  if (periodSeconds) {
    const frequencyText = elementText(head, 'sy:updateFrequency');
    const frequency = frequencyText && /^\d{1,6}$/.test(frequencyText) && Number(frequencyText) > 0 ? Number(frequencyText) : 1;
    const seconds = boundedSeconds(periodSeconds / frequency);
    if (seconds) hints.updatePeriodSeconds = seconds;
  }
  return hints;
}

/** The longest spacing any hint asks for, and which hint it was; undefined when none asks. */
export function hintFloor(hints: PollHints): { seconds: number; source: string } | undefined {
  const named: [string, number | undefined][] = [
    ['Cache-Control max-age', hints.cacheMaxAgeSeconds],
    ['Retry-After', hints.retryAfterSeconds],
    ['<ttl>', hints.ttlSeconds],
    ['<sy:updatePeriod>', hints.updatePeriodSeconds],
  ];
  let best: { seconds: number; source: string } | undefined;
  for (const [source, seconds] of named) if (seconds !== undefined && (!best || seconds > best.seconds)) best = { seconds, source };
  return best;
}
