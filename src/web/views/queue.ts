import type { ChannelQueue } from '../queue-data.js';
import { html, timeTag, type Html } from '../html.js';
import type { Session } from '../session.js';
import { actionButton, csrfField, postChip } from './components.js';

/**
 * One channel's queue, like Buffer's: the posts that go out next, in order, each with when and why,
 * and an editor's moves on each (issue #15): breaking (with a confirmation), to the front, schedule
 * for a time (the publication's zone), hold and release; held posts are listed apart.
 */
type Entry = ChannelQueue['queued'][number];

function lineActions(e: Entry, n: number, session: Session, back: string, timeZone: string): Html {
  const id = e.post.postId;
  const breaking = html`<form method="post" action="/articles/${e.post.articleKey}/breaking" class="inline-form queue-breaking">${csrfField(session)}<input type="hidden" name="back" value="${back}">
      <label class="confirm"><input type="checkbox" name="confirm" value="yes" required data-testid="breaking-confirm-${id}"> this story is breaking (every network)</label>
      <button type="submit" class="btn btn-danger" data-testid="breaking-${id}">Breaking</button></form>`;
  const schedule = html`<form method="post" action="/posts/${id}/schedule" class="inline-form queue-schedule">${csrfField(session)}<input type="hidden" name="back" value="${back}">
      <label>at <input type="time" name="at" required data-testid="schedule-at-${id}"> <span class="muted">${timeZone}</span></label>
      <button type="submit" class="btn btn-ghost" data-testid="schedule-${id}">Schedule</button></form>`;
  return html`<div class="queue-actions">
      ${n > 1 ? actionButton(session, `/posts/${id}/front`, 'Move to front', { back, testId: `front-${id}` }) : ''}
      ${e.post.lane ? actionButton(session, `/posts/${id}/back-in-line`, 'Back in line', { back, testId: `back-in-line-${id}` }) : ''}
      ${actionButton(session, `/posts/${id}/hold`, 'Hold', { back, testId: `hold-${id}` })}
      ${e.post.lane !== 'breaking' ? breaking : ''}
      ${schedule}
    </div>`;
}

function heldActions(e: Entry, session: Session, back: string): Html {
  const id = e.post.postId;
  const stale = e.post.hold === 'stale';
  return html`<div class="queue-actions">
      ${actionButton(session, `/posts/${id}/release`, stale ? 'Post it anyway' : 'Release', { kind: 'primary', back, testId: `release-${id}`, ...(stale ? { extra: html`<input type="hidden" name="anyway" value="1">` } : {}) })}
      ${actionButton(session, `/posts/${id}/skip`, 'Skip', { kind: 'danger', back, testId: `skip-${id}` })}
    </div>`;
}

export function queueContent(q: ChannelQueue, titles: ReadonlyMap<string, string>, timeZone: string, session?: Session): Html {
  const hold = q.facts.attention ? `halted: ${q.facts.attention}` : q.facts.paused ? 'paused: nothing goes out until it is resumed' : undefined;
  const back = `/queue/${q.channelId}`;
  const editor = session?.role === 'editor' ? session : undefined;
  const row = (e: Entry, n: number | undefined, actions: Html | '') => html`<li class="queue-item" data-post-id="${e.post.postId}" data-wait="${e.wait.kind}"${e.post.lane ? html` data-lane="${e.post.lane}"` : ''}>
      ${n !== undefined ? html`<span class="queue-pos">${n}</span>` : ''}
      <div class="queue-main">
        <a class="headline" dir="auto" href="/articles/${e.post.articleKey}#post-${e.post.channel}">${titles.get(e.post.articleKey) ?? e.post.articleKey}</a>
        <div class="meta"><span class="queue-eta" data-testid="eta-${e.post.postId}">${e.wait.etaMs !== undefined ? timeTag(new Date(e.wait.etaMs).toISOString(), timeZone) : html`<span>no time yet</span>`}</span></div>
        <div class="queue-chip">${postChip(e.post.channel, e.post, { link: false, wait: e.wait })}</div>
        ${actions}
      </div>
    </li>`;
  return html`<div class="page-head">
      <div><a class="back" href="/">← Desk</a><h1>${q.channelId}: queue</h1></div>
      <div class="page-stats"><span class="pill">${q.queued.length} queued</span>${q.held.length ? html`<span class="pill pill-warn">${q.held.length} held</span>` : ''}<span class="pill${q.pending.length ? ' pill-warn' : ''}">${q.pending.length} awaiting approval</span>${hold ? html`<span class="pill pill-bad">${hold}</span>` : ''}</div>
    </div>
    <section class="card"><h2>Up next, in order</h2>
      ${q.queued.length ? html`<ol class="queue-list" data-testid="queue-list">${q.queued.map((e, i) => row(e, i + 1, editor ? lineActions(e, i + 1, editor, back, timeZone) : ''))}</ol>` : html`<p class="muted">Nothing queued on ${q.channelId}.</p>`}
    </section>
    ${q.held.length ? html`<section class="card queue-held"><h2>Held for an editor</h2><ol class="queue-list" data-testid="held-list">${q.held.map((e) => row(e, undefined, editor ? heldActions(e, editor, back) : ''))}</ol></section>` : ''}
    ${q.pending.length ? html`<section class="card queue-pending"><h2>Awaiting approval</h2><ol class="queue-list">${q.pending.map((e) => row(e, undefined, ''))}</ol></section>` : ''}`;
}
