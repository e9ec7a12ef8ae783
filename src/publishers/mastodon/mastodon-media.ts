import { setTimeout as delay } from 'node:timers/promises';
import { isPublishError } from '../errors.js';
import { sendHttp } from '../http-client.js';
import { safeFetch } from '../../shared/http/safe-fetch.js';
import { classify } from './mastodon-classify.js';

/**
 * `POST /api/v2/media` answers 200 when the image was processed synchronously and 202 (with
 * `url: null`) when it is still processing; then `GET /api/v1/media/:id` answers 206 until it
 * is ready and 200 after. A status may only reference a processed attachment.
 */
/** Mastodon's default image limit is 16 MB (10 MB before 4.x); stay under the older one. */
export const MASTODON_IMAGE_MAX_BYTES = 10 * 1024 * 1024;

export interface MediaTiming {
  pollIntervalMs: number;
  maxPolls: number;
}

const IMAGE_FETCH_TIMEOUT_MS = 10_000;

export const DEFAULT_MEDIA_TIMING: MediaTiming = { pollIntervalMs: 1_000, maxPolls: 30 };

export interface MediaRequest {
  apiBaseUrl: string;
  token: string;
  imageUrl: string;
  description: string;
  signal: AbortSignal;
  timing: MediaTiming;
}

const EXTENSIONS: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'image/gif': 'gif', 'image/avif': 'avif' };

/**
 * Uploads the article image. Returns the attachment id, or the reason it could not (the post
 * then goes out without it). Only an auth failure is thrown: the status would fail the same way.
 */
export async function uploadMedia(req: MediaRequest): Promise<{ id: string } | { problem: string }> {
  const fetched = await safeFetch(req.imageUrl, { maxBytes: MASTODON_IMAGE_MAX_BYTES, timeoutMs: IMAGE_FETCH_TIMEOUT_MS, accept: 'image/*', signal: req.signal });
  if (!fetched.ok) return { problem: fetched.problem };
  if (!fetched.contentType.startsWith('image/')) return { problem: `${fetched.contentType || 'untyped content'} is not an image` };
  const auth = { authorization: `Bearer ${req.token}` };
  try {
    const form = new FormData();
    const type = fetched.contentType;
    form.set('file', new Blob([fetched.bytes], { type }), `image.${EXTENSIONS[type] ?? 'img'}`);
    if (req.description) form.set('description', req.description);
    const res = await sendHttp('mastodon', `${req.apiBaseUrl}/api/v2/media`, { method: 'POST', headers: auth, body: form, signal: req.signal, idempotent: true });
    const id = (res.json as { id?: unknown } | undefined)?.id;
    if ((res.status !== 200 && res.status !== 202) || typeof id !== 'string') {
      const err = classify(res.status, res.headers, res.json, Date.now());
      if (err.kind === 'auth') throw err;
      return { problem: `media upload failed (${err.detail ?? res.status})` };
    }
    if (res.status === 200) return { id };
    for (let i = 0; i < req.timing.maxPolls && !req.signal.aborted; i++) {
      // An abort ends the wait quietly: the loop then stops and the post goes out without the image.
      await delay(req.timing.pollIntervalMs, undefined, { signal: req.signal }).catch((err: unknown) => {
        if (!req.signal.aborted) throw err;
      });
      const poll = await sendHttp('mastodon', `${req.apiBaseUrl}/api/v1/media/${encodeURIComponent(id)}`, { headers: auth, signal: req.signal });
      if (poll.status === 200) return { id };
      if (poll.status !== 206) return { problem: `media processing failed (${poll.status})` };
    }
    return { problem: 'media still processing; gave up waiting' };
  } catch (err) {
    if (isPublishError(err) && err.kind === 'auth') throw err;
    return { problem: `media upload failed (${(err as Error).message})` };
  }
}
