/**
 * WebSub discovery (W3C WebSub §4): the hub and self (topic) URLs of a feed. The HTTP Link header
 * of the feed's response wins over links inside the document, as the spec says; either source must
 * give both a hub and a self URL, or that source is not used. Everything here came from the feed's
 * server, so the header is read by one linear pass, capped in length and in links, and only
 * absolute http(s) URLs come out.
 */

export const MAX_LINK_HEADER_CHARS = 8_192;
const MAX_LINKS = 32;
const MAX_URL_CHARS = 2_048;

export interface LinkValue {
  url: string;
  /** Lower-cased rel values (a Link may carry several: rel="hub self"). */
  rels: string[];
}

export interface Discovery {
  hub: string;
  self: string;
  from: 'link-header' | 'feed';
}

/** RFC 8288 Link header values, as far as discovery needs them: target and rel. Never throws. */
export function parseLinkHeader(header: string | undefined): LinkValue[] {
  const text = (header ?? '').slice(0, MAX_LINK_HEADER_CHARS);
  const out: LinkValue[] = [];
  let at = 0;
  while (at < text.length && out.length < MAX_LINKS) {
    const open = text.indexOf('<', at);
    if (open === -1) break;
    const close = text.indexOf('>', open + 1);
    if (close === -1) break;
    const url = text.slice(open + 1, close).trim();
    const { params, end } = readParams(text, close + 1);
    at = end;
    const rels = (params.get('rel') ?? '').toLowerCase().split(/[ \t]+/).filter(Boolean);
    if (url.length <= MAX_URL_CHARS) out.push({ url, rels });
  }
  return out;
}

/** `; name=value; name="quoted, value"` up to the comma that ends this link; one pass, no backtracking. */
function readParams(text: string, from: number): { params: Map<string, string>; end: number } {
  const params = new Map<string, string>();
  let i = from;
  let name = '';
  let value = '';
  let state: 'name' | 'value' | 'quoted' = 'name';
  const flush = () => {
    const key = name.trim().toLowerCase();
    if (key && !params.has(key)) params.set(key, value.trim());
    name = '';
    value = '';
    state = 'name';
  };
  for (; i < text.length; i++) {
    const ch = text[i] ?? '';
    if (state === 'quoted') {
      if (ch === '\\' && i + 1 < text.length) value += text[++i];
      else if (ch === '"') state = 'value';
      else value += ch;
    } else if (ch === ',') {
      break;
    } else if (ch === ';') {
      flush();
    } else if (state === 'name') {
      if (ch === '=') state = 'value';
      else name += ch;
    } else if (ch === '"') {
      state = 'quoted';
    } else {
      value += ch;
    }
  }
  flush();
  return { params, end: i + 1 };
}

/** An absolute http(s) URL resolved against `base`, without a fragment; undefined for anything else. */
export function httpUrl(reference: string | undefined, base?: string): string | undefined {
  if (!reference || reference.length > MAX_URL_CHARS) return undefined;
  try {
    const url = base ? new URL(reference, base) : new URL(reference);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    if (url.username || url.password) return undefined;
    url.hash = '';
    return url.href;
  } catch {
    return undefined;
  }
}

/**
 * The hub and topic to subscribe to: from the Link header when it names both, else from the
 * feed's own links. Relative header targets resolve against the URL the feed was fetched from.
 */
export function discoverHub(input: { linkHeader?: string | undefined; feedHub?: string | undefined; feedSelf?: string | undefined; fetchedUrl: string }): Discovery | undefined {
  const links = parseLinkHeader(input.linkHeader);
  const find = (rel: string) => {
    for (const link of links) if (link.rels.includes(rel)) return httpUrl(link.url, input.fetchedUrl);
    return undefined;
  };
  const headerHub = find('hub');
  const headerSelf = find('self');
  if (headerHub && headerSelf) return { hub: headerHub, self: headerSelf, from: 'link-header' };
  const feedHub = httpUrl(input.feedHub);
  const feedSelf = httpUrl(input.feedSelf);
  if (feedHub && feedSelf) return { hub: feedHub, self: feedSelf, from: 'feed' };
  return undefined;
}
