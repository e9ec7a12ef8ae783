/**
 * Bluesky counts every character of a post, links included, and a link is a facet over any text
 * we like. So, as Bluesky's own app does, a post shows a short form of each link
 * (`southasiandesk.example/news/pakistan-t…`) while the facet points at the full URL with its
 * UTM parameters: a 110-character tracking URL would otherwise eat a third of the 300 graphemes.
 * Drafts keep the full URL (editors see and edit it); the length counter and the publisher both
 * go through `shortenLinks`, so what is counted is what is posted.
 */

/** Longest link text shown, in characters, "…" included. */
export const BLUESKY_LINK_DISPLAY_MAX_CHARS = 30;

/** Bare http(s) links (the draft's own URL is also matched exactly, so one ending in ")" stays whole). */
const URL_RE = /https?:\/\/[^\s<>"]+/giu;
/** Punctuation that ends a sentence rather than a link. */
const TRAILING_PUNCT_RE = /[.,;:!?'"”’)\]}]+$/u;
/** What may follow a whole link: the end, a space, or sentence punctuation then a space or the end. */
const KNOWN_URL_END_RE = /^(?:[.,;:!?'"”’)\]}]*(?:\s|$))/u;

export interface LinkSpan {
  /** UTF-16 offsets into the text the span was found in (or, from `shortenLinks`, into the shortened text). */
  start: number;
  end: number;
  uri: string;
}

/** Host without "www." and the path, no query or fragment; cut with "…" past the maximum. */
export function displayUrl(uri: string): string {
  let shown: string;
  try {
    const u = new URL(uri);
    shown = `${u.host.replace(/^www\./i, '')}${u.pathname === '/' ? '' : u.pathname}`;
  } catch {
    shown = uri.replace(/^https?:\/\//i, '');
  }
  const chars = Array.from(shown);
  return chars.length <= BLUESKY_LINK_DISPLAY_MAX_CHARS ? shown : `${chars.slice(0, BLUESKY_LINK_DISPLAY_MAX_CHARS - 1).join('')}…`;
}

/** Every link in `text`: each of `knownUrls` matched exactly, then any other http(s) link; by position, never overlapping. */
export function findLinks(text: string, knownUrls: readonly string[] = []): LinkSpan[] {
  const found: LinkSpan[] = [];
  const taken = (start: number, end: number) => found.some((f) => start < f.end && f.start < end);
  for (const url of knownUrls) {
    if (!url) continue;
    for (let at = text.indexOf(url); at !== -1; at = text.indexOf(url, at + url.length)) {
      // Only the whole link: `https://a.example/x` must not match the start of `https://a.example/x/y`.
      const whole = KNOWN_URL_END_RE.test(text.slice(at + url.length, at + url.length + 8));
      if (whole && !taken(at, at + url.length)) found.push({ start: at, end: at + url.length, uri: url });
    }
  }
  if (/https?:\/\//i.test(text)) {
    for (const m of text.matchAll(URL_RE)) {
      const uri = m[0].replace(TRAILING_PUNCT_RE, '');
      const start = m.index ?? 0;
      if (uri.length > 'https://'.length && !taken(start, start + uri.length)) found.push({ start, end: start + uri.length, uri });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/** The text as posted (each link in its short form) and where each link now sits in it. */
export function shortenLinks(text: string, knownUrls: readonly string[] = []): { text: string; links: LinkSpan[] } {
  const found = findLinks(text, knownUrls);
  if (found.length === 0) return { text, links: [] };
  let out = '';
  let from = 0;
  const links: LinkSpan[] = [];
  for (const f of found) {
    out += text.slice(from, f.start);
    const shown = displayUrl(f.uri);
    links.push({ start: out.length, end: out.length + shown.length, uri: f.uri });
    out += shown;
    from = f.end;
  }
  return { text: out + text.slice(from), links };
}
