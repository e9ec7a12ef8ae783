import { decodeHTML } from 'entities';

/**
 * The article page's preview image: `og:image` (or its `:secure_url`/`:url`), then `twitter:image`.
 * A regex over `<meta>` tags is enough here: we only need one attribute pair, attribute order and
 * quoting vary, and a full HTML parser would be a dependency for one line of work.
 */
const META_RE = /<meta\b[^>]*>/gi;
const ATTR_RE = /([a-zA-Z_:-]+)\s*=\s*("([^"]*)"|'([^']*)'|([^\s"'>]+))/g;
const PREFERENCE = ['og:image:secure_url', 'og:image', 'og:image:url', 'twitter:image', 'twitter:image:src'];

function attributes(tag: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of tag.matchAll(ATTR_RE)) out.set((m[1] ?? '').toLowerCase(), decodeHTML(m[3] ?? m[4] ?? m[5] ?? ''));
  return out;
}

export function extractOgImage(html: string, pageUrl: string): string | undefined {
  const found = new Map<string, string>();
  for (const [tag] of html.matchAll(META_RE)) {
    const a = attributes(tag);
    const key = (a.get('property') ?? a.get('name') ?? '').toLowerCase();
    const content = a.get('content')?.trim();
    if (content && PREFERENCE.includes(key) && !found.has(key)) found.set(key, content);
  }
  for (const key of PREFERENCE) {
    const value = found.get(key);
    if (!value) continue;
    try {
      const url = new URL(value, pageUrl);
      if (url.protocol === 'http:' || url.protocol === 'https:') return url.toString();
    } catch {
      // not a URL: try the next candidate
    }
  }
  return undefined;
}
