/**
 * One spelling per story URL, so that "?utm_source=rss", a "#comments" anchor or a re-ordered
 * query string do not make the same story look new. The scheme is kept here (the canonical URL
 * is also shown to people); `identity.ts` is where http and https count as the same story.
 */

/**
 * Query parameters that only say where a click came from. Removing one that actually selects
 * content would merge two stories, so the list is conservative: plain `ref` stays (some CMSs
 * use it for real), its unambiguous tracking cousins go. `utm_*` is matched by prefix.
 */
export const TRACKING_PARAMS: ReadonlySet<string> = new Set([
  'fbclid',
  'gclid',
  'dclid',
  'gbraid',
  'wbraid',
  'msclkid',
  'yclid',
  'twclid',
  'igshid',
  'mc_cid',
  'mc_eid',
  'xtor',
  'ocid',
  'cmpid',
  '_ga',
  '_gl',
  'ref_src',
  'ref_url',
]);

const TRACKING_PREFIXES = ['utm_'];

// RFC 3986 §2.3 unreserved characters never need escaping, so "%7E" and "~" are the same URL.
const UNRESERVED = /^[A-Za-z0-9\-._~]$/;

export function isTrackingParam(name: string): boolean {
  const lower = name.toLowerCase();
  return TRACKING_PARAMS.has(lower) || TRACKING_PREFIXES.some((prefix) => lower.startsWith(prefix));
}

/**
 * Canonical form of an absolute http(s) URL, or undefined when it is not one.
 * Lower-case scheme and host, default port dropped, credentials dropped, fragment dropped
 * (except "#!" hash-bang routes, which identify a page), tracking parameters removed,
 * remaining parameters sorted, percent-escapes normalised, no empty "?".
 */
export function canonicaliseUrl(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  if (!parsed.hostname) return undefined;

  const host = parsed.host.replace(/\.(?=$|:)/, '');
  const path = normaliseEscapes(parsed.pathname || '/');
  const query = canonicalQuery(parsed.search);
  const fragment = parsed.hash.startsWith('#!') ? parsed.hash : '';
  return `${parsed.protocol}//${host}${path}${query ? `?${query}` : ''}${fragment}`;
}

function canonicalQuery(search: string): string {
  if (search.length <= 1) return '';
  const kept = search
    .slice(1)
    .split('&')
    .filter((pair) => pair !== '')
    .filter((pair) => !isTrackingParam(safeDecode(pair.split('=', 1)[0] ?? '')))
    .map(normaliseEscapes);
  // Sort on the raw pair so "a=2&a=1" has one order; stable sort keeps it deterministic.
  kept.sort((left, right) => (left < right ? -1 : left > right ? 1 : 0));
  return kept.join('&');
}

function normaliseEscapes(part: string): string {
  return part.replace(/%([0-9a-fA-F]{2})/g, (_escape, hex: string) => {
    const char = String.fromCharCode(parseInt(hex, 16));
    return UNRESERVED.test(char) ? char : `%${hex.toUpperCase()}`;
  });
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

/** Resolve a possibly relative reference; undefined when it cannot be made absolute. */
export function resolveUrl(reference: string | undefined, base: string | undefined): string | undefined {
  const trimmed = reference?.trim();
  if (!trimmed) return undefined;
  try {
    return base ? new URL(trimmed, base).href : new URL(trimmed).href;
  } catch {
    try {
      return new URL(trimmed).href;
    } catch {
      return undefined;
    }
  }
}
