import type { WaitReason } from '../../editorial/wait-reason.js';
import type { PostRecord } from '../../ledger/post-ledger.js';
import type { ArticleRow } from '../desk-data.js';
import { formatAgo, html, safeUrl, timeTag, type Html } from '../html.js';
import type { Session } from '../session.js';
import { EDITABLE_STATES } from '../post-edit.js';
import type { HistoryEntry } from '../post-history.js';
import { actionButton, csrfField, isDryRun, postChip } from './components.js';
import { sentencePicker } from './sentence-picker.js';
import { postPreview } from './preview-post.js';
import { IMAGE_SWAPPABLE_STATES } from '../../desk/image-swap.js';

/** One article and the exact text it gets on every network, with the editor's actions. */
export interface EditState {
  channel: string;
  text: string;
  error: string;
  /** The count of `text` (the refused text on screen, not the stored draft's). */
  length?: number;
}

/** Anything not yet posted can be edited (issue #15); a held post's edit goes with its approval. */
const EDITABLE = new Set<string>(EDITABLE_STATES);
const IMAGE_SWAPPABLE = new Set<string>(IMAGE_SWAPPABLE_STATES);

/** The live part of a post card (refreshed by SSE): chip, facts and the buttons the state allows. */
export function postStatus(post: PostRecord, session: Session, timeZone: string, paused = false, wait?: WaitReason): Html {
  const back = `/articles/${post.articleKey}#post-${post.channel}`;
  const id = post.postId;
  const editor = session.role === 'editor';
  const s = post.state;
  const dry = isDryRun(post);
  const live = dry ? undefined : safeUrl(post.remoteUrl);
  const buttons: Html[] = [];
  if (editor) {
    const over = post.draft.length > post.draft.limit;
    if (s === 'pending_approval') buttons.push(html`<button type="submit" form="edit-${post.channel}" class="btn btn-primary" data-testid="approve-${post.channel}" data-needs-fit${over ? html` disabled` : ''}>Approve</button>`);
    if (s === 'queued' || s === 'failed') buttons.push(html`<button type="submit" form="edit-${post.channel}" class="btn" data-testid="save-${post.channel}" data-needs-fit${over ? html` disabled` : ''}>Save text</button>`);
    if (s === 'failed' || s === 'unknown' || s === 'skipped') buttons.push(actionButton(session, `/posts/${id}/retry`, 'Retry', { back, kind: 'primary', testId: `retry-${post.channel}` }));
    if (s === 'pending_approval' || s === 'queued' || s === 'failed' || s === 'unknown') buttons.push(actionButton(session, `/posts/${id}/post-now`, paused ? 'Post first on resume' : 'Post now', { back, testId: `post-now-${post.channel}` }));
    if (s !== 'posted' && s !== 'posting' && s !== 'skipped') {
      buttons.push(
        actionButton(session, `/posts/${id}/skip`, 'Skip', {
          back,
          kind: 'danger',
          testId: `skip-${post.channel}`,
          extra: html`<input class="reason" name="reason" placeholder="reason (optional)" maxlength="300" aria-label="Reason to skip">`,
        }),
      );
    }
  }
  return html`<div class="post-status" id="status-${post.channel}" data-state="${s}">
    <div class="post-facts">
      ${postChip(post.channel, post, { link: false, wait })}
      <span>updated ${formatAgo(post.updatedAt)}</span>
      ${post.attempts ? html`<span>${post.attempts} attempt${post.attempts === 1 ? '' : 's'}</span>` : ''}
      ${post.postedAt ? html`<span>posted ${timeTag(post.postedAt, timeZone)}</span>` : ''}
      ${dry ? html`<a href="/posts/${post.postId}/outbox" data-testid="outbox-${post.channel}">dry run: see its outbox line</a>` : ''}
      ${paused && s !== 'posted' && s !== 'skipped' ? html`<span class="bad">${post.channel} is paused: nothing goes out until it is resumed</span>` : ''}
      ${live ? html`<a href="${live}" target="_blank" rel="noopener noreferrer">open the live post ↗</a>` : post.remoteId ? html`<span class="mono">id ${post.remoteId}</span>` : ''}
    </div>
    ${buttons.length ? html`<div class="post-actions">${buttons}</div>` : ''}
  </div>`;
}

function postCard(post: PostRecord, session: Session, timeZone: string, edit: EditState | undefined, postedText: string | undefined, live: LiveFacts): Html {
  const editable = session.role === 'editor' && EDITABLE.has(post.state);
  const mine = edit?.channel === post.channel ? edit : undefined;
  const text = mine ? mine.text : post.draft.text;
  const limit = post.draft.limit;
  const length = mine?.length ?? post.draft.length;
  const over = length > limit;
  const action = post.state === 'pending_approval' ? 'approve' : 'edit';
  return html`<section class="card post-card" id="post-${post.channel}" data-post-id="${post.postId}">
    <header class="card-head"><h2>${post.channel}${post.network !== post.channel ? html` <span class="muted">· ${post.network}</span>` : ''}</h2></header>
    ${mine ? html`<div class="notice notice-error" role="alert" data-testid="edit-error">${mine.error}</div>` : ''}
    <form method="post" action="/posts/${post.postId}/${action}" id="edit-${post.channel}" class="edit-form">
      ${csrfField(session)}<input type="hidden" name="back" value="/articles/${post.articleKey}#post-${post.channel}">
      <textarea dir="auto" name="text" rows="${Math.min(14, Math.max(4, Math.ceil(text.length / 70) + text.split('\n').length))}" data-count-channel="${post.channel}" data-limit="${limit}" aria-label="Post text for ${post.channel}"${over ? html` class="over"` : ''}${editable ? '' : html` readonly`}>${text}</textarea>
      <div class="counter-line"><output class="counter${over ? ' counter-over' : ''}" data-counter-for="${post.channel}" data-testid="counter-${post.channel}">${length} / ${limit}</output><span class="muted">counted as ${post.network} counts</span></div>
    </form>
    ${postPreview({ post, text: postedText, options: live.options?.get(post.channel) ?? {}, publicationName: live.publicationName ?? '', canSwap: session.role === 'editor' && IMAGE_SWAPPABLE.has(post.state) })}
    ${post.draft.thread?.length ? html`<div class="thread"><h3>Thread replies</h3>${post.draft.thread.map((t) => html`<pre dir="auto" class="post-text">${t}</pre>`)}</div>` : ''}
    ${sentencePicker(post, session, timeZone)}
    ${history(live.histories?.get(post.postId), post.channel, timeZone)}
    ${postStatus(post, session, timeZone, live.paused?.has(post.channel) ?? false, live.waits?.get(post.postId))}
  </section>`;
}

/** What the article page knows about the channels right now: which are paused, and why each post waits. */
export interface LiveFacts {
  paused?: ReadonlySet<string>;
  waits?: ReadonlyMap<string, WaitReason>;
  histories?: ReadonlyMap<string, HistoryEntry[]>;
  /** Each channel's network options (which decide what the preview shows: an attached photo or a link card). */
  options?: ReadonlyMap<string, Record<string, unknown>>;
  publicationName?: string;
}

function history(entries: readonly HistoryEntry[] | undefined, channel: string, timeZone: string): Html {
  if (!entries?.length) return html``;
  return html`<details class="history" data-testid="history-${channel}"><summary>History (${entries.length})</summary><ol class="history-list">${entries.map(
    (e) => html`<li>${timeTag(e.at, timeZone)} <span dir="auto">${e.text}</span>${e.by ? html` <span class="history-by">by ${e.by}</span>` : ''}</li>`,
  )}</ol></details>`;
}

/**
 * The story's own actions (#15, #16): mark it breaking (a tick confirms: it jumps every network's
 * queue), see what changed and its corrections, retract it (a confirmation page). Editors only.
 */
function storyActions(row: ArticleRow, session: Session): Html {
  const { article, correctedAt, retractedAt } = row.record;
  const changes = correctedAt || retractedAt ? html`<a class="btn" href="/articles/${article.key}/changes" data-testid="story-changes">What changed</a>` : '';
  if (session.role !== 'editor' || retractedAt) return changes ? html`<div class="story-actions">${changes}</div>` : html``;
  const waiting = row.posts.some((p) => ['queued', 'pending_approval', 'created'].includes(p.state) && p.lane !== 'breaking');
  const breaking = waiting
    ? html`<form method="post" action="/articles/${article.key}/breaking" class="inline-form">${csrfField(session)}<input type="hidden" name="back" value="/articles/${article.key}">
        <label class="confirm"><input type="checkbox" name="confirm" value="yes" required data-testid="story-breaking-confirm"> breaking: jump every queue</label>
        <button type="submit" class="btn btn-danger" data-testid="story-breaking">Breaking</button></form>`
    : '';
  return html`<div class="story-actions">${breaking}${changes}<a class="btn btn-danger" href="/articles/${article.key}/retract" data-testid="story-retract">Retract…</a></div>`;
}

export function articleContent(row: ArticleRow, session: Session, timeZone: string, edit?: EditState, live: LiveFacts = {}): Html {
  const { article, skipReason, correctedAt, retractedAt } = row.record;
  const link = safeUrl(article.url);
  const byChannel = new Map(row.posts.map((p) => [p.channel, p]));
  return html`<div class="page-head article-head" data-article-key="${article.key}">
      <div>
        <a class="back" href="/">← Desk</a>
        <h1 class="article-title" dir="auto">${article.title}</h1>
        <div class="meta">
          <span class="feed-tag" dir="auto">${row.feedTitle}</span>
          <span>Published ${timeTag(article.publishedAt, timeZone)}</span>
          <span>Seen ${timeTag(article.discoveredAt, timeZone)}</span>
          ${article.author ? html`<span>by ${article.author}</span>` : ''}
          ${correctedAt ? html`<a class="chip chip-unknown" href="/articles/${article.key}/changes">corrected ${timeTag(correctedAt, timeZone)}</a>` : ''}
          ${retractedAt ? html`<a class="chip chip-failed" href="/articles/${article.key}/changes" data-testid="retracted-chip">retracted ${timeTag(retractedAt, timeZone)}</a>` : ''}
          ${link ? html`<a href="${link}" target="_blank" rel="noopener noreferrer">read the article ↗</a>` : ''}
        </div>
      </div>
      ${storyActions(row, session)}
    </div>
    ${skipReason ? html`<div class="notice">This article is not being posted: ${skipReason}</div>` : ''}
    ${article.teaser ? html`<p class="teaser" dir="auto">${article.teaser}</p>` : ''}
    <div class="cards">
      ${row.channels.map((c) => {
        const post = byChannel.get(c);
        return post ? postCard(post, session, timeZone, edit, row.postedTexts?.get(c), live) : html`<section class="card post-card" id="post-${c}"><header class="card-head"><h2>${c}</h2></header><p class="muted">Being drafted…</p></section>`;
      })}
    </div>`;
}
