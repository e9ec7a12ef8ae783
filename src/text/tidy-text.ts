/**
 * Character-level clean-up shared by every text reader: what no network wants, and whitespace
 * folded to one space per run with one line per paragraph. All passes are single-character
 * classes or fixed runs, so each costs one scan of the input.
 */

/**
 * Characters that are never useful in a post and break some networks: BOM / non-characters
 * (X rejects U+FFFE, U+FEFF, U+FFFF), zero-width spaces and soft hyphens, C0/C1 controls other
 * than tab and newline. ZWJ/ZWNJ/variation selectors are kept: emoji sequences and
 * Persian/Urdu/Indic spelling need them.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
const JUNK_RE = /[\uFFFE\uFEFF\uFFFF\u00AD\u200B\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
/** Lone surrogates would make `encodeURIComponent`/JSON/UTF-8 encoding throw or mangle. */
const LONE_SURROGATE_RE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/**
 * Horizontal whitespace that needs rewriting (NBSP and the Unicode spaces included): runs of two
 * or more, or any single character that is not a plain space, which keeps clean text cheap.
 */
const HSPACE_RE = /[^\S\n]{2,}|[^\S\n ]/g;

/** Removes characters no network wants (see JUNK_RE), repairs lone surrogates, unifies line ends. */
export function stripJunkCharacters(text: string): string {
  return text.replace(LONE_SURROGATE_RE, '\uFFFD').replace(/\r\n?/g, '\n').replace(JUNK_RE, '');
}

/** Collapses spaces inside lines, trims lines and joins non-empty lines with a single `\n`. */
export function normaliseParagraphs(text: string): string {
  // After the first pass a line break has at most one space on each side; the second removes
  // them together with empty lines. Neither pass can backtrack.
  return text.replace(HSPACE_RE, ' ').replace(/ ?\n[\n ]*/g, '\n').trim();
}

/** Both of the above: clean plain text, one line per paragraph, no blank lines. */
export function tidyText(text: string): string {
  return normaliseParagraphs(stripJunkCharacters(text));
}
