import type { Logger } from 'pino';
import type { StateStore } from '../shared/state-store.js';
import { type CardBrand, renderCard } from './card-render.js';
import { cardUrl, putCard } from './card-store.js';
import { toFittingJpeg } from './image-convert.js';
import { type ImageRules, imageMisfit } from './image-info.js';
import { extractOgImage } from './og-image.js';
import { safeFetch } from '../shared/http/safe-fetch.js';

/**
 * Picks the image for a network that cannot post without one (Instagram, an image-first network),
 * by the `ImageRules` it declares, in order:
 *   1. the feed item's image (enclosure, media:content, media:thumbnail, first <img>),
 *   2. the article page's og:image,
 *   3. a generated card with the headline.
 * A remote JPEG that already meets the rules is passed through as its own URL; anything else is
 * converted and served by Crier from `publicBaseUrl` (so is the card).
 */

export interface ImageFetchLimits {
  timeoutMs: number;
  maxImageBytes: number;
  maxPageBytes: number;
  allowPrivateHosts: boolean;
}

export const DEFAULT_IMAGE_FETCH_LIMITS: ImageFetchLimits = {
  timeoutMs: 10_000,
  maxImageBytes: 20 * 1024 * 1024,
  maxPageBytes: 2 * 1024 * 1024,
  allowPrivateHosts: false,
};

export interface ImageSelectInput {
  imageUrl?: string;
  articleUrl: string;
  headline: string;
  channel: string;
  state: StateStore;
  publicBaseUrl?: string;
  publicationName: string;
  brand?: CardBrand;
  footerHint?: string;
  limits: ImageFetchLimits;
  /** What the network accepts as it is; anything else is converted to meet it. */
  rules: ImageRules;
  signal: AbortSignal;
  log: Logger;
}

export interface SelectedImage {
  url: string;
  source: 'feed' | 'og:image' | 'card';
  /** True when Crier serves a converted copy rather than the original URL. */
  converted: boolean;
  /** Why earlier candidates were skipped, for the receipt. */
  notes: string[];
}

export function domainOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return '';
  }
}

async function ogImageOf(input: ImageSelectInput, notes: string[]): Promise<string | undefined> {
  const page = await safeFetch(input.articleUrl, {
    maxBytes: input.limits.maxPageBytes,
    timeoutMs: input.limits.timeoutMs,
    allowPrivateHosts: input.limits.allowPrivateHosts,
    accept: 'text/html,application/xhtml+xml',
    signal: input.signal,
  });
  if (!page.ok) {
    notes.push(`article page not read: ${page.problem}`);
    return undefined;
  }
  return extractOgImage(page.bytes.toString('utf8'), page.finalUrl);
}

export async function selectImage(input: ImageSelectInput): Promise<SelectedImage | { url?: undefined; notes: string[] }> {
  const notes: string[] = [];
  const candidates: Array<{ source: 'feed' | 'og:image'; url: () => Promise<string | undefined> }> = [
    { source: 'feed', url: async () => input.imageUrl },
    { source: 'og:image', url: () => ogImageOf(input, notes) },
  ];
  for (const c of candidates) {
    const url = await c.url();
    if (!url) continue;
    const got = await safeFetch(url, {
      maxBytes: input.limits.maxImageBytes,
      timeoutMs: input.limits.timeoutMs,
      allowPrivateHosts: input.limits.allowPrivateHosts,
      accept: 'image/jpeg,image/*;q=0.8',
      signal: input.signal,
    });
    if (!got.ok) {
      notes.push(`${c.source} image skipped: ${got.problem}`);
      continue;
    }
    const misfit = imageMisfit(got.bytes, input.rules);
    if (!misfit) return { url, source: c.source, converted: false, notes };
    if (!input.publicBaseUrl) {
      notes.push(`${c.source} image needs converting (${misfit}) but publicBaseUrl is not set`);
      continue;
    }
    try {
      const jpeg = await toFittingJpeg(got.bytes, input.rules, { padColour: input.brand?.primaryColour ?? '#000000' });
      const id = await putCard(input.state, input.channel, jpeg.bytes);
      input.log.debug({ source: c.source, misfit, width: jpeg.width, height: jpeg.height }, 'converted the image to the network rules');
      return { url: cardUrl(input.publicBaseUrl, id), source: c.source, converted: true, notes };
    } catch (err) {
      notes.push(`${c.source} image not convertible: ${(err as Error).message}`);
    }
  }
  if (!input.publicBaseUrl) return { notes: [...notes, 'no usable image and no publicBaseUrl to serve a generated card'] };
  const card = await renderCard({
    headline: input.headline,
    publicationName: input.publicationName,
    footer: domainOf(input.articleUrl),
    ...(input.footerHint ? { footerHint: input.footerHint } : {}),
    ...(input.brand ? { brand: input.brand } : {}),
  });
  // The card is drawn once (4:5 portrait); a network whose rules it misses gets it reshaped, not refused.
  const fitted = imageMisfit(card, input.rules) === undefined ? card : (await toFittingJpeg(card, input.rules, { padColour: input.brand?.primaryColour ?? '#000000' })).bytes;
  const id = await putCard(input.state, input.channel, fitted);
  return { url: cardUrl(input.publicBaseUrl, id), source: 'card', converted: true, notes };
}
