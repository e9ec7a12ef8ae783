import type { PostRecord } from '../../ledger/post-ledger.js';
import { html, type Html } from '../html.js';
import type { Session } from '../session.js';
import { actionButton, countdown, csrfField } from './components.js';
import { postPreview } from './preview-post.js';

/**
 * The approval inbox (issue #15): every held post with its text inline, one-click Approve / Edit /
 * Skip, many at once, a whole story at once; j/k move, a approves, s skips, e edits, x selects.
 */
export interface InboxStory {
  articleKey: string;
  title: string;
  posts: PostRecord[];
}

const BACK = '/approvals';

/** What the inbox needs to draw each post as its network shows it. */
export interface InboxPreview {
  options: ReadonlyMap<string, Record<string, unknown>>;
  publicationName: string;
}

function postRow(post: PostRecord, session: Session, preview: InboxPreview): Html {
  const editor = session.role === 'editor';
  const over = post.draft.length > post.draft.limit;
  return html`<li class="inbox-post" tabindex="-1" data-inbox-row data-post-id="${post.postId}">
    ${editor ? html`<input type="checkbox" form="bulk" name="postId" value="${post.postId}" aria-label="Select ${post.channel}" class="inbox-check">` : ''}
    <div class="inbox-body">
      <div class="inbox-head"><strong>${post.channel}</strong> <span class="muted">${post.draft.length} / ${post.draft.limit}</span> ${countdown(post.autoApproveAt, 'auto-posts')}</div>
      ${postPreview({ post, options: preview.options.get(post.channel) ?? {}, publicationName: preview.publicationName, canSwap: editor, compact: true })}
      ${editor
        ? html`<div class="inbox-actions">
        <form method="post" action="/posts/${post.postId}/approve" class="inline-form">${csrfField(session)}<input type="hidden" name="back" value="${BACK}"><button type="submit" class="btn btn-primary" data-key="a" data-testid="inbox-approve-${post.postId}"${over ? html` disabled` : ''}>Approve</button></form>
        <a class="btn" data-key="e" href="/articles/${post.articleKey}#post-${post.channel}">Edit</a>
        ${actionButton(session, `/posts/${post.postId}/skip`, 'Skip', { back: BACK, kind: 'danger', testId: `inbox-skip-${post.postId}` })}
      </div>`
        : ''}
    </div>
  </li>`;
}

export function approvalsContent(stories: InboxStory[], session: Session, opts: { total: number; page: number; pages: number; preview: InboxPreview }): Html {
  const editor = session.role === 'editor';
  const pager = opts.pages > 1
    ? html`<nav class="pager" aria-label="Pages">${opts.page > 1 ? html`<a class="btn" href="/approvals?page=${opts.page - 1}" rel="prev">← Newer</a>` : ''}<span class="muted">page ${opts.page} of ${opts.pages}</span>${opts.page < opts.pages ? html`<a class="btn" href="/approvals?page=${opts.page + 1}" rel="next" data-testid="next-page">Older →</a>` : ''}</nav>`
    : '';
  return html`<div class="page-head">
      <h1>Approvals</h1>
      <div class="page-stats"><span class="pill${opts.total ? ' pill-warn' : ''}" data-pending-count="${opts.total}" data-testid="pending-pill">${opts.total} awaiting approval</span></div>
    </div>
    ${editor && opts.total
      ? html`<form method="post" action="/approvals/bulk" id="bulk" class="bulk-bar">${csrfField(session)}<input type="hidden" name="back" value="${BACK}?page=${opts.page}">
      <button type="submit" name="action" value="approve" class="btn btn-primary" data-testid="bulk-approve">Approve selected</button>
      <button type="submit" name="action" value="skip" class="btn btn-danger" data-testid="bulk-skip">Skip selected</button>
      <label class="select-all small" hidden data-select-all-label><input type="checkbox" data-select-all data-testid="select-all"> Select all on this page</label>
      <span class="muted small">Keys: j / k move · x select · a approve · s skip · e edit</span></form>`
      : ''}
    ${stories.length
      ? html`<section class="inbox" data-inbox>${stories.map(
          (s) => html`<article class="card inbox-story" data-article-key="${s.articleKey}">
        <header class="inbox-story-head"><a class="headline" dir="auto" href="/articles/${s.articleKey}">${s.title}</a>
        ${editor && s.posts.length > 1 ? html`<form method="post" action="/approvals/bulk" class="inline-form">${csrfField(session)}<input type="hidden" name="back" value="${BACK}?page=${opts.page}"><input type="hidden" name="article" value="${s.articleKey}"><button type="submit" name="action" value="approve" class="btn btn-primary" data-testid="approve-story-${s.articleKey}">Approve all ${s.posts.length} networks</button></form>` : ''}</header>
        <ul class="inbox-posts">${s.posts.map((p) => postRow(p, session, opts.preview))}</ul>
      </article>`,
        )}</section>`
      : html`<p class="empty">Nothing awaiting approval.</p>`}
    ${pager}`;
}
