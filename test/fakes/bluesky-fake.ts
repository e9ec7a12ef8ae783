import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { FakeHttpServer, sendJson, type Fault, type RecordedRequest } from '../helpers/fake-http.js';
import { serveTestImages } from '../helpers/fake-images.js';

/**
 * A PDS as far as Crier uses it: createSession, refreshSession, getSession, uploadBlob,
 * createRecord and getRecord, with XRPC error bodies (`{"error","message"}`), an expired access token answered
 * as HTTP 400 ExpiredToken (like the real PDS), rotating refresh tokens, RateLimit-* headers,
 * and lexicon checks on `app.bsky.feed.post` (300 graphemes / 3000 bytes, facet ranges,
 * thumb ≤ 1,000,000 bytes, TID-shaped rkey). Written from the lexicons, not from our code.
 */
export const FAKE_DID = 'did:plc:crierfake0000000000000000';
export const FAKE_HANDLE = 'crier.test';
export const FAKE_IDENTIFIER = 'crier.test';
export const FAKE_APP_PASSWORD = 'abcd-efgh-ijkl-mnop';
export const ROUTES = {
  createSession: 'POST /xrpc/com.atproto.server.createSession',
  refreshSession: 'POST /xrpc/com.atproto.server.refreshSession',
  uploadBlob: 'POST /xrpc/com.atproto.repo.uploadBlob',
  createRecord: 'POST /xrpc/com.atproto.repo.createRecord',
  getRecord: 'GET /xrpc/com.atproto.repo.getRecord',
  deleteRecord: 'POST /xrpc/com.atproto.repo.deleteRecord',
} as const;

const TID_SYNTAX = /^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$/;
const THUMB_MAX_BYTES = 1_000_000;
const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** The full URLs a stored post links to (its link facets), in text order. */
export function linkUris(record: StoredRecord): string[] {
  const facets = (record.value.facets ?? []) as { features?: { $type?: string; uri?: string }[] }[];
  return facets.flatMap((f) => (f.features ?? []).filter((x) => x.$type === 'app.bsky.richtext.facet#link').map((x) => x.uri ?? ''));
}

export interface StoredRecord {
  uri: string;
  cid: string;
  rkey: string;
  value: Record<string, unknown>;
}

const xrpcError = (res: ServerResponse, status: number, error: string, message: string) => sendJson(res, status, { error, message });

export function rateLimitFault(resetAtMs: number): Fault {
  return {
    kind: 'status',
    status: 429,
    body: { error: 'RateLimitExceeded', message: 'Rate Limit Exceeded' },
    headers: { 'ratelimit-limit': '5000', 'ratelimit-remaining': '0', 'ratelimit-reset': String(Math.ceil(resetAtMs / 1000)), 'ratelimit-policy': '5000;w=3600' },
  };
}

export async function startBlueskyFake() {
  const server = new FakeHttpServer();
  const addImage = serveTestImages(server, 'image/png');
  const records = new Map<string, StoredRecord>();
  const blobs = new Map<string, { mimeType: string; size: number }>();
  const access = new Set<string>();
  const expired = new Set<string>();
  const refresh = new Set<string>();
  const stats = { createSession: 0, refreshSession: 0 };
  let tokenSeq = 0;

  const issue = () => {
    tokenSeq += 1;
    const session = { did: FAKE_DID, handle: FAKE_HANDLE, accessJwt: `access-${tokenSeq}`, refreshJwt: `refresh-${tokenSeq}`, active: true };
    access.add(session.accessJwt);
    refresh.add(session.refreshJwt);
    return session;
  };
  const bearer = (req: RecordedRequest) => /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
  /** Answers and returns false unless the request carries a live access token. */
  const authed = (req: RecordedRequest, res: ServerResponse): boolean => {
    const token = bearer(req);
    if (!token) return xrpcError(res, 401, 'AuthenticationRequired', 'Authentication Required'), false;
    if (expired.has(token)) return xrpcError(res, 400, 'ExpiredToken', 'Token has expired'), false;
    if (!access.has(token)) return xrpcError(res, 401, 'InvalidToken', 'Token could not be verified'), false;
    return true;
  };
  const limitHeaders = () => ({ 'ratelimit-limit': '5000', 'ratelimit-remaining': '4990', 'ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 3600), 'ratelimit-policy': '5000;w=3600' });

  server.route('POST', '/xrpc/com.atproto.server.createSession', (req, res) => {
    stats.createSession += 1;
    const body = req.json as { identifier?: string; password?: string } | undefined;
    if (body?.identifier !== FAKE_IDENTIFIER || body.password !== FAKE_APP_PASSWORD) return xrpcError(res, 401, 'AuthenticationRequired', 'Invalid identifier or password');
    sendJson(res, 200, issue());
  });

  server.route('POST', '/xrpc/com.atproto.server.refreshSession', (req, res) => {
    stats.refreshSession += 1;
    const token = bearer(req);
    if (!token || !refresh.has(token)) return xrpcError(res, 400, 'ExpiredToken', 'Token has been revoked');
    refresh.delete(token); // refresh tokens rotate: each one works once
    sendJson(res, 200, issue());
  });

  server.route('GET', '/xrpc/com.atproto.server.getSession', (req, res) => {
    if (authed(req, res)) sendJson(res, 200, { did: FAKE_DID, handle: FAKE_HANDLE, active: true });
  });

  server.route('POST', '/xrpc/com.atproto.repo.uploadBlob', (req, res) => {
    if (!authed(req, res)) return;
    const mimeType = String(req.headers['content-type'] ?? 'application/octet-stream');
    const cid = `bafkrei${createHash('sha256').update(req.body).digest('hex').slice(0, 40)}`;
    blobs.set(cid, { mimeType, size: req.body.length });
    sendJson(res, 200, { blob: { $type: 'blob', ref: { $link: cid }, mimeType, size: req.body.length } });
  });

  server.route('POST', '/xrpc/com.atproto.repo.createRecord', (req, res) => {
    if (!authed(req, res)) return;
    const body = req.json as { repo?: string; collection?: string; rkey?: string; record?: Record<string, unknown> } | undefined;
    const problem = validateCreate(body, blobs);
    if (problem) return xrpcError(res, 400, 'InvalidRequest', problem);
    const rkey = body?.rkey as string;
    // A reply's strongRefs must both be set (lexicon replyRef); the parent must exist here.
    const reply = body?.record?.reply as { root?: { uri?: string; cid?: string }; parent?: { uri?: string; cid?: string } } | undefined;
    if (reply !== undefined) {
      if (!reply.root?.uri || !reply.root.cid || !reply.parent?.uri || !reply.parent.cid) return xrpcError(res, 400, 'InvalidRequest', 'Invalid app.bsky.feed.post record: reply must have root and parent strongRefs');
      const parent = [...records.values()].find((r) => r.uri === reply.parent?.uri);
      if (!parent || parent.cid !== reply.parent.cid) return xrpcError(res, 400, 'InvalidRequest', 'reply parent not found or cid mismatch');
    }
    // Real PDS behaviour on an existing rkey is not documented; its repo tree refuses a second
    // value at one key, which surfaces as a server error. Never a second record.
    if (records.has(rkey)) return xrpcError(res, 500, 'InternalServerError', 'Internal Server Error');
    const uri = `at://${FAKE_DID}/app.bsky.feed.post/${rkey}`;
    const cid = `bafyrei${createHash('sha256').update(JSON.stringify(body?.record)).digest('hex').slice(0, 40)}`;
    records.set(rkey, { uri, cid, rkey, value: body?.record ?? {} });
    sendJson(res, 200, { uri, cid, commit: { cid: `bafyreicommit${records.size}`, rev: rkey }, validationStatus: 'valid' }, limitHeaders());
  });

  server.route('GET', '/xrpc/com.atproto.repo.getRecord', (req, res) => {
    if (req.headers.authorization && !authed(req, res)) return;
    const rkey = req.query.get('rkey') ?? '';
    const rec = req.query.get('repo') === FAKE_DID ? records.get(rkey) : undefined;
    if (!rec) return xrpcError(res, 400, 'RecordNotFound', `Could not locate record: at://${req.query.get('repo')}/app.bsky.feed.post/${rkey}`);
    sendJson(res, 200, { uri: rec.uri, cid: rec.cid, value: rec.value });
  });

  // deleteRecord: "No-op if record already doesn't exist" → 200 without `commit`.
  server.route('POST', '/xrpc/com.atproto.repo.deleteRecord', (req, res) => {
    if (!authed(req, res)) return;
    const body = req.json as { repo?: string; collection?: string; rkey?: string } | undefined;
    if (body?.repo !== FAKE_DID) return xrpcError(res, 400, 'InvalidRequest', 'Could not find repo');
    if (body.collection !== 'app.bsky.feed.post' || !body.rkey) return xrpcError(res, 400, 'InvalidRequest', 'collection and rkey are required');
    if (!records.delete(body.rkey)) return sendJson(res, 200, {}, limitHeaders());
    sendJson(res, 200, { commit: { cid: `bafyreidel${records.size}`, rev: body.rkey } }, limitHeaders());
  });

  await server.start();
  return {
    server,
    url: server.url,
    records,
    blobs,
    stats,
    /** Every access token issued so far now answers 400 ExpiredToken. */
    expireAccessTokens() {
      for (const t of access) expired.add(t);
      access.clear();
    },
    /** Refresh tokens die too: the only way back is createSession. */
    revokeRefreshTokens() {
      refresh.clear();
    },
    addImage,
    stop: () => server.stop(),
  };
}

export type BlueskyFake = Awaited<ReturnType<typeof startBlueskyFake>>;

function validateCreate(body: { repo?: string; collection?: string; rkey?: string; record?: Record<string, unknown> } | undefined, blobs: Map<string, { size: number }>): string | undefined {
  if (!body?.record) return 'Input must have the property "record"';
  if (body.repo !== FAKE_DID) return 'Could not find repo';
  if (body.collection !== 'app.bsky.feed.post') return `Unexpected collection ${body.collection}`;
  if (!body.rkey || !TID_SYNTAX.test(body.rkey)) return 'Invalid record key: must be a TID';
  const r = body.record;
  if (r.$type !== 'app.bsky.feed.post') return 'Invalid $type';
  if (typeof r.text !== 'string' || typeof r.createdAt !== 'string') return 'Record must have text and createdAt';
  const bytes = Buffer.byteLength(r.text, 'utf8');
  if ([...segmenter.segment(r.text)].length > 300) return 'Invalid app.bsky.feed.post record: Record/text must not be longer than 300 graphemes';
  if (bytes > 3000) return 'Invalid app.bsky.feed.post record: Record/text must not be longer than 3000 characters';
  for (const f of (r.facets as { index?: { byteStart?: number; byteEnd?: number } }[] | undefined) ?? []) {
    const s = f.index?.byteStart ?? -1;
    const e = f.index?.byteEnd ?? -1;
    if (s < 0 || e <= s || e > bytes) return 'Invalid facet byte range';
  }
  const thumb = (r.embed as { external?: { thumb?: { ref?: { $link?: string }; size?: number } } } | undefined)?.external?.thumb;
  if (thumb) {
    const blob = blobs.get(thumb.ref?.$link ?? '');
    if (!blob) return 'Could not find blob';
    if (blob.size > THUMB_MAX_BYTES) return 'BlobTooLarge: thumb is over 1000000 bytes';
  }
  return undefined;
}
