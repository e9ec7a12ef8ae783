import type { ImageCandidate } from '../../desk/image-candidates.js';
import type { PostRecord } from '../../ledger/post-ledger.js';
import { html, type Html } from '../html.js';
import type { Session } from '../session.js';
import { csrfField } from './components.js';
import { previewSpec } from './preview-spec.js';

/**
 * "Change image" (issue #15): the article's images side by side, each shown in the network's crop,
 * the one in use marked; choosing one posts the swap and comes back to the post (PRG).
 */
const LABELS: Record<ImageCandidate['source'], string> = { feed: 'Feed image', 'og:image': 'Article page og:image', article: 'In the article', card: 'Generated headline card' };

export function imageChoiceContent(post: PostRecord, title: string, candidates: readonly ImageCandidate[], session: Session, options: Record<string, unknown>, backTo?: string): Html {
  const spec = previewSpec(post.network, options, true);
  const shape = spec.aspectRange ? 'pv-aspect-range' : !spec.aspect ? 'pv-aspect-natural' : spec.aspect > 1.85 ? 'pv-aspect-191' : 'pv-aspect-169';
  // Back where the editor came from: the post, or the approval inbox.
  const back = backTo ?? `/articles/${post.articleKey}#post-${post.channel}`;
  const range = spec.aspectRange ? html` data-min-aspect="${spec.aspectRange.min.toFixed(3)}" data-max-aspect="${spec.aspectRange.max.toFixed(3)}"` : '';
  return html`<div class="page-head"><div><a class="back" href="${back}">← Back</a><h1>Image for ${post.channel}</h1><div class="meta"><span dir="auto">${title}</span></div></div></div>
    <p class="muted">Shown as ${spec.label} crops it. The image is fetched and checked against what ${spec.label} takes when you choose it.</p>
    ${candidates.length === 0 ? html`<p class="empty">No other image found for this article.</p>` : ''}
    <ul class="image-choices" data-testid="image-choices">${candidates.map((c, i) => {
      const current = c.url !== undefined && c.url === post.draft.imageUrl;
      const src = c.source === 'card' ? `/articles/${post.articleKey}/card-preview.jpg` : `/articles/${post.articleKey}/images/${i}`;
      return html`<li class="card image-choice${current ? ' image-current' : ''}">
        <div class="pv-frame ${shape}"${range}><img class="pv-img" src="${src}" alt="${LABELS[c.source]}" loading="lazy"></div>
        <div class="image-choice-foot"><span><strong>${LABELS[c.source]}</strong>${c.url ? html`<span class="muted small mono image-url">${c.url}</span>` : ''}</span>
        ${current
          ? html`<span class="chip chip-posted">in use</span>`
          : html`<form method="post" action="/posts/${post.postId}/image" class="inline-form">${csrfField(session)}<input type="hidden" name="back" value="${back}"><input type="hidden" name="source" value="${c.source}">${c.url ? html`<input type="hidden" name="url" value="${c.url}">` : ''}<button type="submit" class="btn btn-primary" data-testid="use-image-${i}" data-source="${c.source}">Use this image</button></form>`}</div>
      </li>`;
    })}</ul>`;
}
