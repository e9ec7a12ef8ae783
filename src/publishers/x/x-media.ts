/**
 * The article image: fetched from the publisher's site, then uploaded through the v2 chunked
 * media upload (initialize → append → finalize, then STATUS while X processes it). Any failure
 * here is reported to the caller, which posts without the image.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { safeFetch } from '../../shared/http/safe-fetch.js';
import type { XApi } from './x-client.js';

/** X's photo cap (network-apis.md §1): larger images are rejected by the upload anyway. */
export const X_MAX_IMAGE_BYTES = 5 * 1024 * 1024;
/** twitter-api-v2 uses 1 MiB segments for the same endpoint. */
export const X_MEDIA_CHUNK_BYTES = 1024 * 1024;
/** Images normally need no processing; this bounds the STATUS polling when X says otherwise. */
export const X_MAX_MEDIA_PROCESSING_MS = 30_000;
/** X keeps an unattached upload for about a day (`expires_after_secs`); reuse it well within that. */
export const X_MEDIA_REUSE_MS = 6 * 3_600_000;

export interface FetchedImage {
  bytes: Buffer;
  mediaType: string;
}

/**
 * Fetches the feed's image through the SSRF-safe fetch (the URL is whatever the feed says, so it
 * may point at loopback or redirect there), with a size cap, a content-type check and a timeout;
 * throws with a readable reason.
 */
export async function fetchImage(url: string, opts: { timeoutMs: number; maxBytes?: number; signal?: AbortSignal }): Promise<FetchedImage> {
  const maxBytes = opts.maxBytes ?? X_MAX_IMAGE_BYTES;
  if (!/^https?:\/\//i.test(url)) throw new Error(`image URL is not http(s): ${url.slice(0, 100)}`);
  const got = await safeFetch(url, { maxBytes, timeoutMs: opts.timeoutMs, accept: 'image/*', ...(opts.signal ? { signal: opts.signal } : {}) });
  if (!got.ok) throw new Error(`image fetch failed: ${got.problem}`);
  if (!got.contentType.startsWith('image/')) throw new Error(`image has content-type "${got.contentType || 'none'}", not image/*`);
  if (got.bytes.length === 0) throw new Error('image is empty');
  return { bytes: got.bytes, mediaType: got.contentType };
}

interface ProcessingInfo {
  state?: 'pending' | 'in_progress' | 'failed' | 'succeeded';
  check_after_secs?: number;
  error?: { message?: string };
}

/** Chunked v2 upload; resolves to the media id to put in `media.media_ids`. */
export async function uploadImage(api: XApi, image: FetchedImage, signal: AbortSignal): Promise<string> {
  const init = await api.post<{ data?: { id?: string } }>(
    'media/upload/initialize',
    { media_type: image.mediaType, total_bytes: image.bytes.length, media_category: 'tweet_image' },
    { idempotent: true },
  );
  const mediaId = init.data?.id;
  if (!mediaId) throw new Error('media upload: initialize returned no id');
  for (let i = 0; i * X_MEDIA_CHUNK_BYTES < image.bytes.length; i++) {
    const segment = image.bytes.subarray(i * X_MEDIA_CHUNK_BYTES, (i + 1) * X_MEDIA_CHUNK_BYTES);
    await api.post(`media/upload/${mediaId}/append`, { segment_index: i, media: Buffer.from(segment) }, { formData: true, idempotent: true });
  }
  const final = await api.post<{ data?: { processing_info?: ProcessingInfo } }>(`media/upload/${mediaId}/finalize`, undefined, { idempotent: true });
  let info = final.data?.processing_info;
  const deadline = Date.now() + X_MAX_MEDIA_PROCESSING_MS;
  while (info && info.state !== 'succeeded') {
    if (info.state === 'failed') throw new Error(`media processing failed: ${info.error?.message ?? 'no reason given'}`);
    if (Date.now() >= deadline) throw new Error('media processing did not finish in time');
    // An abort ends the wait by throwing the signal's reason (the caller then posts without the image).
    await delay(Math.min(Math.max(1, info.check_after_secs ?? 1) * 1000, deadline - Date.now()), undefined, { signal }).catch((err: unknown) => {
      throw signal.aborted ? (signal.reason as Error) : err;
    });
    const status = await api.get<{ data?: { processing_info?: ProcessingInfo } }>('media/upload', { command: 'STATUS', media_id: mediaId });
    info = status.data?.processing_info;
  }
  return mediaId;
}
