import type { PostRecord, PostState } from '../../ledger/post-ledger.js';
import type { WaitReason } from '../../editorial/wait-reason.js';
import type { ChannelView } from '../desk-data.js';
import { formatAgo, html, safeUrl, type Html } from '../html.js';
import { CSRF_FIELD, type Session } from '../session.js';

/** Shared pieces: status chips, action forms, the network control bar shown on every page. */
export const STATE_LABELS: Record<PostState | 'drafting', string> = {
  pending_approval: 'awaiting approval',
  queued: 'queued',
  posting: 'posting',
  posted: 'posted',
  failed: 'failed',
  skipped: 'skipped',
  unknown: 'unknown outcome',
  drafting: 'drafting',
};

export function csrfField(session: Session): Html {
  return html`<input type="hidden" name="${CSRF_FIELD}" value="${session.csrf}">`;
}

/** A one-button POST form; `back` brings the editor back to where they were. */
export function actionButton(session: Session, action: string, label: string, opts: { kind?: 'primary' | 'danger' | 'ghost'; back?: string; extra?: Html; testId?: string } = {}): Html {
  return html`<form method="post" action="${action}" class="inline-form">${csrfField(session)}${opts.back ? html`<input type="hidden" name="back" value="${opts.back}">` : ''}${opts.extra ?? ''}<button type="submit" class="btn btn-${opts.kind ?? 'ghost'}"${opts.testId ? html` data-testid="${opts.testId}"` : ''}>${label}</button></form>`;
}

/** A dry-run "post" went to the outbox file, not the network: its receipt points there (outbox-publisher.ts). */
export function isDryRun(post: PostRecord): boolean {
  return post.state === 'posted' && (post.remoteUrl ?? '').startsWith('file://');
}

export function countdown(iso: string | undefined, prefix: string): Html {
  if (!iso) return html``;
  return html`<span class="countdown" data-countdown="${iso}" data-prefix="${prefix}">${prefix} ${formatAgo(iso)}</span>`;
}

/** One chip per channel: the state, and the one fact an editor needs about it. */
export function postChip(channel: string, post: PostRecord | undefined, opts: { link?: boolean; wait?: WaitReason | undefined } = {}): Html {
  const state: PostState | 'drafting' = post?.state ?? 'drafting';
  // A waiting post says when and why (a halted channel's posts say so, not their last retry error).
  const wait = post?.state === 'queued' || post?.state === 'pending_approval' ? opts.wait : undefined;
  const detail =
    post?.state === 'failed' || post?.state === 'unknown'
      ? post.lastError
      : post?.state === 'skipped'
        ? post.skipReason
        : wait
          ? wait.kind !== 'halted' && wait.kind !== 'paused' && post?.lastError ? `${wait.text} (retrying: ${post.lastError})` : wait.text
          : post?.state === 'queued' && post.lastError
            ? `retrying: ${post.lastError}`
            : post?.note;
  const live = post?.state === 'posted' ? safeUrl(post.remoteUrl) : undefined;
  const dry = post !== undefined && isDryRun(post);
  const body = html`<span class="chip-net">${channel}</span><span class="chip-state">${dry ? 'would have posted' : STATE_LABELS[state]}</span>${dry ? html`<span class="badge-dry" data-testid="dry-run-badge">dry run</span>` : ''}${post?.state === 'pending_approval' ? countdown(post.autoApproveAt, 'auto-approves') : ''}`;
  const chip =
    opts.link !== false && post
      ? html`<a class="chip chip-${state}${dry ? ' chip-dry' : ''}" href="/articles/${post.articleKey}#post-${channel}" title="${detail ?? ''}" data-channel="${channel}" data-state="${state}">${body}</a>`
      : html`<span class="chip chip-${state}${dry ? ' chip-dry' : ''}" title="${detail ?? ''}" data-channel="${channel}" data-state="${state}">${body}</span>`;
  if (dry && post) return html`<span class="chip-wrap">${chip}<a class="chip-link chip-outbox" href="/posts/${post.postId}/outbox" title="its line in the dry-run outbox">outbox</a></span>`;
  return html`<span class="chip-wrap">${chip}${live ? html`<a class="chip-link" href="${live}" target="_blank" rel="noopener noreferrer" title="open the live post">↗</a>` : ''}${detail && state !== 'posted' ? html`<span class="chip-reason${wait ? ` wait-${wait.kind}` : ''}"${wait ? html` data-testid="wait-${channel}" data-wait="${wait.kind}"` : ''}>${detail}</span>` : ''}</span>`;
}

export function controlsBar(channels: ChannelView[], session: Session, back: string): Html {
  const editor = session.role === 'editor';
  const anyPaused = channels.some((c) => c.paused);
  const allPaused = channels.length > 0 && channels.every((c) => c.paused);
  const pills = channels.map(
    (c) => html`<div class="net ${c.paused ? 'net-paused' : 'net-running'}${c.attention ? ' net-attention' : ''}" data-channel="${c.id}" data-paused="${c.paused ? '1' : '0'}">
      <span class="dot"></span><a class="net-name" href="/queue/${c.id}" title="${c.id}'s queue: what goes out next, and when">${c.id}</a><span class="net-meta">${c.mode === 'dry-run' ? 'dry-run · ' : ''}${c.postedToday} today${c.paused ? html` · <strong>paused</strong>` : ''}</span>
      ${c.attention ? html`<span class="net-alert" title="${c.attention}">needs attention</span>` : ''}
      ${c.waitingUntil && !c.paused ? html`<span class="net-wait" title="${c.waitReason ?? ''}">${countdown(c.waitingUntil, 'network says wait, resumes')}</span>` : ''}
      ${editor ? actionButton(session, `/channels/${c.id}/${c.paused ? 'resume' : 'pause'}`, c.paused ? 'Resume' : 'Pause', { back, kind: c.paused ? 'primary' : 'ghost', testId: `${c.paused ? 'resume' : 'pause'}-${c.id}` }) : ''}
    </div>`,
  );
  return html`<section id="controls" class="controls${anyPaused ? ' controls-paused' : ''}" aria-label="Networks">
    <div class="controls-inner">
      <span class="controls-label">Networks</span>
      <input type="checkbox" id="nets-toggle" class="nets-toggle" aria-label="Show the networks">
      <label for="nets-toggle" class="controls-summary" data-testid="nets-summary">Networks: ${channels.length}${anyPaused ? html` · <strong class="bad">${channels.filter((c) => c.paused).length} paused</strong>` : ''}${channels.some((c) => c.attention) ? html` · <strong class="bad">needs attention</strong>` : ''}</label>
      <div class="nets">${pills.length ? pills : html`<span class="muted">no networks configured</span>`}</div>
      ${editor && channels.length
        ? html`<div class="controls-all">${allPaused ? '' : actionButton(session, '/controls/pause-all', 'Pause everything', { back, kind: 'danger', testId: 'pause-all' })}${anyPaused ? actionButton(session, '/controls/resume-all', 'Resume everything', { back, kind: 'primary', testId: 'resume-all' }) : ''}</div>`
        : ''}
    </div>
  </section>`;
}
