import { CARD_ROUTE_PREFIX, serveCard } from '../media/card-store.js';
import { sniffImageKind } from '../media/image-info.js';
import { safeFetch } from '../shared/http/safe-fetch.js';
import type { WebContext } from './web-context.js';

/**
 * The desk shows a post's image (and the images it may swap to) from its own origin: the page's
 * CSP allows same-origin images only, and a remote host must not learn who reads the desk. Every
 * remote image is fetched through the SSRF-safe fetch, served only when its bytes are a raster
 * image (never SVG or HTML, whatever the Content-Type said), and kept a few minutes so a page of
 * previews costs one fetch per image. Only URLs the desk itself chose (a draft's image, an
 * article's candidates) reach this; it is not an open proxy.
 */
export interface ProxiedImage {
  status: 200 | 404 | 502;
  contentType: string;
  body: Buffer;
}

const MAX_PREVIEW_BYTES = 8 * 1024 * 1024;
const TIMEOUT_MS = 8_000;
const TTL_MS = 5 * 60_000;
// At most 24 × 8 MiB held (news images are mostly well under 1 MiB): a page of previews, not an image store.
const CACHE_MAX = 24;
const TYPES: Record<string, string> = { jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp', avif: 'image/avif', bmp: 'image/bmp' };
const cache = new Map<string, { atMs: number; value: Promise<ProxiedImage> }>();

const problem = (status: 404 | 502, text: string): ProxiedImage => ({ status, contentType: 'text/plain; charset=utf-8', body: Buffer.from(`${text}\n`) });

/** A card Crier serves itself (`<publicBaseUrl>/media/cards/<id>.jpg`) is read from the store, not fetched back. */
function ownCardId(ctx: WebContext, url: string): string | undefined {
  const base = ctx.config.publicBaseUrl?.replace(/\/+$/, '');
  const prefix = base ? `${base}${CARD_ROUTE_PREFIX}/` : undefined;
  if (prefix && url.startsWith(prefix)) return url.slice(prefix.length);
  if (url.startsWith(`${CARD_ROUTE_PREFIX}/`)) return url.slice(CARD_ROUTE_PREFIX.length + 1);
  return undefined;
}

async function load(ctx: WebContext, url: string): Promise<ProxiedImage> {
  const cardId = ownCardId(ctx, url);
  if (cardId !== undefined) {
    const card = await serveCard((channel) => ctx.control.state(channel), cardId);
    return card.status === 200 ? { status: 200, contentType: card.contentType, body: card.body } : problem(404, 'card expired');
  }
  const got = await safeFetch(url, { maxBytes: MAX_PREVIEW_BYTES, timeoutMs: TIMEOUT_MS, accept: 'image/*' });
  if (!got.ok) return problem(502, `image not read: ${got.problem}`);
  const kind = sniffImageKind(got.bytes);
  if (!kind) return problem(502, 'not an image');
  return { status: 200, contentType: TYPES[kind] ?? 'application/octet-stream', body: got.bytes };
}

export function proxiedImage(ctx: WebContext, url: string, nowMs = Date.now()): Promise<ProxiedImage> {
  const hit = cache.get(url);
  if (hit && nowMs - hit.atMs < TTL_MS) return hit.value;
  const value = load(ctx, url);
  // A failure is not remembered: the next view tries again.
  void value.then((v) => (v.status === 200 ? undefined : cache.delete(url)), () => cache.delete(url));
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value ?? '');
  cache.set(url, { atMs: nowMs, value });
  return value;
}
