import type { ServerResponse } from 'node:http';
import { loadImage } from '@napi-rs/canvas';
import { type Fault, FakeHttpServer, type RecordedRequest, sendJson } from '../helpers/fake-http.js';
import { endsWithEoi, imageMisfit, jpegInfo } from '../../src/media/image-info.js';
import { INSTAGRAM_IMAGE_RULES } from '../../src/publishers/instagram/instagram-image.js';

/**
 * A fake Graph API for Facebook Pages, Instagram content publishing and Threads: the documented
 * routes, the `{"error":{code,error_subcode}}` envelope, usage headers, scripted container state
 * sequences, and a publishing quota. Like Meta, it downloads every `image_url` it is given and
 * records what it got. Faults are FakeHttpServer's, keyed by the ROUTES below.
 */
export const ROUTES = {
  fbFeed: 'POST /:version/:node/feed',
  igCreate: 'POST /:version/:node/media',
  igPublish: 'POST /:version/:node/media_publish',
  igList: 'GET /:version/:node/media',
  igQuota: 'GET /:version/:node/content_publishing_limit',
  thCreate: 'POST /:version/:node/threads',
  thPublish: 'POST /:version/:node/threads_publish',
  thList: 'GET /:version/:node/threads',
  thQuota: 'GET /:version/:node/threads_publishing_limit',
  node: 'GET /:version/:node',
  nodeUpdate: 'POST /:version/:node',
  nodeDelete: 'DELETE /:version/:node',
} as const;

/** A status sequence for the next container, e.g. ['IN_PROGRESS', 'IN_PROGRESS', 'FINISHED'] or ['ERROR:2207020']. */
export type ContainerScript = string[];

export interface Container {
  id: string;
  kind: 'instagram' | 'threads';
  fields: URLSearchParams;
  script: ContainerScript;
  polls: number;
  state: string;
}

export interface ImageFetch {
  url: string;
  status: number;
  bytes: number;
  validJpeg: boolean;
  width?: number;
  height?: number;
  /** Why Instagram would refuse it, or undefined. */
  misfit?: string;
}

export interface Media {
  id: string;
  containerId: string;
  text: string;
  /** Threads `reply_to_id`: the media this one answers. */
  replyTo?: string;
}

const MISSING = { error: { message: "Unsupported post request. Object with ID 'x' does not exist, cannot be loaded due to missing permissions, or does not support this operation", type: 'GraphMethodException', code: 100, error_subcode: 33, fbtrace_id: 'FAKE' } };

export function graphError(code: number, subcode?: number, opts: { status?: number; message?: string; headers?: Record<string, string> } = {}): Fault {
  return {
    kind: 'status',
    status: opts.status ?? 400,
    headers: opts.headers ?? {},
    body: { error: { message: opts.message ?? `fake error ${code}`, type: 'OAuthException', code, ...(subcode !== undefined ? { error_subcode: subcode } : {}), fbtrace_id: 'FAKE' } },
  };
}

export function bucUsageHeader(regainMinutes: number, type = 'pages'): Record<string, string> {
  return { 'x-business-use-case-usage': JSON.stringify({ '1234': [{ type, call_count: 100, total_cputime: 20, total_time: 30, estimated_time_to_regain_access: regainMinutes }] }) };
}

export function appUsageHeader(pct: number): Record<string, string> {
  return { 'x-app-usage': JSON.stringify({ call_count: pct, total_cputime: 5, total_time: 5 }) };
}

export class GraphFake {
  readonly http = new FakeHttpServer();
  token = 'fake-token';
  readonly fbPosts: { id: string; message: string; link?: string; edits?: number }[] = [];
  readonly containers = new Map<string, Container>();
  readonly media: Media[] = [];
  readonly imageFetches: ImageFetch[] = [];
  readonly scripts: ContainerScript[] = [];
  quota = { usage: 0, total: 50, durationS: 86_400 };
  /** What `GET /:version/debug_token?input_token=` answers in `data` (#16): times in Unix seconds, 0 = never. */
  debugToken: Record<string, unknown> = { type: 'PAGE', is_valid: true, expires_at: 0, data_access_expires_at: 0, scopes: ['pages_manage_posts'] };
  private seq = 1000;

  constructor() {
    const h = this.http;
    h.route('POST', '/:version/:node/feed', (req, res) => this.guard(req, res, () => this.fbFeed(req as Req, res)));
    h.route('POST', '/:version/:node/media', (req, res) => this.guard(req, res, () => this.create(req as Req, res, 'instagram')));
    h.route('POST', '/:version/:node/threads', (req, res) => this.guard(req, res, () => this.create(req as Req, res, 'threads')));
    h.route('POST', '/:version/:node/media_publish', (req, res) => this.guard(req, res, () => this.publish(req as Req, res, 'instagram')));
    h.route('POST', '/:version/:node/threads_publish', (req, res) => this.guard(req, res, () => this.publish(req as Req, res, 'threads')));
    h.route('GET', '/:version/:node/media', (req, res) => this.guard(req, res, () => this.list(res, 'instagram')));
    h.route('GET', '/:version/:node/threads', (req, res) => this.guard(req, res, () => this.list(res, 'threads')));
    h.route('GET', '/:version/:node/content_publishing_limit', (req, res) => this.guard(req, res, () => this.quotaReply(res)));
    h.route('GET', '/:version/:node/threads_publishing_limit', (req, res) => this.guard(req, res, () => this.quotaReply(res)));
    h.route('GET', '/:version/:node', (req, res) => this.guard(req, res, () => this.node(req as Req, res)));
    h.route('POST', '/:version/:node', (req, res) => this.guard(req, res, () => this.update(req as Req, res)));
    h.route('DELETE', '/:version/:node', (req, res) => this.guard(req, res, () => this.remove(req as Req, res)));
  }

  async start(): Promise<this> {
    await this.http.start();
    return this;
  }
  stop(): Promise<void> {
    return this.http.stop();
  }
  get url(): string {
    return this.http.url;
  }
  fault(route: string, ...faults: Fault[]): this {
    this.http.fault(route, ...faults);
    return this;
  }
  /** The next container created gets this status sequence (default: FINISHED at once). */
  script(...statuses: string[]): this {
    this.scripts.push(statuses);
    return this;
  }
  publishedBy(kind: 'instagram' | 'threads'): Media[] {
    return this.media.filter((m) => this.containers.get(m.containerId)?.kind === kind);
  }

  private guard(req: RecordedRequest, res: ServerResponse, next: () => void | Promise<void>) {
    if (req.query.has('access_token') || req.form?.has('access_token')) {
      return sendJson(res, 400, { error: { message: 'fake: expected the token in the Authorization header only', code: 100 } });
    }
    if (req.headers.authorization !== `Bearer ${this.token}`) {
      return sendJson(res, 400, { error: { message: 'Invalid OAuth access token.', type: 'OAuthException', code: 190, error_subcode: 463 } });
    }
    return next();
  }

  private fbFeed(req: Req, res: ServerResponse) {
    const f = req.form ?? new URLSearchParams();
    const id = `${req.params.node}_${this.seq++}`;
    const link = f.get('link');
    this.fbPosts.push({ id, message: f.get('message') ?? '', ...(link ? { link } : {}) });
    sendJson(res, 200, { id }, appUsageHeader(3));
  }

  /** Page post update (`message`; a `link` cannot be changed): `{"success":true}`, or 100/33 when missing. */
  private update(req: Req, res: ServerResponse) {
    const post = this.fbPosts.find((p) => p.id === req.params.node);
    if (!post) return sendJson(res, 400, MISSING);
    const f = req.form ?? new URLSearchParams();
    if (f.has('link')) return sendJson(res, 400, { error: { message: '(#100) Param link is not allowed on update', code: 100 } });
    const message = f.get('message');
    if (message !== null && message !== post.message) {
      post.message = message;
      post.edits = (post.edits ?? 0) + 1;
    }
    sendJson(res, 200, { success: true });
  }

  /** DELETE of a Page post (`{"success":true}`) or Threads media (`{"success":true,"deleted_id"}`); 100/33 when missing. */
  private remove(req: Req, res: ServerResponse) {
    const id = req.params.node ?? '';
    const fb = this.fbPosts.findIndex((p) => p.id === id);
    if (fb >= 0) {
      this.fbPosts.splice(fb, 1);
      return sendJson(res, 200, { success: true });
    }
    const m = this.media.findIndex((x) => x.id === id);
    if (m < 0) return sendJson(res, 400, MISSING);
    this.media.splice(m, 1);
    sendJson(res, 200, { success: true, deleted_id: id });
  }

  private async create(req: Req, res: ServerResponse, kind: Container['kind']) {
    const fields = req.form ?? new URLSearchParams();
    const replyTo = fields.get('reply_to_id');
    if (replyTo !== null && !this.media.some((m) => m.id === replyTo)) return sendJson(res, 400, MISSING);
    if (kind === 'instagram') {
      const imageUrl = fields.get('image_url');
      if (!imageUrl) return sendJson(res, 400, { error: { message: 'image_url is required', code: 100 } });
      const fetched = await this.fetchImage(imageUrl);
      if (!fetched.validJpeg) return sendJson(res, 400, { error: { message: 'Only photo or video can be accepted as media type.', code: 9004, error_subcode: 2207052 } });
    }
    const id = `${kind === 'instagram' ? 'ig' : 'th'}c${this.seq++}`;
    const script = this.scripts.shift() ?? ['FINISHED'];
    this.containers.set(id, { id, kind, fields, script, polls: 0, state: script[0] ?? 'FINISHED' });
    sendJson(res, 200, { id });
  }

  private async fetchImage(url: string): Promise<ImageFetch> {
    const record: ImageFetch = { url, status: 0, bytes: 0, validJpeg: false };
    this.imageFetches.push(record);
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      const bytes = new Uint8Array(await r.arrayBuffer());
      record.status = r.status;
      record.bytes = bytes.length;
      const info = jpegInfo(bytes);
      if (r.status === 200 && info && endsWithEoi(bytes)) {
        const decoded = await loadImage(Buffer.from(bytes));
        record.validJpeg = decoded.width === info.width && decoded.height === info.height;
        record.width = info.width;
        record.height = info.height;
      }
      const misfit = r.status === 200 ? imageMisfit(bytes, INSTAGRAM_IMAGE_RULES) : `HTTP ${r.status}`;
      if (misfit) record.misfit = misfit;
    } catch (err) {
      record.misfit = `fetch failed: ${(err as Error).message}`;
    }
    return record;
  }

  private publish(req: Req, res: ServerResponse, kind: Container['kind']) {
    const c = this.containers.get(req.form?.get('creation_id') ?? '');
    if (!c || c.kind !== kind) return sendJson(res, 400, { error: { message: 'Unsupported post request', code: 100, error_subcode: 33 } });
    if (this.quota.usage >= this.quota.total) return sendJson(res, 400, { error: { message: 'Application request limit reached', code: 9, error_subcode: 2207042 } });
    // Deliberately pessimistic: publishing a PUBLISHED container posts again, so a test sees any double post.
    if (c.state !== 'FINISHED' && c.state !== 'PUBLISHED') {
      return sendJson(res, 400, { error: { message: `Media ID is not available (${c.state})`, code: 9007, error_subcode: 2207027 } });
    }
    c.state = 'PUBLISHED';
    const id = `${kind === 'instagram' ? 'igm' : 'thm'}${this.seq++}`;
    const replyTo = c.fields.get('reply_to_id');
    this.media.push({ id, containerId: c.id, text: c.fields.get(kind === 'instagram' ? 'caption' : 'text') ?? '', ...(replyTo ? { replyTo } : {}) });
    this.quota.usage += 1;
    sendJson(res, 200, { id });
  }

  private list(res: ServerResponse, kind: Container['kind']) {
    const field = kind === 'instagram' ? 'caption' : 'text';
    const data = this.publishedBy(kind).reverse().map((m) => ({ id: m.id, [field]: m.text }));
    sendJson(res, 200, { data });
  }

  private quotaReply(res: ServerResponse) {
    sendJson(res, 200, { data: [{ quota_usage: this.quota.usage, config: { quota_total: this.quota.total, quota_duration: this.quota.durationS } }] });
  }

  private node(req: Req, res: ServerResponse) {
    const id = req.params.node ?? '';
    if (id === 'debug_token') return sendJson(res, 200, { data: { ...this.debugToken, input_token_seen: req.query.get('input_token') === this.token } });
    const fb = this.fbPosts.find((p) => p.id === id);
    if (fb) return sendJson(res, 200, { id, permalink_url: `https://www.facebook.com/fake/posts/${id}` });
    const m = this.media.find((x) => x.id === id);
    if (m) return sendJson(res, 200, { id, permalink: `https://www.${m.id.startsWith('igm') ? 'instagram.com/p' : 'threads.net/@fake/post'}/${id}` });
    const c = this.containers.get(id);
    if (!c) return sendJson(res, 200, { id, name: 'Fake Page', username: 'fakeuser' });
    if (c.state !== 'PUBLISHED') c.state = c.script[Math.min(c.polls, c.script.length - 1)] ?? 'FINISHED';
    c.polls += 1;
    const [state, subcode] = c.state.split(':');
    const detail = subcode ? `Error: Media upload has failed with error code ${subcode}` : c.state;
    sendJson(res, 200, c.kind === 'instagram' ? { id, status_code: state, status: detail } : { id, status: state, ...(subcode ? { error_message: detail } : {}) });
  }
}

type Req = RecordedRequest & { params: Record<string, string> };
