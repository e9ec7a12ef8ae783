/**
 * Bluesky does not auto-link: every link and hashtag in a post needs a facet, and facet
 * offsets are UTF-8 *byte* offsets into the text (start inclusive, end exclusive), not JS
 * string indices. A post in Urdu or with an emoji before the link puts the byte offset far
 * from the UTF-16 index, which is exactly where hand-rolled facets go wrong.
 */
import type { LinkSpan } from './bluesky-links.js';

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
 * Facets for the links, already placed in `text` (`shortenLinks`, or `findLinks` for a text posted
 * as is), and for the post's own hashtags (`#Tag` standing alone). Sorted by position.
 */
export function buildFacets(text: string, opts: { links: readonly LinkSpan[]; hashtags?: readonly string[] }): Facet[] {
  const spans: Span[] = opts.links.map((l) => ({ start: l.start, end: l.end, feature: { $type: 'app.bsky.richtext.facet#link', uri: l.uri } }));
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
