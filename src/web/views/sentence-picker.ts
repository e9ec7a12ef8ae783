import { SWAPPABLE_STATES } from '../../desk/sentence-swap.js';
import type { PostRecord } from '../../ledger/post-ledger.js';
import { html, timeTag, type Html } from '../html.js';
import type { Session } from '../session.js';
import { csrfField } from './components.js';

/**
 * Why a post reads as it does, and what else it could say (#14): the summary sentences it uses,
 * the formatter's note ("headline and link alone…"), and the article's other candidate sentences,
 * each with a one-click "Use this" for editors. A plain form POST (no script, strict CSP); the
 * server re-formats the draft with the network's own formatter and redirects back to the post.
 */

const HIDDEN_STATES = new Set<PostRecord['state']>(['posted', 'posting', 'unknown']);

function useButton(post: PostRecord, session: Session, sentence: string, i: number): Html {
  const back = `/articles/${post.articleKey}#post-${post.channel}`;
  return html`<form method="post" action="/posts/${post.postId}/sentences" class="inline-form sentence-use">${csrfField(session)}<input type="hidden" name="back" value="${back}"><input type="hidden" name="sentence" value="${sentence}"><button type="submit" class="btn btn-ghost btn-small" data-testid="use-sentence-${post.channel}-${i}" aria-label="Use sentence ${i + 1} for ${post.channel}">Use this</button></form>`;
}

export function sentencePicker(post: PostRecord, session: Session, timeZone: string): Html {
  const { sentences, alternatives, note } = post.draft;
  if (HIDDEN_STATES.has(post.state) || (sentences === undefined && !alternatives?.length && !note)) return html``;
  const used = sentences ?? [];
  const others = alternatives ?? [];
  const canAct = session.role === 'editor' && SWAPPABLE_STATES.includes(post.state);
  // A hand edit (Save text / edit and approve) may have rewritten them: say so rather than claim them.
  const handEdited = used.some((s) => !post.draft.text.includes(s));
  const choice = handEdited ? undefined : post.sentenceChoice;
  return html`<details class="sentences" data-testid="sentences-${post.channel}"${post.state === 'pending_approval' || note ? html` open` : ''}>
    <summary>Sentences: ${used.length} used · ${others.length} other${others.length === 1 ? '' : 's'} from the article</summary>
    ${note ? html`<p class="sentence-note" data-testid="sentence-note-${post.channel}">${note}</p>` : ''}
    <h3>Used in this post</h3>
    ${handEdited ? html`<p class="muted" data-testid="sentences-hand-edited-${post.channel}">The text has been edited by hand since these were chosen.</p>` : ''}
    ${used.length
      ? html`<ol class="sentence-list sentence-used" data-testid="sentences-used-${post.channel}">${used.map((s) => html`<li dir="auto">${s}</li>`)}</ol>`
      : html`<p class="muted">None: headline and link only.</p>`}
    ${choice ? html`<p class="muted sentence-choice" data-testid="sentence-choice-${post.channel}">Chosen by ${choice.by} ${timeTag(choice.at, timeZone)}</p>` : ''}
    ${others.length
      ? html`<h3>Other sentences from the article</h3>
        <ol class="sentence-list sentence-alts" data-testid="sentences-alt-${post.channel}">${others.map((s, i) => html`<li><span dir="auto">${s}</span>${canAct ? useButton(post, session, s, i) : ''}</li>`)}</ol>
        ${canAct ? html`<p class="muted">"Use this" rewrites the post around that sentence, within ${post.network}'s limit; text typed above and not yet approved is replaced.</p>` : ''}`
      : ''}
  </details>`;
}
