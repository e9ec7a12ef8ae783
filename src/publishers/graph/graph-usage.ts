/**
 * Meta's usage headers. Both carry percentages of a limit, not counts:
 *   X-App-Usage: {"call_count":12,"total_cputime":3,"total_time":4}
 *   X-Business-Use-Case-Usage: {"<id>":[{"type":"pages","call_count":100,…,"estimated_time_to_regain_access":12}]}
 * `estimated_time_to_regain_access` is in MINUTES (Graph rate-limiting overview).
 */

/** App-level limits are a rolling one-hour window: when any usage hits 100 %, wait that long. */
export const GRAPH_APP_USAGE_WINDOW_MS = 60 * 60_000;
/** A throttle error with no usable header: wait this long rather than hammering the API. */
export const GRAPH_THROTTLE_DEFAULT_WAIT_MS = 5 * 60_000;

export interface UsagePercentages {
  callCount: number;
  totalCputime: number;
  totalTime: number;
}

function num(v: unknown): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : 0;
}

function parseJson(value: string | null): unknown {
  if (!value) return undefined;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

function percentages(o: Record<string, unknown>): UsagePercentages {
  return { callCount: num(o.call_count), totalCputime: num(o.total_cputime), totalTime: num(o.total_time) };
}

export function parseAppUsage(headers: Headers): UsagePercentages | undefined {
  const raw = parseJson(headers.get('x-app-usage'));
  return raw && typeof raw === 'object' ? percentages(raw as Record<string, unknown>) : undefined;
}

export interface BucUsage extends UsagePercentages {
  type: string;
  regainAccessMinutes: number;
}

export function parseBucUsage(headers: Headers): BucUsage[] {
  const raw = parseJson(headers.get('x-business-use-case-usage'));
  if (!raw || typeof raw !== 'object') return [];
  return Object.values(raw as Record<string, unknown>).flatMap((list) =>
    Array.isArray(list)
      ? list
          .filter((e): e is Record<string, unknown> => !!e && typeof e === 'object')
          .map((e) => ({ ...percentages(e), type: String(e.type ?? ''), regainAccessMinutes: num(e.estimated_time_to_regain_access) }))
      : [],
  );
}

const maxPct = (u: UsagePercentages): number => Math.max(u.callCount, u.totalCputime, u.totalTime);

/** Highest usage percentage across both headers (0 when absent): for warnings before a throttle. */
export function highestUsagePct(headers: Headers): number {
  const app = parseAppUsage(headers);
  return Math.max(app ? maxPct(app) : 0, ...parseBucUsage(headers).map(maxPct));
}

/**
 * When a throttled caller may try again: the BUC estimate when Meta gives one, else a full
 * app window when any usage is at 100 %, else `defaultWaitMs`.
 */
export function throttleUntilMs(headers: Headers, nowMs: number, defaultWaitMs = GRAPH_THROTTLE_DEFAULT_WAIT_MS): number {
  const regainMinutes = Math.max(0, ...parseBucUsage(headers).map((b) => b.regainAccessMinutes));
  if (regainMinutes > 0) return nowMs + regainMinutes * 60_000;
  if (highestUsagePct(headers) >= 100) return nowMs + GRAPH_APP_USAGE_WINDOW_MS;
  return nowMs + defaultWaitMs;
}
