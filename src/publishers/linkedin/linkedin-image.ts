import { safeFetch } from '../../shared/http/safe-fetch.js';
import { sendHttp } from '../http-client.js';
import { classify } from './linkedin-classify.js';

/**
 * Article thumbnails are LinkedIn-hosted images: `POST /rest/images?action=initializeUpload`
 * gives an upload URL and an image URN, the bytes go up with a PUT, and the post references the
 * URN. A missing thumbnail only makes the card plainer, so every failure but a dead token is
 * reported, not thrown.
 */
export const LINKEDIN_IMAGE_MAX_BYTES = 5 * 1024 * 1024;
const IMAGE_FETCH_TIMEOUT_MS = 10_000;

export interface ImageUploadRequest {
  apiBaseUrl: string;
  /** Authorization + Linkedin-Version + X-Restli-Protocol-Version. */
  headers: Record<string, string>;
  owner: string;
  imageUrl: string;
  signal: AbortSignal;
}

/** The token goes only to LinkedIn itself (or the configured API host), never to a URL some answer named. */
function trustedUploadHost(uploadUrl: string, apiBaseUrl: string): boolean {
  try {
    const host = new URL(uploadUrl).host;
    return host === new URL(apiBaseUrl).host || host === 'linkedin.com' || host.endsWith('.linkedin.com');
  } catch {
    return false;
  }
}

export async function uploadImage(req: ImageUploadRequest): Promise<{ urn: string } | { problem: string }> {
  const fetched = await safeFetch(req.imageUrl, { maxBytes: LINKEDIN_IMAGE_MAX_BYTES, timeoutMs: IMAGE_FETCH_TIMEOUT_MS, accept: 'image/*', signal: req.signal });
  if (!fetched.ok) return { problem: fetched.problem };
  if (!fetched.contentType.startsWith('image/')) return { problem: `${fetched.contentType || 'untyped content'} is not an image` };
  try {
    const init = await sendHttp('linkedin', `${req.apiBaseUrl}/rest/images?action=initializeUpload`, {
      method: 'POST',
      headers: { ...req.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ initializeUploadRequest: { owner: req.owner } }),
      signal: req.signal,
      idempotent: true,
    });
    const value = (init.json as { value?: { uploadUrl?: unknown; image?: unknown } } | undefined)?.value;
    if (init.status !== 200 || typeof value?.uploadUrl !== 'string' || typeof value.image !== 'string') {
      const err = classify(init.status === 200 ? 502 : init.status, init.headers, init.json, Date.now());
      if (err.kind === 'auth' && init.status === 401) throw err;
      return { problem: `image upload could not start (${err.detail ?? init.status})` };
    }
    const put = await sendHttp('linkedin', value.uploadUrl, {
      method: 'PUT',
      headers: { ...(trustedUploadHost(value.uploadUrl, req.apiBaseUrl) ? { authorization: req.headers.authorization ?? '' } : {}), 'content-type': fetched.contentType },
      body: fetched.bytes,
      signal: req.signal,
      idempotent: true,
    });
    if (put.status !== 200 && put.status !== 201) return { problem: `image upload failed (HTTP ${put.status})` };
    return { urn: value.image };
  } catch (err) {
    if ((err as { kind?: string }).kind === 'auth') throw err;
    return { problem: `image upload failed (${(err as Error).message})` };
  }
}
