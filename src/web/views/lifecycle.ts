import type { Article } from '../../articles/article.js';
import type { LifecycleStep } from '../../ledger/lifecycle-ledger.js';
import type { PostRecord } from '../../ledger/post-ledger.js';
import type { WordDiff } from '../../lifecycle/word-diff.js';
import { html, type Html } from '../html.js';
import type { Session } from '../session.js';
import { actionButton, csrfField } from './components.js';

/**
 * A story's life after its first post (#16): what a correction changed (old and new side by side,
 * word diff), what each post got (re-draft, edit, reply, delete, flag, with the network's answer),
 * and the retraction form with its confirmation.
 */

export interface ChangesView {
  articleKey: string;
  current: Article;
  /** The version the newest correction replaced; absent when the story never changed. */
  previous?: { article: Article; replacedAt: string };
  title?: WordDiff;
  text?: WordDiff;
  retractedAt?: string;
  posts: { post: PostRecord; steps: LifecycleStep[] }[];
}

function side(diff: WordDiff, keep: 'removed' | 'added'): Html {
  return html`${diff.parts.filter((p) => p.kind === 'same' || p.kind === keep).map((p) => (p.kind === 'same' ? html`${p.text}` : keep === 'removed' ? html`<del>${p.text}</del>` : html`<ins>${p.text}</ins>`))}${diff.truncated ? html` <em>(only the start is compared)</em>` : ''}`;
}

function stepLine(s: LifecycleStep): Html {
  const what = s.step.startsWith('retract') ? 'retraction' : 'correction';
  const result = [s.note, s.error].filter(Boolean).join('; ');
  return html`<li class="step step-${s.state}" data-step="${s.step}" data-state="${s.state}">${what}: ${s.action} — <strong>${s.state}</strong>${s.remoteUrl ? html` <a href="${s.remoteUrl}" rel="noopener noreferrer">on the network</a>` : ''}${result ? html` (${result})` : ''}${s.needs ? html` <span class="needs">Needs: ${s.needs}</span>` : ''}</li>`;
}

function postBlock(session: Session, articleKey: string, p: { post: PostRecord; steps: LifecycleStep[] }): Html {
  const open = p.steps.filter((s) => s.state === 'flagged' || s.state === 'unknown' || (s.state === 'failed' && !s.retryable));
  const back = `/articles/${articleKey}/changes`;
  return html`<section class="card" id="post-${p.post.channel}"><h3>${p.post.channel} <span class="chip">${p.post.state}</span></h3>
${p.post.storyChangedAt ? html`<p class="warn">Story changed since your edit: your text was kept.</p>` : ''}
${p.steps.length ? html`<ul class="steps">${p.steps.map(stepLine)}</ul>` : html`<p class="muted">No correction or retraction on this post.</p>`}
${open.map((s) => actionButton(session, '/lifecycle/flags/resolve', `Done: ${s.action} handled`, { back, extra: html`<input type="hidden" name="postId" value="${p.post.postId}"><input type="hidden" name="step" value="${s.step}">` }))}</section>`;
}

export function changesContent(v: ChangesView, session: Session): Html {
  const compare = v.previous && v.title && v.text
    ? html`<div class="diff-grid" data-testid="diff"><div class="diff-old"><h3>Before (replaced ${v.previous.replacedAt})</h3><h4 dir="auto">${side(v.title, 'removed')}</h4><p dir="auto">${side(v.text, 'removed')}</p></div>
<div class="diff-new"><h3>Now</h3><h4 dir="auto">${side(v.title, 'added')}</h4><p dir="auto">${side(v.text, 'added')}</p></div></div>`
    : html`<p class="muted">The story has not changed since Crier first saw it.</p>`;
  return html`<h1 dir="auto">${v.current.title}</h1>
<p><a href="/articles/${v.articleKey}">Back to the article</a>${v.retractedAt ? html` · <strong class="retracted">Retracted ${v.retractedAt}</strong>` : session.role === 'editor' ? html` · <a href="/articles/${v.articleKey}/retract">Retract this story…</a>` : ''}</p>
${compare}
<h2>Posts</h2>
${v.posts.map((p) => postBlock(session, v.articleKey, p))}`;
}

export function retractContent(articleKey: string, title: string, out: PostRecord[], session: Session): Html {
  return html`<h1>Retract “${title}”?</h1>
<p>The story will never be posted again. Posts not out yet are cancelled; the ${out.length} post${out.length === 1 ? '' : 's'} already out are deleted where the network allows it, or listed under Needs attention for removal by hand.</p>
<form method="post" action="/articles/${articleKey}/retract" class="retract-form">${csrfField(session)}
<label>Reason (shown on every post) <input type="text" name="reason" maxlength="500"></label>
<label><input type="checkbox" name="confirm" value="yes" required> I understand this cannot be undone</label>
<button type="submit" class="btn btn-danger" data-testid="retract">Retract the story</button> <a href="/articles/${articleKey}">Cancel</a></form>`;
}
