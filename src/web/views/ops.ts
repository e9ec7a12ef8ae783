import type { Attention } from '../attention-data.js';
import { groupedBars, legend, lineChart, stackedBars } from '../charts.js';
import { html, type Html } from '../html.js';
import { LATENCY_LABELS, type OpsOverview } from '../ops-data.js';

/** Charts people look at instead of reading logs: throughput, latency, backlog. */
export interface QueueRow {
  queue: string;
  waiting?: number;
  active?: number;
  delayed?: number;
  failed?: number;
  completed?: number;
  isPaused?: boolean;
  rateLimitTtlMs?: number;
  /** Why the network made the channel wait (see ChannelStatus). */
  waitReason?: string;
}

function duration(s: number | undefined): string {
  if (s === undefined) return '—';
  if (s < 90) return `${Math.round(s)}s`;
  if (s < 5400) return `${Math.round(s / 60)}m`;
  return `${(s / 3600).toFixed(1)}h`;
}

function stat(label: string, value: string | number, tone = ''): Html {
  return html`<div class="stat ${tone}"><div class="stat-value">${value}</div><div class="stat-label">${label}</div></div>`;
}

export function opsContent(o: OpsOverview, queues: QueueRow[], pending: number, ready: { redis: boolean; workers: boolean }, attention?: Attention): Html {
  const every = Math.max(1, Math.ceil(o.depthLabels.length / 16));
  return html`<div class="page-head">
      <h1>Ops overview</h1>
      <div class="page-stats">
        <span class="pill ${ready.redis ? 'pill-good' : 'pill-bad'}">Redis ${ready.redis ? 'reachable' : 'unreachable'}</span>
        <span class="pill ${ready.workers ? 'pill-good' : 'pill-bad'}">workers ${ready.workers ? 'running' : 'not running'}</span>
        <a class="pill" href="/ops/queues">Queues (Bull Board) →</a>
        <a class="pill" href="/metrics">/metrics</a>
      </div>
    </div>
    <div class="stats">
      ${stat('posted, last 24 h', o.posted24h, 'good')}
      ${stat('failed or unknown, 24 h', o.failed24h, o.failed24h || attention?.failedPosts ? 'bad' : '')}
      ${stat('channels halted', attention?.haltedChannels ?? 0, attention?.haltedChannels ? 'bad' : 'good')}
      ${stat('feeds failing', attention?.failingFeeds ?? 0, attention?.failingFeeds ? 'bad' : 'good')}
      ${stat('awaiting approval', pending, pending ? 'warn' : '')}
      ${stat('discovery → post, median', duration(o.p50DiscoveredS))}
      ${stat('discovery → post, p90', duration(o.p90DiscoveredS))}
      ${stat('rate-limit waits, 24 h', o.rateLimited24h, o.rateLimited24h ? 'warn' : '')}
    </div>
    <div class="chart-grid">
      <section class="card chart-card">
        <h2>Posts per hour, by network</h2>
        ${stackedBars(o.hours, o.postsPerHour, { title: 'Posts per hour by network, last 24 hours', labelEvery: 3 })}
        ${legend(o.postsPerHour.map((s) => s.name))}
      </section>
      <section class="card chart-card">
        <h2>Publish latency (last 24 h)</h2>
        ${groupedBars(LATENCY_LABELS, o.latency, { title: 'Distribution of time to post' })}
        ${legend(o.latency.map((s) => s.name))}
      </section>
      <section class="card chart-card wide">
        <h2>Queue depth, last 24 h</h2>
        ${o.depthLabels.length > 1 ? html`${lineChart(o.depthLabels, o.depth, { title: 'Jobs waiting per queue', labelEvery: every, wide: true })}${legend(o.depth.map((s) => s.name))}` : html`<p class="muted">Collecting: one sample a minute; the chart appears after two samples.</p>`}
      </section>
    </div>
    <section class="card table-card">
      <h2>Queues now</h2>
      <table class="table">
        <thead><tr><th>Queue</th><th class="num">Waiting</th><th class="num">Active</th><th class="num">Delayed</th><th class="num">Failed</th><th class="num">Done</th><th>State</th></tr></thead>
        <tbody>${queues.map(
          (q) => html`<tr><td class="mono" data-label="Queue">${q.queue}</td><td class="num" data-label="Waiting">${q.waiting ?? 0}</td><td class="num" data-label="Active">${q.active ?? 0}</td><td class="num" data-label="Delayed">${q.delayed ?? 0}</td><td class="num" data-label="Failed">${q.failed ?? 0}</td><td class="num" data-label="Done">${q.completed ?? 0}</td>
          <td data-label="State">${q.isPaused ? html`<span class="chip chip-failed">paused</span>` : html`<span class="chip chip-posted">running</span>`}${q.rateLimitTtlMs && q.rateLimitTtlMs > 0 ? html` <span class="chip chip-unknown" title="${q.waitReason ?? ''}">rate-limited ${Math.ceil(q.rateLimitTtlMs / 1000)}s</span>${q.waitReason ? html` <span class="muted">${q.waitReason}</span>` : ''}` : ''}</td></tr>`,
        )}</tbody>
      </table>
    </section>`;
}
