import type { ImageRules } from '../media/image-info.js';
import { extractOgImage } from '../media/og-image.js';
import { INSTAGRAM_IMAGE_RULES } from '../publishers/instagram/instagram-image.js';
import { LINKEDIN_IMAGE_MAX_BYTES } from '../publishers/linkedin/linkedin-image.js';
import { MASTODON_IMAGE_MAX_BYTES } from '../publishers/mastodon/mastodon-media.js';
import { BLUESKY_THUMB_MAX_BYTES } from '../publishers/bluesky/bluesky-publisher.js';
import { safeFetch } from '../shared/http/safe-fetch.js';
import { scanHtml } from '../text/html-tokens.js';

/**
 * The images an editor may put on a post instead of the one it has (issue #15): the feed item's
 * image, the article page's og:image, the images in the article page, and a generated headline
 * card. The page is read only through the SSRF-safe fetch, capped, and remembered for a few
 * minutes so the chooser and the swap that follows read it once.
 */
export type ImageSource = 'feed' | 'og:image' | 'article' | 'card';

export interface ImageCandidate {
  source: ImageSource;
  /** Absent for the card, which is drawn when chosen. */
  url?: string;
}

/** Enough to choose from; an article with more images repeats itself (logos, ads, related stories). */
export const MAX_ARTICLE_IMAGES = 8;
const MAX_URL_CHARS = 2_000;
const PAGE_MAX_BYTES = 2 * 1024 * 1024;
const PAGE_TIMEOUT_MS = 8_000;
const CACHE_TTL_MS = 10 * 60_000;
const CACHE_MAX = 200;

/** What each network accepts, as far as Crier checks it before a swap: its `ImageRules` where it declares them, else a byte cap. */
export function imageCheckFor(network: string): { rules?: ImageRules; maxBytes: number } {
  switch (network) {
    case 'instagram':
      return { rules: INSTAGRAM_IMAGE_RULES, maxBytes: INSTAGRAM_IMAGE_RULES.maxBytes };
    case 'linkedin':
      return { maxBytes: LINKEDIN_IMAGE_MAX_BYTES };
    case 'mastodon':
      return { maxBytes: MASTODON_IMAGE_MAX_BYTES };
    case 'bluesky':
      return { maxBytes: BLUESKY_THUMB_MAX_BYTES };
    default:
      // X's media upload takes images up to 5 MB; Telegram and Discord fetch by URL within similar limits.
      return { maxBytes: 5 * 1024 * 1024 };
  }
}

function httpUrl(raw: string | undefined, base: string): string | undefined {
  if (!raw || raw.length > MAX_URL_CHARS || raw.startsWith('data:')) return undefined;
  try {
    const u = new URL(raw, base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : undefined;
  } catch {
    return undefined;
  }
}

/** `<img src>` (or the first `srcset` entry) in page order, deduplicated, at most MAX_ARTICLE_IMAGES. */
export function articleImages(html: string, pageUrl: string): string[] {
  const found: string[] = [];
  scanHtml(html, {
    openTag(tag) {
      if (tag.name !== 'img' || found.length >= MAX_ARTICLE_IMAGES * 2) return;
      const src = tag.attrs.get('src') ?? tag.attrs.get('data-src') ?? (tag.attrs.get('srcset') ?? '').trim().split(/\s+/, 1)[0];
      const url = httpUrl(src, pageUrl);
      if (url && !found.includes(url)) found.push(url);
    },
    closeTag: () => undefined,
    text: () => undefined,
  });
  return found.slice(0, MAX_ARTICLE_IMAGES);
}

const cache = new Map<string, { atMs: number; value: Promise<ImageCandidate[]> }>();

async function readPage(articleUrl: string): Promise<{ og?: string; images: string[] }> {
  const page = await safeFetch(articleUrl, { maxBytes: PAGE_MAX_BYTES, timeoutMs: PAGE_TIMEOUT_MS, accept: 'text/html,application/xhtml+xml' });
  if (!page.ok) return { images: [] };
  const text = page.bytes.toString('utf8');
  const og = extractOgImage(text, page.finalUrl);
  return { ...(og ? { og } : {}), images: articleImages(text, page.finalUrl) };
}

/** The candidates for an article, in the order offered; `withCard` when Crier can serve a generated card. */
export function imageCandidates(article: { key: string; url: string; imageUrl?: string | undefined }, withCard: boolean, nowMs = Date.now()): Promise<ImageCandidate[]> {
  const hit = cache.get(article.key);
  if (hit && nowMs - hit.atMs < CACHE_TTL_MS) return hit.value;
  const value = (async () => {
    const out: ImageCandidate[] = [];
    const add = (source: ImageSource, url: string | undefined) => {
      if (url && !out.some((c) => c.url === url)) out.push({ source, url });
    };
    add('feed', httpUrl(article.imageUrl, article.url));
    const page = await readPage(article.url);
    add('og:image', page.og);
    for (const img of page.images) add('article', img);
    if (withCard) out.push({ source: 'card' });
    return out;
  })();
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value ?? '');
  cache.set(article.key, { atMs: nowMs, value });
  return value;
}
