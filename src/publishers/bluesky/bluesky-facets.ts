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
/** Bluesky's own detector (`RichText.detectFacets`) skips tags longer than 64 UTF-16 units; so do we. */
const MAX_TAG_UNITS = 64;
/** Characters that end a tag as whitespace does (zero-width spaces, soft hyphen, keycap). */
// eslint-disable-next-line no-misleading-character-class -- single code points on purpose (ZWJ, keycap), as @atproto/api's TAG_REGEX
const TAG_BREAK_RE = /[\u00AD\u2060\u200A\u200B\u200C\u200D\u20e2]/u;
const TRAILING_PUNCTUATION_RE = /\p{P}$/u;
const TAG_BODY_RE = /[^\d\s\p{P}]/u;

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
 * Every hashtag in the post, found the way Bluesky's clients find them (`detectFacets` in
 * @atproto/api): "#" or "＃" at the start or after whitespace, up to whitespace or a zero-width
 * break, trailing punctuation dropped, at least one character that is not a digit or punctuation.
 * So a tag that came with the headline ("… officials #Defence") is clickable too. One pass over
 * the whitespace-separated tokens of a post that is at most 3,000 bytes.
 */
export function findTags(text: string): Array<{ start: number; end: number; tag: string }> {
  const out: Array<{ start: number; end: number; tag: string }> = [];
  for (const m of text.matchAll(/\S+/gu)) {
    const token = m[0];
    if (token[0] !== '#' && token[0] !== '＃') continue;
    let body = token.slice(1);
    const brk = TAG_BREAK_RE.exec(body);
    if (brk) body = body.slice(0, brk.index);
    if (body.startsWith('\ufe0f')) continue;
    while (body !== '' && TRAILING_PUNCTUATION_RE.test(body)) body = body.replace(TRAILING_PUNCTUATION_RE, '');
    if (body === '' || body.length > MAX_TAG_UNITS || utf8Length(body) > MAX_TAG_BYTES || !TAG_BODY_RE.test(body)) continue;
    out.push({ start: m.index, end: m.index + 1 + body.length, tag: body });
  }
  return out;
}

/**
 * Facets for the links, already placed in `text` (`shortenLinks`, or `findLinks` for a text posted
 * as is), and for every hashtag in the text (see findTags; `hashtags` is accepted for callers that
 * pass the draft's list, but every tag in the text gets its facet, not only those). Sorted by position.
 */
export function buildFacets(text: string, opts: { links: readonly LinkSpan[]; hashtags?: readonly string[] }): Facet[] {
  const spans: Span[] = opts.links.map((l) => ({ start: l.start, end: l.end, feature: { $type: 'app.bsky.richtext.facet#link', uri: l.uri } }));
  for (const t of findTags(text)) {
    if (!overlaps(spans, t.start, t.end)) spans.push({ start: t.start, end: t.end, feature: { $type: 'app.bsky.richtext.facet#tag', tag: t.tag } });
  }
  return spans
    .sort((a, b) => a.start - b.start)
    .map((s) => {
      const byteStart = utf8Length(text.slice(0, s.start));
      return { index: { byteStart, byteEnd: byteStart + utf8Length(text.slice(s.start, s.end)) }, features: [s.feature] };
    });
}
