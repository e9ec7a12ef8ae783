import { readMarkup } from './html-to-text.js';
import { capHtml } from './html-tokens.js';
import { tidyText } from './tidy-text.js';

/**
 * Defensive clean-up for text that should already be plain (Article.text, teasers, titles,
 * sentences a summariser wrote): newlines are paragraph breaks, stray HTML tags are removed and
 * entities decoded, but angle-bracket text that is not HTML ("Tax on <imported_goods>",
 * "x < 3 and y > 2") is prose and stays. Text that clearly is HTML (it has block markup) is read
 * as HTML instead.
 */
export function toPlainText(text: string): string {
  const capped = capHtml(text);
  // Fast path: the formatter cleans every sentence of every post; most have no markup at all.
  if (!/[<&]/.test(capped)) return tidyText(capped);
  return readMarkup(capped, { dropClutter: false, keepUnknownTags: true });
}

/**
 * Anything `toPlainLine` would change: markup or entities, line breaks, tabs and unusual spaces,
 * doubled spaces, junk characters and surrogates (which may be lone). Text without any of them is
 * already a clean line, which is the common case for sentences a summariser produced.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is looked for
const NEEDS_CLEANING_RE = /[<&\u0000-\u001F\u007F-\u00A0\u00AD\u1680\u2000-\u200B\u2028\u2029\u202F\u205F\u3000\uD800-\uDFFF\uFEFF\uFFFE\uFFFF]| {2}|^ | $/;

/** One-line variant for titles, names and hashtags: every whitespace run becomes one space. */
export function toPlainLine(text: string): string {
  if (!NEEDS_CLEANING_RE.test(text)) return text;
  return toPlainText(text).replace(/\s{2,}|[^\S ]/g, ' ').trim();
}

/** Plain text (Atom type="text") as one line: whitespace and junk characters tidied, nothing decoded. */
export function textToLine(text: string): string {
  return tidyText(capHtml(text)).replace(/\n+/g, ' ');
}
