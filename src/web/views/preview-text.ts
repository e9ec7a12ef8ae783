import { html, type Html } from '../html.js';
import type { PreviewSpec } from './preview-spec.js';

/**
 * A post's text as its network styles it: links, @mentions and #hashtags in the network's link
 * colour (links shortened where the network shortens them, plain where it does not link them),
 * cut at the network's "…See more" fold (a checkbox opens the rest, no script needed). One linear
 * pass over text that is already within the network's limit; no backtracking regex.
 */
type Token = { kind: 'text' | 'url' | 'mention' | 'tag'; value: string };

// Each alternative is one character class repeated: linear on any input.
const TOKEN = /https?:\/\/\S+|@[\p{L}\p{N}_.]+(?:@[\p{L}\p{N}_.-]+)?|#[\p{L}\p{N}_]+/gu;
const TRAILING = new Set(['.', ',', ';', ':', '!', '?', ')', '"', '\'', '»', '”']);
const SHORT_LINK_CHARS = 30;

export function tokens(text: string): Token[] {
  const out: Token[] = [];
  let last = 0;
  for (const m of text.matchAll(TOKEN)) {
    let value = m[0];
    const at = m.index;
    if (value.startsWith('http')) {
      // Sentence punctuation after a link is not part of it (trimmed by a loop, not a regex).
      let end = value.length;
      while (end > 0 && TRAILING.has(value[end - 1] ?? '')) end -= 1;
      value = value.slice(0, end);
    } else if (at > 0 && /[\p{L}\p{N}_]/u.test(text[at - 1] ?? '')) {
      continue; // "a@b" or "C#" inside a word is not a mention or a tag
    }
    if (at > last) out.push({ kind: 'text', value: text.slice(last, at) });
    out.push({ kind: value.startsWith('http') ? 'url' : value.startsWith('@') ? 'mention' : 'tag', value });
    last = at + value.length;
  }
  if (last < text.length) out.push({ kind: 'text', value: text.slice(last) });
  return out;
}

export function shortLink(url: string): string {
  const bare = url.replace(/^https?:\/\//, '').replace(/^www\./, '');
  const chars = Array.from(bare);
  return chars.length > SHORT_LINK_CHARS ? `${chars.slice(0, SHORT_LINK_CHARS - 1).join('')}…` : bare;
}

function styled(list: readonly Token[], links: PreviewSpec['links']): Html[] {
  return list.map((t) => {
    if (t.kind === 'text') return html`${t.value}`;
    if (t.kind === 'url') return links === 'plain' ? html`${t.value}` : html`<span class="pv-link" title="${t.value}">${links === 'short' ? shortLink(t.value) : t.value}</span>`;
    return html`<span class="pv-${t.kind}">${t.value}</span>`;
  });
}

/** Where the network folds: `chars` code points or `lines` line breaks, whichever comes first, backed up to a space. */
export function foldAt(text: string, fold: { chars: number; lines: number }): number | undefined {
  const chars = Array.from(text);
  let cut = chars.length > fold.chars ? fold.chars : undefined;
  let breaks = 0;
  for (let i = 0; i < Math.min(chars.length, cut ?? chars.length); i += 1) {
    if (chars[i] === '\n' && (breaks += 1) >= fold.lines) {
      cut = i;
      break;
    }
  }
  if (cut === undefined) return undefined;
  for (let back = cut; back > cut - 20 && back > 0; back -= 1) {
    if (/\s/.test(chars[back] ?? '')) {
      cut = back;
      break;
    }
  }
  // As a UTF-16 index, for slice().
  return chars.slice(0, cut).join('').length;
}

export function previewText(text: string, spec: PreviewSpec, id: string): Html {
  const cut = spec.fold ? foldAt(text, spec.fold) : undefined;
  if (cut === undefined || !spec.fold) return html`<div class="pv-text" dir="auto">${styled(tokens(text), spec.links)}</div>`;
  const head = text.slice(0, cut).trimEnd();
  const rest = text.slice(cut);
  return html`<div class="pv-text pv-folded" dir="auto" data-fold-at="${cut}">${styled(tokens(head), spec.links)}<input type="checkbox" class="pv-fold-toggle" id="fold-${id}" aria-label="Show the rest, as the network's fold does"><label class="pv-more" for="fold-${id}" data-testid="fold-${id}">${spec.fold.more}</label><span class="pv-rest">${styled(tokens(rest), spec.links)}</span></div>`;
}
