import { createHash } from 'node:crypto';
import { domainOf } from '../../media/image-select.js';
import type { PostRecord } from '../../ledger/post-ledger.js';
import { html, type Html } from '../html.js';
import { previewSpec, type PreviewSpec } from './preview-spec.js';
import { previewText } from './preview-text.js';

/**
 * A post drawn as its network shows it (issue #15): the account line, the text with the network's
 * styling and fold, and the image in the network's crop: the post's own image where the network
 * sends it (swappable), or the link card the network builds from the article page's og:image
 * (which Crier does not choose, and the preview says so). Images come from the desk's own origin
 * (routes/preview-routes.ts fetches them through the SSRF-safe fetch).
 */
export interface PreviewInput {
  post: PostRecord;
  /** The text exactly as it will be sent (e.g. LinkedIn's escaping undone for reading), when known. */
  text?: string | undefined;
  options: Record<string, unknown>;
  publicationName: string;
  /** Show the "Change image" link (editors, on a post not yet out). */
  canSwap: boolean;
  compact?: boolean;
}

const version = (url: string) => createHash('sha256').update(url).digest('hex').slice(0, 10);

function frameStyle(spec: PreviewSpec): Html | string {
  if (spec.aspectRange) return html` data-min-aspect="${spec.aspectRange.min.toFixed(3)}" data-max-aspect="${spec.aspectRange.max.toFixed(3)}"`;
  return spec.aspect ? html` data-aspect="${spec.aspect.toFixed(3)}"` : '';
}

/** The frame's shape is set by desk.css classes (inline styles are refused by the CSP). */
function aspectClass(spec: PreviewSpec): string {
  if (spec.aspectRange) return 'pv-aspect-range';
  if (!spec.aspect) return 'pv-aspect-natural';
  return spec.aspect > 1.85 ? 'pv-aspect-191' : 'pv-aspect-169';
}

function media(p: PreviewInput, spec: PreviewSpec): Html {
  const { post } = p;
  const d = post.draft;
  if (spec.media === 'none') return html``;
  const own = spec.sendsImage && d.imageUrl ? `/posts/${post.postId}/image?v=${version(d.imageUrl)}` : undefined;
  // Instagram cannot post without an image: with none on the draft it takes the page's og:image, else a generated card (image-select.ts).
  const fallback = post.network === 'instagram' && !own ? `/articles/${post.articleKey}/og-image?or=card` : undefined;
  const src = spec.media === 'scraped-card' ? `/articles/${post.articleKey}/og-image` : (own ?? fallback);
  const img = src
    ? html`<div class="pv-frame ${aspectClass(spec)}"${frameStyle(spec)}><img class="pv-img" src="${src}" alt="${spec.media === 'scraped-card' ? 'the article page\'s og:image' : 'the post\'s image'}" loading="lazy" data-testid="preview-img-${post.channel}"></div>`
    : html`<div class="pv-frame pv-noimage ${aspectClass(spec)}">no image</div>`;
  const swap = p.canSwap && spec.sendsImage ? html`<a class="pv-swap btn btn-ghost" href="/posts/${post.postId}/image-choice${p.compact ? '?back=%2Fapprovals' : ''}" data-testid="swap-image-${post.channel}">Change image</a>` : '';
  const whose = spec.media === 'scraped-card' ? html`<div class="pv-note muted small">${spec.label} builds this card itself from the article page (its og:image); Crier's image is not sent.</div>` : '';
  if (spec.media === 'photo') return html`<div class="pv-media pv-photo">${img}${swap}</div>${whose}`;
  return html`<div class="pv-media pv-card">${img}<div class="pv-card-body"><div class="pv-card-domain">${domainOf(d.url)}</div><div class="pv-card-title" dir="auto">${d.title}</div>${d.description && !p.compact ? html`<div class="pv-card-desc" dir="auto">${d.description}</div>` : ''}</div>${swap}</div>${whose}`;
}

export function postPreview(p: PreviewInput): Html {
  const { post } = p;
  const spec = previewSpec(post.network, p.options, Boolean(post.draft.imageUrl));
  const text = p.text ?? post.draft.text;
  const photoFirst = post.network === 'instagram';
  const body = previewText(text, spec, post.postId.replace(/[^a-z0-9]/gi, '-'));
  return html`<figure class="pv pv-${post.network}${p.compact ? ' pv-compact' : ''}" data-testid="preview-${post.channel}" data-network="${post.network}">
    <figcaption class="pv-head"><span class="pv-avatar" aria-hidden="true">${Array.from(p.publicationName)[0] ?? '?'}</span><span class="pv-name" dir="auto">${p.publicationName}</span><span class="pv-net muted small">as ${spec.label} shows it</span></figcaption>
    ${photoFirst ? html`${media(p, spec)}${body}` : html`${body}${media(p, spec)}`}
  </figure>`;
}
