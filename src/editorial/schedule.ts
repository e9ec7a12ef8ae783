/**
 * Calendar arithmetic in the publication's time zone (daily caps, monthly budgets, quiet hours).
 * Pure functions over epoch milliseconds, so they are table-tested without a clock.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function localParts(nowMs: number, timeZone: string) {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timeZone, formatter);
  }
  const parts = formatter.formatToParts(new Date(nowMs));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

/** Milliseconds elapsed since local midnight. */
function sinceLocalMidnightMs(nowMs: number, timeZone: string): number {
  const p = localParts(nowMs, timeZone);
  return ((p.hour * 60 + p.minute) * 60 + p.second) * 1000 + (nowMs % 1000);
}

/** Epoch ms of the next local midnight in `timeZone` (daily caps reset then). */
export function nextDayStartMs(now: Date, timeZone: string): number {
  const nowMs = now.getTime();
  return nowMs - sinceLocalMidnightMs(nowMs, timeZone) + 86_400_000;
}

/** `YYYY-MM` of the local month, for monthly budget keys. */
export function monthKey(nowMs: number, timeZone: string): string {
  const p = localParts(nowMs, timeZone);
  return `${p.year}-${String(p.month).padStart(2, '0')}`;
}

/** Epoch ms of the first local midnight of the next month. */
export function nextMonthStartMs(nowMs: number, timeZone: string): number {
  let t = nextDayStartMs(new Date(nowMs), timeZone);
  const month = monthKey(nowMs, timeZone);
  // Step day by day (≤ 31 steps): DST-safe without a date library.
  while (monthKey(t + 1_000, timeZone) === month) t = nextDayStartMs(new Date(t + 1_000), timeZone);
  return t;
}

/**
 * If `nowMs` falls inside `range` ("HH:MM-HH:MM", may wrap midnight, e.g. "22:00-06:00") in
 * `timeZone`, returns when the quiet period ends; otherwise undefined.
 */
export function quietHoursEndMs(nowMs: number, range: string, timeZone: string): number | undefined {
  const m = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(range);
  if (!m) return undefined;
  const startMin = Number(m[1]) * 60 + Number(m[2]);
  const endMin = Number(m[3]) * 60 + Number(m[4]);
  if (startMin === endMin) return undefined;
  const elapsedMs = sinceLocalMidnightMs(nowMs, timeZone);
  const nowMin = elapsedMs / 60_000;
  const inside = startMin < endMin ? nowMin >= startMin && nowMin < endMin : nowMin >= startMin || nowMin < endMin;
  if (!inside) return undefined;
  const midnightMs = nowMs - elapsedMs;
  const endToday = midnightMs + endMin * 60_000;
  return endToday > nowMs ? endToday : endToday + 86_400_000;
}

/** Epoch ms of a wall-clock time in `timeZone` (two passes settle a DST edge). */
export function zonedTimeMs(y: number, mo: number, d: number, h: number, mi: number, timeZone: string): number {
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  let t = wall;
  for (let i = 0; i < 2; i++) {
    const p = localParts(t, timeZone);
    t += wall - Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  }
  return t;
}

/**
 * An editor's "schedule for" in the publication's zone: "15:00" (the next 15:00) or
 * "2026-11-29T15:00" / "2026-11-29 15:00" (a datetime-local field). Undefined when unreadable.
 */
export function parseLocalTime(input: string, timeZone: string, nowMs: number): number | undefined {
  const s = input.trim().slice(0, 40);
  const full = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})$/.exec(s);
  if (full) {
    const [y, mo, d, h, mi] = full.slice(1).map(Number) as [number, number, number, number, number];
    return mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h < 24 && mi < 60 ? zonedTimeMs(y, mo, d, h, mi, timeZone) : undefined;
  }
  const short = /^(\d{1,2}):(\d{2})$/.exec(s);
  if (!short) return undefined;
  const h = Number(short[1]);
  const mi = Number(short[2]);
  if (h >= 24 || mi >= 60) return undefined;
  const p = localParts(nowMs, timeZone);
  const today = zonedTimeMs(p.year, p.month, p.day, h, mi, timeZone);
  if (today > nowMs) return today;
  const next = localParts(nowMs + 86_400_000, timeZone);
  return zonedTimeMs(next.year, next.month, next.day, h, mi, timeZone);
}
