import { scanHtml } from '../text/html-tokens.js';

/**
 * The article page's preview image: `og:image` (or its `:secure_url`/`:url`), then `twitter:image`.
 * Read with the same linear tokenizer as every other piece of HTML (src/text/html-tokens.ts, which
 * also caps the page), so attribute order, quoting and entities are handled and a hostile page
 * costs one pass.
 */
const PREFERENCE = ['og:image:secure_url', 'og:image', 'og:image:url', 'twitter:image', 'twitter:image:src'];

export function extractOgImage(html: string, pageUrl: string): string | undefined {
  const found = new Map<string, string>();
  scanHtml(html, {
    openTag(tag) {
      if (tag.name !== 'meta') return;
      const key = (tag.attrs.get('property') ?? tag.attrs.get('name') ?? '').toLowerCase();
      const content = tag.attrs.get('content')?.trim();
      if (content && PREFERENCE.includes(key) && !found.has(key)) found.set(key, content);
    },
    closeTag: () => undefined,
    text: () => undefined,
  });
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
