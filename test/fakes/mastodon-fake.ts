import type { ServerResponse } from 'node:http';
import { FakeHttpServer, sendJson, type Fault, type RecordedRequest } from '../helpers/fake-http.js';
import { serveTestImages } from '../helpers/fake-images.js';

/**
 * A Mastodon instance as far as Crier uses it: `GET /api/v2/instance` (configurable limits),
 * `POST /api/v1/statuses` with the Idempotency-Key semantics (a repeated key returns the status
 * already made), `POST /api/v2/media` (200, or 202 then `GET /api/v1/media/:id` 206 … 200),
 * `verify_credentials`, `GET /api/v1/accounts/:id/statuses` (newest first, HTML content with
 * links as anchors), `{"error": …}` bodies and `X-RateLimit-*` headers with an ISO-8601 reset.
 * Idempotency keys are kept for an hour, as documented; `expireIdempotencyKeys()` plays that hour.
 */
export const FAKE_TOKEN = 'mastodon-test-token';
export const ROUTES = {
  instance: 'GET /api/v2/instance',
  statuses: 'POST /api/v1/statuses',
  media: 'POST /api/v2/media',
  mediaGet: 'GET /api/v1/media/:id',
  accountStatuses: 'GET /api/v1/accounts/:id/statuses',
  statusGet: 'GET /api/v1/statuses/:id',
  statusEdit: 'PUT /api/v1/statuses/:id',
  statusDelete: 'DELETE /api/v1/statuses/:id',
} as const;
export const FAKE_ACCOUNT_ID = '1';

export interface FakeStatus {
  id: string;
  text: string;
  url: string;
  visibility: string;
  language?: string;
  mediaIds: string[];
  idempotencyKey?: string;
  createdAt: string;
  inReplyToId?: string;
  editedAt?: string;
  /** Earlier texts, oldest first (what `GET /api/v1/statuses/:id/history` would list). */
  history: string[];
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Mastodon's rendering: escaped text in a paragraph, each link an anchor whose href is the full URL. */
function renderContent(text: string): string {
  const parts = text.split(/(https?:\/\/\S+)/g);
  return `<p>${parts.map((part, i) => (i % 2 === 1 ? `<a href="${escapeHtml(part)}" rel="nofollow noopener" target="_blank"><span class="invisible">${escapeHtml(part.slice(0, 8))}</span><span class="ellipsis">${escapeHtml(part.slice(8, 38))}</span></a>` : escapeHtml(part))).join('')}</p>`;
}

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** Mastodon's rule, written independently: every http(s) URL weighs `urlWeight`, the rest graphemes. */
function countStatus(text: string, urlWeight: number): number {
  let n = 0;
  const rest = text.replace(/https?:\/\/\S+/g, () => ((n += urlWeight), ''));
  return n + [...segmenter.segment(rest)].length;
}

export function rateLimitFault(resetAtMs: number): Fault {
  return {
    kind: 'status',
    status: 429,
    body: { error: 'Too many requests' },
    headers: { 'x-ratelimit-limit': '300', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': new Date(resetAtMs).toISOString() },
  };
}

export async function startMastodonFake(opts: { maxCharacters?: number; urlWeight?: number; mediaPolls?: number } = {}) {
  const server = new FakeHttpServer();
  const addImage = serveTestImages(server, 'image/png');
  const instance = { maxCharacters: opts.maxCharacters ?? 500, urlWeight: opts.urlWeight ?? 23, mediaPolls: opts.mediaPolls ?? 0 };
  const statuses: FakeStatus[] = [];
  const byKey = new Map<string, FakeStatus>();
  const media = new Map<string, { pollsLeft: number; description?: string; size: number; type: string }>();
  let seq = 100;

  const authed = (req: RecordedRequest, res: ServerResponse): boolean => {
    if (req.headers.authorization === `Bearer ${FAKE_TOKEN}`) return true;
    sendJson(res, 401, { error: 'The access token is invalid' });
    return false;
  };
  const limitHeaders = () => ({ 'x-ratelimit-limit': '300', 'x-ratelimit-remaining': '299', 'x-ratelimit-reset': new Date(Date.now() + 300_000).toISOString() });
  const statusJson = (s: FakeStatus) => ({
    id: s.id,
    created_at: s.createdAt,
    url: s.url,
    uri: `${server.url}/users/crier/statuses/${s.id}`,
    visibility: s.visibility,
    in_reply_to_id: s.inReplyToId ?? null,
    content: renderContent(s.text),
    media_attachments: s.mediaIds.map((id) => ({ id, type: 'image' })),
  });

  server.route('GET', '/api/v2/instance', (_req, res) => {
    sendJson(res, 200, {
      domain: '127.0.0.1',
      version: '4.3.0',
      configuration: { statuses: { max_characters: instance.maxCharacters, max_media_attachments: 4, characters_reserved_per_url: instance.urlWeight } },
    });
  });

  server.route('GET', '/api/v1/accounts/verify_credentials', (req, res) => {
    if (authed(req, res)) sendJson(res, 200, { id: FAKE_ACCOUNT_ID, username: 'crier', acct: 'crier' });
  });

  server.route('GET', '/api/v1/accounts/:id/statuses', (req, res) => {
    if (!authed(req, res)) return;
    if (req.params.id !== FAKE_ACCOUNT_ID) return sendJson(res, 404, { error: 'Record not found' });
    const limit = Math.min(40, Number(req.query.get('limit') ?? 20) || 20);
    sendJson(res, 200, [...statuses].reverse().slice(0, limit).map(statusJson), limitHeaders());
  });

  server.route('POST', '/api/v1/statuses', (req, res) => {
    if (!authed(req, res)) return;
    const key = req.headers['idempotency-key'] as string | undefined;
    const seen = key ? byKey.get(key) : undefined;
    if (seen) return sendJson(res, 200, statusJson(seen), limitHeaders());
    const body = (req.json ?? Object.fromEntries(req.form ?? [])) as { status?: string; visibility?: string; language?: string; media_ids?: string[] };
    const text = body.status ?? '';
    const mediaIds = body.media_ids ?? [];
    if (text.trim() === '' && mediaIds.length === 0) return sendJson(res, 422, { error: "Validation failed: Text can't be blank" });
    if (countStatus(text, instance.urlWeight) > instance.maxCharacters) {
      return sendJson(res, 422, { error: `Validation failed: Text character limit of ${instance.maxCharacters} exceeded` });
    }
    for (const id of mediaIds) {
      const m = media.get(id);
      if (!m) return sendJson(res, 422, { error: 'Validation failed: Media attachments are invalid' });
      if (m.pollsLeft > 0) return sendJson(res, 422, { error: 'Cannot attach files that have not finished processing. Try again in a moment!' });
    }
    seq += 1;
    const body2 = body as { in_reply_to_id?: string };
    if (body2.in_reply_to_id && !statuses.some((s) => s.id === body2.in_reply_to_id)) return sendJson(res, 404, { error: 'Record not found' });
    const status: FakeStatus = { id: String(seq), text, history: [], ...(body2.in_reply_to_id ? { inReplyToId: body2.in_reply_to_id } : {}), url: `${server.url}/@crier/${seq}`, visibility: body.visibility ?? 'public', mediaIds, createdAt: new Date().toISOString(), ...(body.language ? { language: body.language } : {}), ...(key ? { idempotencyKey: key } : {}) };
    statuses.push(status);
    if (key) byKey.set(key, status);
    sendJson(res, 200, statusJson(status), limitHeaders());
  });

  // Edit (full replace, since 3.5): the same text again changes nothing and adds no history entry.
  server.route('PUT', '/api/v1/statuses/:id', (req, res) => {
    if (!authed(req, res)) return;
    const s = statuses.find((x) => x.id === req.params.id);
    if (!s) return sendJson(res, 404, { error: 'Record not found' });
    const body = (req.json ?? {}) as { status?: string; media_ids?: string[] };
    const text = body.status ?? '';
    if (text.trim() === '') return sendJson(res, 422, { error: "Validation failed: Text can't be blank" });
    if (text !== s.text) {
      s.history.push(s.text);
      s.text = text;
      s.editedAt = new Date().toISOString();
    }
    s.mediaIds = body.media_ids ?? [];
    sendJson(res, 200, { ...statusJson(s), edited_at: s.editedAt ?? null }, limitHeaders());
  });

  server.route('GET', '/api/v1/statuses/:id', (req, res) => {
    if (!authed(req, res)) return;
    const s = statuses.find((x) => x.id === req.params.id);
    if (!s) return sendJson(res, 404, { error: 'Record not found' });
    sendJson(res, 200, statusJson(s), limitHeaders());
  });

  server.route('DELETE', '/api/v1/statuses/:id', (req, res) => {
    if (!authed(req, res)) return;
    const i = statuses.findIndex((x) => x.id === req.params.id);
    if (i < 0) return sendJson(res, 404, { error: 'Record not found' });
    const [s] = statuses.splice(i, 1);
    sendJson(res, 200, { ...statusJson(s!), text: s!.text }, limitHeaders());
  });

  server.route('POST', '/api/v2/media', async (req, res) => {
    if (!authed(req, res)) return;
    const form = await new Response(new Uint8Array(req.body), { headers: { 'content-type': String(req.headers['content-type'] ?? '') } }).formData().catch(() => undefined);
    const file = form?.get('file');
    if (!file || typeof file === 'string') return sendJson(res, 422, { error: 'Validation failed: File is missing' });
    seq += 1;
    const id = String(seq);
    const description = form?.get('description');
    media.set(id, { pollsLeft: instance.mediaPolls, size: file.size, type: file.type, ...(typeof description === 'string' ? { description } : {}) });
    const processing = instance.mediaPolls > 0;
    sendJson(res, processing ? 202 : 200, { id, type: 'image', url: processing ? null : `${server.url}/media/${id}.png` });
  });

  server.route('GET', '/api/v1/media/:id', (req, res) => {
    if (!authed(req, res)) return;
    const m = media.get(req.params.id ?? '');
    if (!m) return sendJson(res, 404, { error: 'Record not found' });
    if (m.pollsLeft > 0) {
      m.pollsLeft -= 1;
      return sendJson(res, 206, { id: req.params.id, type: 'image', url: null });
    }
    sendJson(res, 200, { id: req.params.id, type: 'image', url: `${server.url}/media/${req.params.id}.png` });
  });

  await server.start();
  return {
    server,
    url: server.url,
    statuses,
    media,
    instance,
    addImage,
    /** An hour has passed: Mastodon no longer knows the keys it was sent. */
    expireIdempotencyKeys: () => byKey.clear(),
    stop: () => server.stop(),
  };
}

export type MastodonFake = Awaited<ReturnType<typeof startMastodonFake>>;
