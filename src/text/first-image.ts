import { scanHtml } from './html-tokens.js';

/**
 * First `<img src>` of an HTML fragment, entity-decoded but not resolved (the caller knows the
 * base URL). Tracking pixels (width or height 1) are skipped because they make terrible link
 * previews, and so are `data:` URLs. Images inside scripts are code, not images, and are not seen.
 */
export function firstImageSrc(html: string): string | undefined {
  let found: string | undefined;
  scanHtml(html, {
    openTag(tag) {
      if (found !== undefined || tag.name !== 'img') return;
      if (tag.attrs.get('width')?.trim() === '1' || tag.attrs.get('height')?.trim() === '1') return;
      const src = tag.attrs.get('src')?.trim();
      if (src && !src.toLowerCase().startsWith('data:')) found = src;
    },
    closeTag: () => undefined,
    text: () => undefined,
  });
  return found;
}
