import { createDropTracker } from './drop-tracker.js';
import { BLOCK_ELEMENTS, closesParagraph } from './html-elements.js';
import { shouldDrop } from './html-to-text.js';
import { type HtmlTag, scanHtml } from './html-tokens.js';
import { tidyText } from './tidy-text.js';

/**
 * Main text of an article page, readability-style but small: take the largest <article> (or
 * <main>, or <body>), drop page furniture (nav, header, footer, aside, forms, figures, scripts,
 * captions, share bars, related links), and keep the paragraphs that are prose: long enough, and
 * not mostly link text (related-story lists, tag clouds). One linear pass of the tokenizer, no
 * DOM; pages this misreads simply yield little text and the teaser is used.
 */

/** A paragraph shorter than this (characters of text) is a caption, byline or button. */
const MIN_PARAGRAPH_CHARS = 40;
/** …and one whose text is mostly inside links is navigation. */
const MAX_LINK_SHARE = 0.5;
const PARAGRAPHS: ReadonlySet<string> = new Set(['p', 'h2', 'h3', 'blockquote', 'li']);
const HEADINGS: ReadonlySet<string> = new Set(['h2', 'h3']);
/** Page furniture beyond the article-body clutter every clean reading drops. */
const FURNITURE: ReadonlySet<string> = new Set(['header', 'button', 'select']);
const SCOPES = ['article', 'main', 'body'] as const;
type Scope = (typeof SCOPES)[number];

interface Paragraph {
  tag: string;
  depth: number;
  text: string;
  /** Characters of text inside links. */
  linked: number;
  /** The outermost article/main/body it sits in (index of that element), -1 outside any. */
  scope: Record<Scope, number>;
}

interface Kept {
  text: string;
  scope: Record<Scope, number>;
}

/** Tracks the outermost article/main/body elements: which one we are in, and how much text each holds. */
function scopeTracker() {
  const state = SCOPES.map(() => ({ depth: 0, index: -1, startAt: 0, sizes: [] as number[] }));
  return {
    current: (): Record<Scope, number> => ({
      article: state[0]?.depth ? state[0].index : -1, main: state[1]?.depth ? state[1].index : -1, body: state[2]?.depth ? state[2].index : -1,
    }),
    open(name: string, at: number) {
      const s = state[SCOPES.indexOf(name as Scope)];
      if (!s || ++s.depth > 1) return;
      s.index = s.sizes.length;
      s.startAt = at;
      s.sizes.push(0);
    },
    close(name: string, at: number) {
      const s = state[SCOPES.indexOf(name as Scope)];
      if (!s || s.depth === 0 || --s.depth > 0) return;
      s.sizes[s.index] = at - s.startAt;
    },
    /** The scope to read: the largest article, else the largest main, else the largest body. */
    best(end: number): { scope: Scope; index: number } | undefined {
      for (const [i, s] of state.entries()) {
        if (s.depth > 0) s.sizes[s.index] = end - s.startAt;
        let index = -1;
        for (const [j, size] of s.sizes.entries()) if (index === -1 || size > (s.sizes[index] ?? 0)) index = j;
        const scope = SCOPES[i];
        if (index !== -1 && scope) return { scope, index };
      }
      return undefined;
    },
  };
}

/** Paragraph text on one line. Junk characters are stripped once, from the result (see extractMainText). */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The paragraph's text when it is prose or a heading; undefined for captions, bylines and link lists. */
function paragraphText(p: Paragraph): string | undefined {
  const text = oneLine(p.text);
  if (HEADINGS.has(p.tag)) return text === '' ? undefined : text;
  if (text.length < MIN_PARAGRAPH_CHARS) return undefined;
  return p.linked / text.length > MAX_LINK_SHARE ? undefined : text;
}

export function extractMainText(html: string): string {
  const drops = createDropTracker((tag: HtmlTag) => FURNITURE.has(tag.name) || shouldDrop(tag, true));
  const scopes = scopeTracker();
  const found: Kept[] = [];
  let open: Paragraph | undefined;
  let linkDepth = 0;
  let link = '';
  /** Characters of readable text so far: how "large" an article/main/body is. */
  let position = 0;
  const finish = (): void => {
    const text = open && paragraphText(open);
    if (open && text !== undefined) found.push({ text, scope: open.scope });
    open = undefined;
    linkDepth = 0;
  };

  scanHtml(html, {
    openTag(tag) {
      if (drops.open(tag)) return;
      const { name } = tag;
      if (open && ((open.tag === 'p' && closesParagraph(name)) || (open.tag === 'li' && name === 'li') || SCOPES.includes(name as Scope))) finish();
      scopes.open(name, position);
      if (!open) {
        if (PARAGRAPHS.has(name) && !tag.selfClosing) open = { tag: name, depth: 1, text: '', linked: 0, scope: scopes.current() };
        return;
      }
      if (name === open.tag && !tag.selfClosing) open.depth += 1;
      if (name === 'a' && !tag.selfClosing && ++linkDepth === 1) link = '';
      if (BLOCK_ELEMENTS.has(name) || name === 'td' || name === 'th' || name === 'img') open.text += ' ';
    },
    closeTag(name) {
      if (drops.close(name)) return;
      if (open && name === 'a' && linkDepth > 0 && --linkDepth === 0) open.linked += oneLine(link).length;
      if (open && name === open.tag && --open.depth === 0) finish();
      else if (open && SCOPES.includes(name as Scope)) finish();
      else if (open && BLOCK_ELEMENTS.has(name)) open.text += ' ';
      scopes.close(name, position);
    },
    text(data) {
      if (drops.active) return;
      position += data.length;
      if (!open) return;
      open.text += data;
      if (linkDepth > 0) link += data;
    },
  });
  finish();

  const best = scopes.best(position);
  const paragraphs: string[] = [];
  for (const p of found) if (!best || p.scope[best.scope] === best.index) paragraphs.push(p.text);
  // Headings with no prose after them (end of article, sidebars) are noise.
  while (paragraphs.length > 0 && (paragraphs[paragraphs.length - 1]?.length ?? 0) < MIN_PARAGRAPH_CHARS) paragraphs.pop();
  return tidyText(paragraphs.join('\n'));
}
