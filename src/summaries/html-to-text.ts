import { decodeHTML } from 'entities';

/**
 * HTML (or "plain text" that still carries markup) → plain text whose paragraphs are separated
 * by a single `\n`. Regex-based on purpose: feed bodies are fragments, not documents, and a
 * full parser would be a new dependency for little gain; the goal is readable sentences, not
 * a faithful DOM.
 */

/** Elements whose content is never prose. Removed with their content. */
const DROPPED_ELEMENTS = ['script', 'style', 'noscript', 'template', 'svg', 'math', 'iframe', 'object', 'head'];

/** Elements that start or end a paragraph; replaced by a line break. */
const BLOCK_ELEMENTS = [
  'p', 'div', 'br', 'hr', 'li', 'ul', 'ol', 'dl', 'dt', 'dd', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'blockquote', 'pre', 'table', 'tr', 'td', 'th', 'thead', 'tbody', 'section', 'article', 'header',
  'footer', 'aside', 'nav', 'figure', 'figcaption', 'main', 'address', 'details', 'summary',
];

const DROPPED_RE = new RegExp(`<(${DROPPED_ELEMENTS.join('|')})\\b[^>]*>[\\s\\S]*?</\\1\\s*>`, 'gi');
const BLOCK_RE = new RegExp(`</?(?:${BLOCK_ELEMENTS.join('|')})\\b[^>]*>`, 'gi');
/** Any other tag. Requires a letter after `<` so prose like "a < b" survives. */
const TAG_RE = /<\/?[a-zA-Z][^<>]*>/g;
const COMMENT_RE = /<!--[\s\S]*?(?:-->|$)/g;
const CDATA_RE = /<!\[CDATA\[([\s\S]*?)\]\]>/g;
const DOCTYPE_RE = /<![a-zA-Z][^>]*>|<\?[\s\S]*?\?>/g;
const BLOCK_MARKUP_RE = new RegExp(`</?(?:${BLOCK_ELEMENTS.join('|')})\\b[^>]*>`, 'i');

/**
 * Characters that are never useful in a post and break some networks: BOM / non-characters
 * (X rejects U+FFFE, U+FEFF, U+FFFF), soft hyphens, C0/C1 controls other than tab and newline,
 * and lone surrogates (which would make `encodeURIComponent`/JSON/UTF-8 encoding throw or mangle).
 * ZWJ/ZWNJ/variation selectors are kept: emoji sequences and Persian/Urdu spelling need them.
 */
// eslint-disable-next-line no-control-regex
const JUNK_RE = /[\uFFFE\uFEFF\uFFFF\u00AD\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
const LONE_SURROGATE_RE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/**
 * Horizontal whitespace incl. NBSP and the Unicode spaces that needs rewriting: runs of two or
 * more, or any single non-ASCII-space character (a lone " " is left alone, which keeps this
 * cheap on clean text). Newlines are handled separately.
 */
const HSPACE_RE = /[\t \u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]{2,}|[\t\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g;

/** Removes characters no network wants (see JUNK_RE) and repairs lone surrogates. */
export function stripJunkCharacters(text: string): string {
  return text.replace(LONE_SURROGATE_RE, '\uFFFD').replace(/\r\n?/g, '\n').replace(JUNK_RE, '');
}

/** Collapses spaces inside lines, trims lines and joins non-empty lines with a single `\n`. */
export function normaliseParagraphs(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(HSPACE_RE, ' ').trim())
    .filter((line) => line.length > 0)
    .join('\n');
}

/** Inline HTML tags a feed may leave in "plain" text; anything else in angle brackets is kept. */
const KNOWN_TAG_RE =
  /<\/?(?:a|abbr|b|big|br|cite|code|del|dfn|em|font|i|img|ins|kbd|mark|q|s|samp|small|span|strike|strong|sub|sup|time|tt|u|var|wbr)\b[^<>]*>/gi;

/**
 * HTML → plain text. Newlines in the source are whitespace (as in a browser); paragraph
 * structure comes from block elements and `<br>`.
 */
export function htmlToText(html: string): string {
  const withoutMarkup = stripJunkCharacters(html)
    .replace(CDATA_RE, '$1')
    .replace(COMMENT_RE, '')
    .replace(DOCTYPE_RE, '')
    .replace(DROPPED_RE, '')
    .replace(/\s+/g, ' ')
    .replace(BLOCK_RE, '\n')
    .replace(TAG_RE, '');
  // Decode last so that escaped markup ("&lt;b&gt;") is kept as the text it is.
  return normaliseParagraphs(stripJunkCharacters(decodeHTML(withoutMarkup)));
}

/**
 * Defensive clean-up for text that should already be plain (Article.text, teasers, titles):
 * newlines are paragraph breaks, but stray tags and entities are removed/decoded. When the
 * input clearly is HTML (it has block markup), it is treated as HTML instead.
 */
export function toPlainText(text: string): string {
  // Fast path: the formatter cleans every sentence of every post; most have no markup at all.
  if (!/[<&]/.test(text)) return normaliseParagraphs(stripJunkCharacters(text));
  if (BLOCK_MARKUP_RE.test(text)) return htmlToText(text);
  // Text that should already be plain: remove only real HTML tags. A headline about
  // "<imported_goods>" or "x < 3 and y > 2" is text, and must survive.
  const withoutMarkup = stripJunkCharacters(text)
    .replace(CDATA_RE, '$1')
    .replace(COMMENT_RE, '')
    .replace(DROPPED_RE, '')
    .replace(KNOWN_TAG_RE, '');
  return normaliseParagraphs(stripJunkCharacters(decodeHTML(withoutMarkup)));
}

/**
 * Anything `toPlainLine` would change: markup or entities, line breaks, tabs and unusual spaces,
 * doubled spaces, junk characters and surrogates (which may be lone). Text without any of them is
 * already a clean line, which is the common case for sentences a summariser produced.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is looked for
const NEEDS_CLEANING_RE = /[<&\u0000-\u001F\u007F-\u00A0\u00AD\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000\uD800-\uDFFF\uFEFF\uFFFE\uFFFF]| {2}|^ | $/;

/** One-line variant for titles, names and hashtags: every whitespace run becomes one space. */
export function toPlainLine(text: string): string {
  if (!NEEDS_CLEANING_RE.test(text)) return text;
  return toPlainText(text).replace(/\s{2,}|[^\S ]/g, ' ').trim();
}
