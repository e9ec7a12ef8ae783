import type { FeedState } from '../../ledger/feed-state.js';
import { formatAgo, html, timeTag, type Html } from '../html.js';
import type { Session } from '../session.js';
import { actionButton } from './components.js';

/** Feed health: is every feed being read, and if not, why. */
export type FeedHealth = FeedState & { url: string; intervalSeconds: number; nextPoll?: string | undefined; title?: string | undefined };

function outcomeChip(f: FeedHealth): Html {
  if (!f.lastOutcome) return html`<span class="chip chip-drafting">never polled</span>`;
  const ok = f.lastOutcome === 'ok' || f.lastOutcome === 'not-modified';
  return html`<span class="chip ${ok ? 'chip-posted' : 'chip-failed'}">${f.lastOutcome}</span>`;
}

export function feedsContent(feeds: FeedHealth[], session: Session, timeZone: string): Html {
  const failing = feeds.filter((f) => f.consecutiveFailures > 0).length;
  return html`<div class="page-head">
      <h1>Feeds</h1>
      <div class="page-stats">${failing ? html`<span class="pill pill-bad">${failing} failing</span>` : html`<span class="pill pill-good">all feeds healthy</span>`}<span class="pill">${feeds.length} feeds</span></div>
    </div>
    <div class="card table-card">
    <table class="table">
      <thead><tr><th>Feed</th><th>Last fetch</th><th>HTTP</th><th>Outcome</th><th class="num">Items</th><th class="num">New</th><th>Failures</th><th>Next poll</th><th></th></tr></thead>
      <tbody>
      ${feeds.map(
        (f) => html`<tr id="feed-${f.feedId}" class="${f.consecutiveFailures > 0 ? 'row-bad' : ''}">
          <td data-label="Feed"><strong dir="auto">${f.title ?? f.feedId}</strong><div class="muted small mono">${f.url}</div></td>
          <td data-label="Last fetch" title="${f.lastFetchAt ?? ''}">${formatAgo(f.lastFetchAt)}${f.lastDurationMs !== undefined ? html`<div class="muted small">${f.lastDurationMs} ms</div>` : ''}</td>
          <td class="mono" data-label="HTTP">${f.lastStatus ?? '—'}</td>
          <td data-label="Outcome">${outcomeChip(f)}</td>
          <td class="num" data-label="Items">${f.itemsInFeed ?? '—'}</td>
          <td class="num" data-label="New">${f.newItems ?? '—'}</td>
          <td data-label="Failures">${f.consecutiveFailures > 0 ? html`<strong class="bad">${f.consecutiveFailures} in a row</strong>` : '0'} <span class="muted small">(${f.totalFailures} of ${f.totalPolls})</span>${f.lastError ? html`<div class="error-text small">${f.lastError}</div>` : ''}</td>
          <td data-label="Next poll" title="${f.nextPoll ?? ''}">${f.nextPoll ? html`${formatAgo(f.nextPoll)}<div class="muted small">${timeTag(f.nextPoll, timeZone)}</div>` : html`<span class="muted">every ${f.intervalSeconds}s</span>`}</td>
          <td data-label="">${session.role === 'editor' ? actionButton(session, `/feeds/${f.feedId}/poll`, 'Poll now', { back: '/feeds', testId: `poll-${f.feedId}` }) : ''}</td>
        </tr>`,
      )}
      </tbody>
    </table>
    </div>`;
}
