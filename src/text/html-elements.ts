/**
 * What HTML elements mean for plain text. One table for every reader of HTML in Crier (feed
 * bodies, titles, article pages), so a tag cannot count as a paragraph in one place and vanish
 * in another.
 */

/** Elements that start or end a paragraph: a line break in the text. */
export const BLOCK_ELEMENTS: ReadonlySet<string> = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'caption', 'center', 'dd', 'details', 'dialog', 'dir', 'div',
  'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header',
  'hgroup', 'hr', 'legend', 'li', 'main', 'menu', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table',
  'tbody', 'tfoot', 'thead', 'tr', 'ul',
]);

/** Cells and replaced elements sit between words: a space, so "PKR</td><td>280" is not glued. */
export const SPACING_ELEMENTS: ReadonlySet<string> = new Set([
  'td', 'th', 'img', 'input', 'button', 'select', 'option', 'label', 'embed', 'textarea', 'picture',
]);

/** Elements whose content is never prose (code, styling, fallbacks, metadata): removed whole. */
export const DROPPED_ELEMENTS: ReadonlySet<string> = new Set([
  'script', 'style', 'noscript', 'template', 'iframe', 'svg', 'math', 'object', 'head', 'title',
  'noembed', 'noframes', 'video', 'audio', 'canvas',
]);

/** Inline elements: they disappear without a gap ("<b>bold</b>ly" is "boldly"). */
export const INLINE_ELEMENTS: ReadonlySet<string> = new Set([
  'a', 'abbr', 'b', 'bdi', 'bdo', 'big', 'cite', 'code', 'data', 'del', 'dfn', 'em', 'font', 'i', 'ins', 'kbd',
  'mark', 'q', 'rp', 'rt', 'ruby', 's', 'samp', 'small', 'span', 'strike', 'strong', 'sub', 'sup', 'time', 'tt',
  'u', 'var', 'wbr', 'html', 'body', 'link', 'meta', 'source', 'track', 'area', 'map', 'col', 'colgroup',
  'optgroup', 'output', 'progress', 'meter', 'plaintext', 'xmp', 'nobr',
]);

/**
 * Page furniture around an article, dropped by the "clean" reading of article bodies and pages
 * (issue #14, clean text first): images with their captions, and navigation, asides and forms.
 */
export const CLUTTER_ELEMENTS: ReadonlySet<string> = new Set(['figure', 'figcaption', 'aside', 'nav', 'footer', 'form']);

/** The containers a page's article sits in: never dropped for their classes ("post has-share"). */
export const CONTAINER_ELEMENTS: ReadonlySet<string> = new Set(['html', 'body', 'main', 'article']);

/** Elements an open `<p>` cannot contain: they close it implicitly, as in a browser. */
export function closesParagraph(name: string): boolean {
  return BLOCK_ELEMENTS.has(name) && name !== 'br';
}

/** Any name HTML defines that we know how to read; everything else in angle brackets may be prose. */
export function isKnownElement(name: string): boolean {
  return BLOCK_ELEMENTS.has(name) || SPACING_ELEMENTS.has(name) || DROPPED_ELEMENTS.has(name) || INLINE_ELEMENTS.has(name);
}

/** Class words that mark captions, credits, share bars, related links and sign-up boxes. */
const CLUTTER_CLASS_WORDS = new Set([
  'caption', 'credit', 'credits', 'share', 'sharing', 'social', 'related', 'newsletter', 'subscribe', 'readmore',
]);
/** Class prefixes glued to no separator by common plugins (sharedaddy, relatedposts, socialicons). */
const CLUTTER_CLASS_PREFIXES = ['share', 'social', 'related', 'newsletter', 'readmore'];
/** CMS taxonomy classes ("tag-social", "category-related") name a story's topic, not furniture. */
const TAXONOMY_CLASS = /^(?:tag|category|categories|topic)-/;

/**
 * True when a class attribute names clutter: a class such as `wp-caption-text`, `photo-credit`,
 * `image-credit`, `share-bar`, `social`, `related-posts`, `newsletter`, `subscribe`, `read-more`.
 * Whole words of a class are compared (split at "-" and "_"), not substrings, so
 * "subscriber-content" (a paywalled body) is kept.
 */
export function isClutterClass(classAttr: string | undefined): boolean {
  if (!classAttr) return false;
  for (const token of classAttr.toLowerCase().split(/\s+/)) {
    if (token === '' || TAXONOMY_CLASS.test(token)) continue;
    if (token.includes('read-more') || token.includes('read_more')) return true;
    if (CLUTTER_CLASS_PREFIXES.some((prefix) => token.startsWith(prefix))) return true;
    if (token.split(/[-_]/).some((word) => CLUTTER_CLASS_WORDS.has(word))) return true;
  }
  return false;
}
