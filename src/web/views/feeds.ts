import type { FeedState } from '../../ledger/feed-state.js';
import { formatAgo, html, timeTag, type Html } from '../html.js';
import type { Session } from '../session.js';
import { actionButton } from './components.js';
import { describeDelivery } from '../../websub/websub-describe.js';
import type { SubscriptionView } from '../../websub/websub-store.js';

/**
 * Feed health: is every feed being read, and if not, since when and why (issue #15). A failing
 * feed says when it went down and when it last worked, with the last error (not the last
 * success's "304"); what the last read worked around (warnings, skipped and dropped items) shows
 * under the feed. Under 600 px the table becomes one card per feed (desk.css, `data-label`).
 */
export type FeedHealth = FeedState & { url: string; intervalSeconds: number; nextPoll?: string | undefined; title?: string | undefined; websub?: SubscriptionView | undefined };

/**
 * One column of the table. The columns are a list so that a later feature adds its own entry
 * here (e.g. WebSub's push/poll delivery, #17) without touching the others.
 */
export interface FeedColumn {
  label: string;
  className?: string;
  cell(f: FeedHealth, timeZone: string): Html | string;
}

function outcomeChip(f: FeedHealth): Html {
  if (!f.lastOutcome) return html`<span class="chip chip-drafting">never polled</span>`;
  const ok = f.consecutiveFailures === 0 && (f.lastOutcome === 'ok' || f.lastOutcome === 'not-modified');
  return html`<span class="chip ${ok ? 'chip-posted' : 'chip-failed'}">${f.lastOutcome}</span>`;
}

/** "down since 14:05 · last success 13:50", or the last success when the feed is well. */
function healthCell(f: FeedHealth, timeZone: string): Html {
  if (f.consecutiveFailures > 0) {
    return html`<div class="feed-down" data-testid="down-${f.feedId}"><strong class="bad">down since ${f.failingSince ? timeTag(f.failingSince, timeZone) : html`<span>${formatAgo(f.lastFetchAt)}</span>`}</strong>
      <div class="small">${f.consecutiveFailures} failure${f.consecutiveFailures === 1 ? '' : 's'} in a row <span class="muted">(${f.totalFailures} of ${f.totalPolls} polls)</span></div>
      <div class="small">last success ${f.lastSuccessAt ? timeTag(f.lastSuccessAt, timeZone) : html`<span class="bad">never</span>`}</div>
      ${f.lastError ? html`<div class="error-text small" dir="auto" data-testid="last-error-${f.feedId}">${f.lastError}</div>` : ''}</div>`;
  }
  if (!f.lastFetchAt) return html`<span class="muted">not read yet</span>`;
  return html`<span class="good">reading</span><div class="muted small">last success ${f.lastSuccessAt ? formatAgo(f.lastSuccessAt) : 'never'}</div>`;
}

/** What the last read left out: skipped for a reason (bad link, unreadable), dropped over maxItemsPerPoll. */
function leftOutCell(f: FeedHealth): Html {
  if (!f.itemsSkipped && !f.itemsDropped) return html`<span class="muted">none</span>`;
  return html`<span class="warn-text" data-testid="skipped-${f.feedId}">${[f.itemsSkipped ? `${f.itemsSkipped} skipped` : '', f.itemsDropped ? `${f.itemsDropped} dropped` : ''].filter(Boolean).join(', ')}</span>`;
}

/** Push (WebSub) or poll: the hub, the lease, the last push; why push is off when a hub was tried (#17). */
function deliveryCell(f: FeedHealth, timeZone: string): Html {
  const d = describeDelivery(f.websub);
  if (!f.websub) return html`<span class="muted" data-testid="delivery-${f.feedId}">poll</span>`;
  const lease = d.leaseExpiresAt ? html`<div class="muted small">lease until ${timeTag(d.leaseExpiresAt, timeZone)}</div>` : '';
  const push = html`<div class="muted small">last push ${d.lastPushAt ? formatAgo(d.lastPushAt) : 'never'}</div>`;
  const problem = d.problem ? html`<div class="warn-text small" dir="auto" data-testid="delivery-problem-${f.feedId}">${d.problem}</div>` : '';
  return html`<span class="chip ${d.mode === 'push' ? 'chip-posted' : 'chip-drafting'}" data-testid="delivery-${f.feedId}">${d.mode}</span><div class="muted small mono">${d.hub ?? ''}</div>${lease}${push}${problem}`;
}

export const FEED_COLUMNS: FeedColumn[] = [
  { label: 'Feed', cell: (f) => html`<strong dir="auto">${f.title ?? f.feedId}</strong><div class="muted small mono feed-url">${f.url}</div>` },
  { label: 'Health', cell: healthCell },
  { label: 'Last fetch', cell: (f) => html`<span title="${f.lastFetchAt ?? ''}">${formatAgo(f.lastFetchAt)}</span>${f.lastDurationMs !== undefined ? html`<div class="muted small">${f.lastDurationMs} ms</div>` : ''}` },
  // The status of the last fetch only: a failure with no HTTP answer shows none (never the last success's 304).
  { label: 'HTTP', className: 'mono', cell: (f) => (f.lastStatus !== undefined ? String(f.lastStatus) : '—') },
  { label: 'Outcome', cell: outcomeChip },
  { label: 'Items', className: 'num', cell: (f) => String(f.itemsInFeed ?? '—') },
  { label: 'New', className: 'num', cell: (f) => String(f.newItems ?? '—') },
  { label: 'Left out', cell: leftOutCell },
  { label: 'Delivery', cell: deliveryCell },
  {
    label: 'Next poll',
    // With the interval's reason (#17): "auto: 1800 s, quiet hour", "fixed: 60 s", "push active: …".
    cell: (f, tz) => html`${f.nextPoll ? html`${formatAgo(f.nextPoll)}<div class="muted small">${timeTag(f.nextPoll, tz)}</div>` : html`<span class="muted">every ${f.intervalSeconds}s</span>`}${f.pollIntervalReason ? html`<div class="muted small">${f.pollIntervalReason}</div>` : ''}`,
  },
];

function warnings(f: FeedHealth, span: number): Html {
  if (!f.warnings?.length) return html``;
  return html`<tr class="feed-warnings-row"><td colspan="${span}" data-label="Warnings"><details class="feed-warnings" data-testid="warnings-${f.feedId}"><summary>${f.warnings.length} warning${f.warnings.length === 1 ? '' : 's'} from the last read</summary><ul>${f.warnings.map((w) => html`<li dir="auto">${w}</li>`)}</ul></details></td></tr>`;
}

export function feedsContent(feeds: FeedHealth[], session: Session, timeZone: string, columns: readonly FeedColumn[] = FEED_COLUMNS): Html {
  const failing = feeds.filter((f) => f.consecutiveFailures > 0).length;
  const editor = session.role === 'editor';
  const span = columns.length + (editor ? 1 : 0);
  return html`<div class="page-head">
      <h1>Feeds</h1>
      <div class="page-stats">${failing ? html`<span class="pill pill-bad">${failing} failing</span>` : html`<span class="pill pill-good">all feeds healthy</span>`}<span class="pill">${feeds.length} feeds</span></div>
    </div>
    <div class="card table-card">
    <table class="table feeds-table">
      <thead><tr>${columns.map((c) => html`<th>${c.label}</th>`)}${editor ? html`<th></th>` : ''}</tr></thead>
      <tbody>
      ${feeds.map(
        (f) => html`<tr id="feed-${f.feedId}" class="${f.consecutiveFailures > 0 ? 'row-bad' : ''}">
          ${columns.map((c) => html`<td${c.className ? html` class="${c.className}"` : ''} data-label="${c.label}">${c.cell(f, timeZone)}</td>`)}
          ${editor ? html`<td data-label="">${actionButton(session, `/feeds/${f.feedId}/poll`, 'Poll now', { back: '/feeds', testId: `poll-${f.feedId}` })}</td>` : ''}
        </tr>${warnings(f, span)}`,
      )}
      </tbody>
    </table>
    </div>`;
}
