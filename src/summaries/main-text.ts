/**
 * Main text of an article page, readability-style but small: take the <article> (or <main>, or
 * <body>) element, drop page furniture (nav, header, footer, aside, forms, figures, scripts), and
 * keep the paragraphs that are prose: long enough, and not mostly link text (related-story lists,
 * tag clouds). No DOM: regexes over the markup, which is enough for CMS article templates and
 * needs no dependency; pages this misreads simply yield little text and the teaser is used.
 */
import { htmlToText } from './html-to-text.js';

const FURNITURE_RE = /<(script|style|noscript|template|svg|nav|header|footer|aside|form|figure|iframe|button|select)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const COMMENT_RE = /<!--[\s\S]*?-->/g;
const BLOCK_RE = /<(p|h2|h3|blockquote|li)\b[^>]*>([\s\S]*?)<\/\1\s*>/gi;
const LINK_RE = /<a\b[^>]*>([\s\S]*?)<\/a\s*>/gi;
/** A paragraph shorter than this (characters of text) is a caption, byline or button. */
const MIN_PARAGRAPH_CHARS = 40;
/** …and one whose text is mostly inside links is navigation. */
const MAX_LINK_SHARE = 0.5;

function largestElement(html: string, tag: string): string | undefined {
  const re = new RegExp(`<${tag}\\b[^>]*>([\\s\\S]*?)</${tag}\\s*>`, 'gi');
  let best: string | undefined;
  for (const m of html.matchAll(re)) if (!best || (m[1]?.length ?? 0) > best.length) best = m[1];
  return best;
}

function textLength(html: string): number {
  return htmlToText(html).length;
}

export function extractMainText(html: string): string {
  const cleaned = html.replace(COMMENT_RE, '').replace(FURNITURE_RE, ' ');
  const scope = largestElement(cleaned, 'article') ?? largestElement(cleaned, 'main') ?? largestElement(cleaned, 'body') ?? cleaned;
  const paragraphs: string[] = [];
  for (const m of scope.matchAll(BLOCK_RE)) {
    const tag = (m[1] ?? '').toLowerCase();
    const inner = m[2] ?? '';
    const text = htmlToText(inner).replace(/\n+/g, ' ').trim();
    if (tag === 'h2' || tag === 'h3') {
      // Kept as its own line: the sentence splitter drops headings but never glues them to prose.
      if (text !== '') paragraphs.push(text);
      continue;
    }
    if (text.length < MIN_PARAGRAPH_CHARS) continue;
    let linked = 0;
    for (const l of inner.matchAll(LINK_RE)) linked += textLength(l[1] ?? '');
    if (linked / text.length > MAX_LINK_SHARE) continue;
    paragraphs.push(text);
  }
  // Headings with no prose after them (end of article, sidebars) are noise.
  while (paragraphs.length > 0 && (paragraphs[paragraphs.length - 1]?.length ?? 0) < MIN_PARAGRAPH_CHARS) paragraphs.pop();
  return paragraphs.join('\n');
}
