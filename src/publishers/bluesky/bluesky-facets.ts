/**
 * Bluesky does not auto-link: every link and hashtag in a post needs a facet, and facet
 * offsets are UTF-8 *byte* offsets into the text (start inclusive, end exclusive), not JS
 * string indices. A post in Urdu or with an emoji before the link puts the byte offset far
 * from the UTF-16 index, which is exactly where hand-rolled facets go wrong.
 */

export interface LinkFeature {
  $type: 'app.bsky.richtext.facet#link';
  uri: string;
}

export interface TagFeature {
  $type: 'app.bsky.richtext.facet#tag';
  /** Without the leading '#'. */
  tag: string;
}

export interface Facet {
  index: { byteStart: number; byteEnd: number };
  features: (LinkFeature | TagFeature)[];
}

const utf8 = new TextEncoder();
/** Bare http(s) links elsewhere in the text (a summary may quote one). */
const URL_RE = /https?:\/\/[^\s<>"]+/giu;
/** Punctuation that ends a sentence rather than a link. */
const TRAILING_PUNCT_RE = /[.,;:!?'"”’)\]}]+$/u;
/** The lexicon limit for a tag facet (`app.bsky.richtext.facet#tag`: maxLength 640 bytes, 64 graphemes). */
const MAX_TAG_BYTES = 640;

export function utf8Length(text: string): number {
  return utf8.encode(text).length;
}

interface Span {
  start: number;
  end: number;
  feature: LinkFeature | TagFeature;
}

function overlaps(spans: readonly Span[], start: number, end: number): boolean {
  return spans.some((s) => start < s.end && s.start < end);
}

/**
 * Facets for `knownUrls` (matched exactly, so a URL ending in ")" stays whole), any other
 * http(s) link, and the post's own hashtags (`#Tag` standing alone). Sorted by position.
 */
export function buildFacets(text: string, opts: { knownUrls?: readonly string[]; hashtags?: readonly string[] } = {}): Facet[] {
  const spans: Span[] = [];
  for (const url of opts.knownUrls ?? []) {
    if (!url) continue;
    for (let at = text.indexOf(url); at !== -1; at = text.indexOf(url, at + url.length)) {
      if (!overlaps(spans, at, at + url.length)) spans.push({ start: at, end: at + url.length, feature: { $type: 'app.bsky.richtext.facet#link', uri: url } });
    }
  }
  for (const m of text.matchAll(URL_RE)) {
    const uri = m[0].replace(TRAILING_PUNCT_RE, '');
    const start = m.index ?? 0;
    if (uri.length > 'https://'.length && !overlaps(spans, start, start + uri.length)) {
      spans.push({ start, end: start + uri.length, feature: { $type: 'app.bsky.richtext.facet#link', uri } });
    }
  }
  for (const tag of new Set(opts.hashtags ?? [])) {
    if (!tag || utf8Length(tag) > MAX_TAG_BYTES) continue;
    const needle = `#${tag}`;
    for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) {
      const end = at + needle.length;
      const before = at === 0 ? ' ' : text[at - 1] ?? ' ';
      const after = text.slice(end, end + 1);
      // Only a standalone tag: "#Pak" must not match inside "#Pakistan" or "x#Pak".
      if (/\s/u.test(before) && (after === '' || /[\s\p{P}]/u.test(after)) && !overlaps(spans, at, end)) {
        spans.push({ start: at, end, feature: { $type: 'app.bsky.richtext.facet#tag', tag } });
      }
    }
  }
  return spans
    .sort((a, b) => a.start - b.start)
    .map((s) => {
      const byteStart = utf8Length(text.slice(0, s.start));
      return { index: { byteStart, byteEnd: byteStart + utf8Length(text.slice(s.start, s.end)) }, features: [s.feature] };
    });
}
