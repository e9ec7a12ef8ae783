import type { CrierEvent } from '../ledger/events.js';
import type { WebContext } from './web-context.js';
import { readQueueHistory } from './queue-history.js';

/** The numbers behind the ops overview, all read from Redis (so they cover every worker process). */
export const HOUR_MS = 3_600_000;
export const LATENCY_BUCKETS_SECONDS = [60, 120, 300, 900, 1800, 3600, 7200];
export const LATENCY_LABELS = ['<1m', '1–2m', '2–5m', '5–15m', '15–30m', '30–60m', '1–2h', '>2h'];

type PostEvent = Extract<CrierEvent, { type: 'post' }> & { at: string };

/** Seconds from publication and from discovery to the post, per posted event. */
export async function postLatencies(ctx: WebContext, posted: PostEvent[]): Promise<{ channel: string; network?: string; fromPublishedS?: number; fromDiscoveredS?: number }[]> {
  const times = await ctx.articles.times(posted.filter((e) => !e.publishedAt || !e.discoveredAt).map((e) => e.articleKey));
  return posted.map((e) => {
    const atMs = Date.parse(e.at);
    const t = times.get(e.articleKey) ?? {};
    const p = e.publishedAt ? Date.parse(e.publishedAt) : t.publishedAtMs;
    const d = e.discoveredAt ? Date.parse(e.discoveredAt) : t.discoveredAtMs;
    return {
      channel: e.channel,
      ...(p !== undefined && Number.isFinite(p) ? { fromPublishedS: Math.max(0, (atMs - p) / 1000) } : {}),
      ...(d !== undefined && Number.isFinite(d) ? { fromDiscoveredS: Math.max(0, (atMs - d) / 1000) } : {}),
    };
  });
}

function bucketOf(seconds: number): number {
  const i = LATENCY_BUCKETS_SECONDS.findIndex((b) => seconds < b);
  return i === -1 ? LATENCY_BUCKETS_SECONDS.length : i;
}

function percentile(values: number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export interface OpsOverview {
  hours: string[];
  postsPerHour: { name: string; values: number[] }[];
  latency: { name: string; values: number[] }[];
  p50DiscoveredS?: number | undefined;
  p90DiscoveredS?: number | undefined;
  posted24h: number;
  failed24h: number;
  rateLimited24h: number;
  depthLabels: string[];
  depth: { name: string; values: number[] }[];
}

export async function opsOverview(ctx: WebContext, nowMs = Date.now()): Promise<OpsOverview> {
  const startHourMs = Math.floor(nowMs / HOUR_MS) * HOUR_MS - 23 * HOUR_MS;
  const tz = ctx.config.publication.timezone;
  const hourFmt = new Intl.DateTimeFormat('en-GB', { timeZone: tz, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const hours = Array.from({ length: 24 }, (_, i) => hourFmt.format(new Date(startHourMs + i * HOUR_MS)));
  const events = await ctx.events.range(startHourMs, nowMs, 50_000);
  const posts = events.map((e) => e.event).filter((e): e is PostEvent => e.type === 'post');
  const posted = posts.filter((e) => e.state === 'posted');
  const channels = ctx.config.channels.map((c) => c.id);
  const postsPerHour = channels.map((c) => {
    const values = new Array<number>(24).fill(0);
    for (const e of posted) if (e.channel === c) values[Math.floor((Date.parse(e.at) - startHourMs) / HOUR_MS)]! += 1;
    return { name: c, values };
  });
  const lat = await postLatencies(ctx, posted.slice(-2_000));
  const hist = (pick: (l: (typeof lat)[number]) => number | undefined) => {
    const values = new Array<number>(LATENCY_LABELS.length).fill(0);
    for (const l of lat) {
      const v = pick(l);
      if (v !== undefined) values[bucketOf(v)]! += 1;
    }
    return values;
  };
  const fromDiscovered = lat.flatMap((l) => (l.fromDiscoveredS !== undefined ? [l.fromDiscoveredS] : []));
  const history = await readQueueHistory(ctx, nowMs - 24 * HOUR_MS);
  const queueNames = [...new Set(history.flatMap((h) => Object.keys(h.depths)))].sort();
  return {
    hours,
    postsPerHour,
    latency: [
      { name: 'from discovery', values: hist((l) => l.fromDiscoveredS) },
      { name: 'from publication', values: hist((l) => l.fromPublishedS) },
    ],
    p50DiscoveredS: percentile(fromDiscovered, 50),
    p90DiscoveredS: percentile(fromDiscovered, 90),
    posted24h: posted.length,
    failed24h: posts.filter((e) => e.state === 'failed' || e.state === 'unknown').length,
    rateLimited24h: events.filter((e) => e.event.type === 'channel' && e.event.action === 'rate-limited').length,
    depthLabels: history.map((h) => hourFmt.format(new Date(h.atMs))),
    depth: queueNames.map((q) => ({ name: q, values: history.map((h) => h.depths[q] ?? 0) })),
  };
}
