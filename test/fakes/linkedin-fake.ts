import type { ServerResponse } from 'node:http';
import { FakeHttpServer, sendJson, type Fault, type RecordedRequest } from '../helpers/fake-http.js';
import { serveTestImages } from '../helpers/fake-images.js';

/**
 * LinkedIn's Posts and Images APIs as far as Crier uses them: `POST /rest/posts` (201, URN in
 * `x-restli-id`, empty body), `POST /rest/images?action=initializeUpload` + the upload PUT,
 * required `Linkedin-Version` / `X-Restli-Protocol-Version` headers (426 for an inactive
 * version), 401/403/422-DUPLICATE/429 envelopes — and, above all, LinkedIn's silent
 * truncation of `commentary` at the first unescaped "little text" reserved character.
 */
export const FAKE_TOKEN = 'linkedin-test-token';
export const FAKE_AUTHOR = 'urn:li:organization:5515715';
/** The app's credentials for token introspection (#16). */
export const FAKE_CLIENT_ID = '86abcdefclient';
export const FAKE_CLIENT_SECRET = 'li-client-secret-0123456789';
export const ACTIVE_VERSIONS = new Set(['202504', '202507', '202510', '202601']);
export const ROUTES = {
  posts: 'POST /rest/posts',
  images: 'POST /rest/images',
  upload: 'PUT /dms-uploads/:id',
  post: 'POST /rest/posts/:urn',
  postGet: 'GET /rest/posts/:urn',
  postDelete: 'DELETE /rest/posts/:urn',
} as const;

const RESERVED = new Set([...'\\|{}@[]()<>#*_~']);
const HASHTAG_TEMPLATE_RE = /^\{hashtag\|\\#\|((?:\\.|[^\\{}|])+)\}/;

/**
 * How LinkedIn reads little text: `\x` is a literal x, `{hashtag|\#|Tag}` is "#Tag", and any
 * other reserved character ends the post there, silently.
 */
export function renderLittleText(s: string): { text: string; truncated: boolean } {
  let out = '';
  for (let i = 0; i < s.length; ) {
    const c = s[i] as string;
    if (c === '\\') {
      const next = s[i + 1];
      if (next === undefined) return { text: out, truncated: true };
      out += next;
      i += 2;
      continue;
    }
    if (c === '{') {
      const m = HASHTAG_TEMPLATE_RE.exec(s.slice(i));
      if (!m) return { text: out, truncated: true };
      out += `#${(m[1] ?? '').replace(/\\(.)/g, '$1')}`;
      i += m[0].length;
      continue;
    }
    if (RESERVED.has(c)) return { text: out, truncated: true };
    out += c;
    i += 1;
  }
  return { text: out, truncated: false };
}

export interface FakePost {
  urn: string;
  author: string;
  /** As sent. */
  commentaryRaw: string;
  /** As LinkedIn shows it (possibly truncated). */
  commentary: string;
  truncated: boolean;
  article?: { source?: string; title?: string; description?: string; thumbnail?: string };
  version: string;
  edits?: number;
}

const error = (res: ServerResponse, status: number, code: string, message: string, extra: Record<string, unknown> = {}) =>
  sendJson(res, status, { status, code, message, ...extra });

/** A 429 as LinkedIn sends it; only some answers carry Retry-After (daily limits reset at 00:00 UTC). */
export function rateLimitFault(retryAfterSeconds?: number): Fault {
  return {
    kind: 'status',
    status: 429,
    body: { status: 429, code: 'TOO_MANY_REQUESTS', message: 'Resource level throttle APPLICATION DAY limit for calls to this resource is reached.' },
    headers: retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) },
  };
}

export async function startLinkedinFake(opts: { authors?: string[] } = {}) {
  const server = new FakeHttpServer();
  const addImage = serveTestImages(server, 'image/jpeg');
  const authors = new Set(opts.authors ?? [FAKE_AUTHOR]);
  const posts: FakePost[] = [];
  const images = new Map<string, { owner: string; bytes?: Buffer; type?: string }>();
  let seq = 7_100_000_000_000_000_000n;

  /** Answers and returns false unless auth and the two protocol headers are right. */
  const checked = (req: RecordedRequest, res: ServerResponse): boolean => {
    if (req.headers.authorization !== `Bearer ${FAKE_TOKEN}`) return error(res, 401, 'INVALID_ACCESS_TOKEN', 'Invalid access token', { serviceErrorCode: 65600 }), false;
    const version = String(req.headers['linkedin-version'] ?? '');
    if (!version) return error(res, 400, 'VERSION_MISSING', 'A version must be present. Please specify a version by adding the LinkedIn-Version header.'), false;
    if (!ACTIVE_VERSIONS.has(version)) return error(res, 426, 'NONEXISTENT_VERSION', `Requested version ${version} is not active`), false;
    if (req.headers['x-restli-protocol-version'] !== '2.0.0') return error(res, 400, 'ILLEGAL_ARGUMENT', 'X-Restli-Protocol-Version 2.0.0 is required'), false;
    return true;
  };

  server.route('POST', '/rest/posts', (req, res) => {
    if (!checked(req, res)) return;
    const body = req.json as { author?: string; commentary?: string; content?: { article?: FakePost['article'] }; lifecycleState?: string } | undefined;
    if (!body?.author || !body.lifecycleState) return error(res, 422, 'UNPROCESSABLE_ENTITY', 'author and lifecycleState are required');
    if (!authors.has(body.author)) return error(res, 403, 'ACCESS_DENIED', 'Not enough permissions to access: partnerApiPostsExternal.CREATE.20251001', { serviceErrorCode: 100 });
    const article = body.content?.article;
    if (article?.thumbnail && !images.get(article.thumbnail)?.bytes) return error(res, 422, 'UNPROCESSABLE_ENTITY', `Thumbnail ${article.thumbnail} is not uploaded`);
    const raw = body.commentary ?? '';
    const rendered = renderLittleText(raw);
    if (rendered.text.length > 3000) return error(res, 422, 'UNPROCESSABLE_ENTITY', 'commentary is too long: exceeds the maximum length of 3000');
    const dup = posts.find((p) => p.author === body.author && p.commentary === rendered.text && p.article?.source === article?.source);
    if (dup) {
      return sendJson(res, 422, {
        errorDetailType: 'com.linkedin.common.error.BadRequest',
        message: `Content is a duplicate of ${dup.urn}`,
        errorDetails: { inputErrors: [{ description: 'Duplicate post is detected', input: {}, code: 'DUPLICATE_POST' }] },
        status: 422,
      });
    }
    seq += 1n;
    const urn = `urn:li:share:${seq}`;
    posts.push({ urn, author: body.author, commentaryRaw: raw, commentary: rendered.text, truncated: rendered.truncated, version: String(req.headers['linkedin-version']), ...(article ? { article } : {}) });
    res.writeHead(201, { 'x-restli-id': urn, 'x-linkedin-id': urn });
    res.end();
  });

  const deleted = new Set<string>();
  const byUrn = (req: RecordedRequest & { params: Record<string, string> }) => posts.find((p) => p.urn === decodeURIComponent(req.params.urn ?? ''));

  // Posts API PARTIAL_UPDATE: POST with X-RestLi-Method and {"patch":{"$set":{…}}} → 204, no body.
  server.route('POST', '/rest/posts/:urn', (req, res) => {
    if (!checked(req, res)) return;
    if (req.headers['x-restli-method'] !== 'PARTIAL_UPDATE') return error(res, 400, 'ILLEGAL_ARGUMENT', 'X-RestLi-Method PARTIAL_UPDATE is required');
    const post = byUrn(req);
    if (!post) return error(res, 404, 'NOT_FOUND', 'Post not found');
    const commentary = (req.json as { patch?: { $set?: { commentary?: string } } } | undefined)?.patch?.$set?.commentary;
    if (typeof commentary !== 'string') return error(res, 422, 'UNPROCESSABLE_ENTITY', 'patch.$set.commentary is required');
    const rendered = renderLittleText(commentary);
    if (commentary !== post.commentaryRaw) post.edits = (post.edits ?? 0) + 1;
    Object.assign(post, { commentaryRaw: commentary, commentary: rendered.text, truncated: rendered.truncated });
    res.writeHead(204).end();
  });

  server.route('GET', '/rest/posts/:urn', (req, res) => {
    if (!checked(req, res)) return;
    const post = byUrn(req);
    if (!post) return error(res, 404, 'NOT_FOUND', 'Post not found');
    sendJson(res, 200, { id: post.urn, author: post.author, commentary: post.commentaryRaw, lifecycleState: 'PUBLISHED' });
  });

  // "Post deletions are idempotent": a previously deleted post answers 204 again; one never made, 404.
  server.route('DELETE', '/rest/posts/:urn', (req, res) => {
    if (!checked(req, res)) return;
    const urn = decodeURIComponent(req.params.urn ?? '');
    const i = posts.findIndex((p) => p.urn === urn);
    if (i >= 0) {
      posts.splice(i, 1);
      deleted.add(urn);
    } else if (!deleted.has(urn)) return error(res, 404, 'NOT_FOUND', 'Post not found');
    res.writeHead(204).end();
  });

  server.route('POST', '/rest/images', (req, res) => {
    if (!checked(req, res)) return;
    if (req.query.get('action') !== 'initializeUpload') return error(res, 400, 'ILLEGAL_ARGUMENT', 'unknown action');
    const owner = (req.json as { initializeUploadRequest?: { owner?: string } } | undefined)?.initializeUploadRequest?.owner ?? '';
    if (!authors.has(owner)) return error(res, 403, 'ACCESS_DENIED', 'Not enough permissions to upload for this owner');
    const id = `D4E10AQ${images.size + 1}`;
    images.set(`urn:li:image:${id}`, { owner });
    sendJson(res, 200, { value: { uploadUrlExpiresAt: Date.now() + 3_600_000, uploadUrl: `${server.url}/dms-uploads/${id}`, image: `urn:li:image:${id}` } });
  });

  /** `POST /oauth/v2/introspectToken` (www.linkedin.com in production): what it says about FAKE_TOKEN (#16). */
  const introspection = { status: 'active', expiresAtS: Math.floor(Date.now() / 1000) + 60 * 86_400 };
  server.route('POST', '/oauth/v2/introspectToken', (req, res) => {
    const f = req.form ?? new URLSearchParams();
    if (f.get('client_id') !== FAKE_CLIENT_ID || f.get('client_secret') !== FAKE_CLIENT_SECRET) return sendJson(res, 401, { error: 'invalid_client', error_description: 'Client authentication failed' });
    if (f.get('token') !== FAKE_TOKEN) return sendJson(res, 200, { active: false });
    const active = introspection.status === 'active';
    sendJson(res, 200, { active, client_id: FAKE_CLIENT_ID, authorized_at: 1_700_000_000, created_at: 1_700_000_000, status: introspection.status, expires_at: introspection.expiresAtS, scope: 'w_organization_social', auth_type: '3L' });
  });

  server.route('PUT', '/dms-uploads/:id', (req, res) => {
    const img = images.get(`urn:li:image:${req.params.id}`);
    if (!img) return error(res, 404, 'NOT_FOUND', 'unknown upload');
    if (req.headers.authorization !== `Bearer ${FAKE_TOKEN}`) return error(res, 401, 'INVALID_ACCESS_TOKEN', 'Invalid access token');
    img.bytes = req.body;
    img.type = String(req.headers['content-type'] ?? '');
    res.writeHead(201);
    res.end();
  });

  await server.start();
  return {
    server,
    url: server.url,
    posts,
    images,
    addImage,
    introspection,
    stop: () => server.stop(),
  };
}

export type LinkedinFake = Awaited<ReturnType<typeof startLinkedinFake>>;
