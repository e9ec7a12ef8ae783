import { decodeHTML } from 'entities';

/**
 * Feed bodies are HTML fragments of unknown quality. We only need readable text (for filters,
 * titles and the summariser's input), not a DOM, so a few ordered regex passes are enough and
 * cannot be tricked into executing anything: scripts are removed, the rest is just characters.
 */

/** Elements that break a line; everything else (b, a, span…) is inline and disappears without a gap. */
const BLOCK_TAGS =
  'address|article|aside|blockquote|br|dd|details|div|dl|dt|figcaption|figure|footer|form|h[1-6]|header|hr|li|main|nav|ol|p|pre|section|summary|table|tbody|thead|tfoot|tr|ul';

/** Cells and replaced elements sit between words, so they become a space rather than vanishing. */
const SPACING_TAGS = 'td|th|img|input|button|select|option|label|iframe|video|audio|object|embed';

const INVISIBLE_BLOCK = /<(script|style|noscript|template|svg|head|title)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const COMMENT = /<!--[\s\S]*?(?:-->|$)/g;
const CDATA = /<!\[CDATA\[([\s\S]*?)\]\]>/g;
const BLOCK = new RegExp(`</?(?:${BLOCK_TAGS})\\b[^>]*>`, 'gi');
const SPACING = new RegExp(`</?(?:${SPACING_TAGS})\\b[^>]*>`, 'gi');
// A tag must start with a letter, "/", "!" or "?": "a < b" and "<3" in text are not tags.
const ANY_TAG = /<\/?[a-zA-Z!?][^>]*>/g;

/**
 * Plain text of an HTML fragment: one line per block (paragraph, heading, list item), inner
 * whitespace collapsed, entities decoded, no leading/trailing blank lines.
 */
export function htmlToText(html: string): string {
  if (!html) return '';
  const marked = html
    .replace(CDATA, '$1')
    .replace(COMMENT, ' ')
    .replace(INVISIBLE_BLOCK, ' ')
    .replace(BLOCK, '\n')
    .replace(SPACING, ' ')
    .replace(ANY_TAG, '');
  return tidyText(decodeHTML(marked));
}

/**
 * Collapse whitespace but keep line structure. No-break and other exotic spaces become plain
 * spaces (social networks count them like any other), zero-width spaces and soft hyphens go,
 * but ZWJ/ZWNJ stay: Urdu, Persian and Indic scripts need them to shape words correctly.
 */
export function tidyText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u200b\u00ad\ufeff]/g, '')
    .replace(/[^\S\n]+/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join('\n');
}

/** Title-style text: a single line, tags dropped, entities decoded. */
export function htmlToLine(html: string): string {
  return htmlToText(html).replace(/\n+/g, ' ');
}

/** Plain text that may still carry entities (Atom type="text" is literal, but RSS titles often are not). */
export function textToLine(text: string): string {
  return tidyText(text).replace(/\n+/g, ' ');
}

/**
 * First <img src> of an HTML fragment, entity-decoded but not resolved (the caller knows the base URL).
 * Tracking pixels (1×1) are skipped because they make terrible link previews.
 */
export function firstImageSrc(html: string): string | undefined {
  for (const match of html.matchAll(/<img\b[^>]*>/gi)) {
    const tag = match[0];
    if (/\b(?:width|height)\s*=\s*["']?1["'\s/>]/i.test(tag)) continue;
    const src = /\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(tag);
    const value = (src?.[1] ?? src?.[2] ?? src?.[3])?.trim();
    if (value && !value.startsWith('data:')) return decodeHTML(value);
  }
  return undefined;
}
