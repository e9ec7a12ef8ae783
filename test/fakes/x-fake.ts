/**
 * A fake X API v2 (network-apis.md §1): POST /2/tweets, the v2 media upload routes (one-shot and
 * initialize/append/finalize + STATUS) and GET /2/users/me, with X's own error bodies and
 * rate-limit headers. Length is checked with twitter-text directly (not our counters), so a
 * counting bug in Crier shows up as a 400 here.
 */
import type { ServerResponse } from 'node:http';
import twitterText from 'twitter-text';
import { FakeHttpServer, sendJson, type Fault, type RecordedRequest } from '../helpers/fake-http.js';

export const TWEETS_ROUTE = 'POST /2/tweets';
export const DELETE_ROUTE = 'DELETE /2/tweets/:id';

export interface FakeTweet {
  id: string;
  text: string;
  inReplyTo?: string;
  mediaIds?: string[];
}

interface FakeMedia {
  mediaType: string;
  totalBytes: number;
  segments: Map<number, Buffer>;
  finalized: boolean;
  /** STATUS polls left before processing succeeds. */
  pollsLeft: number;
}

export const X_DUPLICATE_BODY = {
  detail: 'You are not allowed to create a Tweet with duplicate content.',
  type: 'about:blank',
  title: 'Forbidden',
  status: 403,
};

const UNAUTHORIZED_BODY = { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' };

const problem = (status: number, title: string, detail: string, type = 'about:blank') => ({ title, detail, type, status });

/** X's answers, as FakeHttpServer faults for the next requests of a route. */
export const xFaults = {
  /** Let the request through (a no-op delay), for interleaving faults with successes. */
  pass: (): Fault => ({ kind: 'delay', ms: 0 }),
  /**
   * 429 whose reset is computed when the response is written (a getter), so "1 s from now"
   * means 1 s from the moment X answers, however long the fault waited in the queue.
   */
  rateLimited(opts: { resetInMs: number; window?: '15min' | '24h' }): Fault {
    return {
      kind: 'status',
      status: 429,
      body: { title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 },
      get headers(): Record<string, string> {
        const resetS = String(Math.ceil((Date.now() + opts.resetInMs) / 1000));
        const windowHeaders = { 'x-rate-limit-limit': '100', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': resetS };
        if (opts.window !== '24h') return windowHeaders;
        // The daily cap: the 15-minute window still has room, only the 24-hour headers say why.
        const soonS = String(Math.ceil((Date.now() + 60_000) / 1000));
        return { ...windowHeaders, 'x-rate-limit-remaining': '99', 'x-rate-limit-reset': soonS, 'x-user-limit-24hour-limit': '17', 'x-user-limit-24hour-remaining': '0', 'x-user-limit-24hour-reset': resetS, 'x-app-limit-24hour-limit': '1667', 'x-app-limit-24hour-remaining': '1500', 'x-app-limit-24hour-reset': resetS };
      },
    };
  },
  serverError: (status = 503): Fault => ({ kind: 'status', status, body: problem(status, 'Service Unavailable', 'Service Unavailable') }),
  unauthorized: (): Fault => ({ kind: 'status', status: 401, body: UNAUTHORIZED_BODY }),
  creditsDepleted: (): Fault => ({
    kind: 'status',
    status: 402,
    body: { title: 'CreditsDepleted', type: 'https://api.x.com/2/problems/credits', status: 402, detail: 'Your enrolled account does not have any credits to fulfill this request.' },
  }),
  forbidden: (): Fault => ({ kind: 'status', status: 403, body: problem(403, 'Forbidden', 'Your client app is not configured with the appropriate oauth1 app permissions for this endpoint.') }),
  duplicate: (): Fault => ({ kind: 'status', status: 403, body: X_DUPLICATE_BODY }),
  badRequest: (message = 'Invalid Request'): Fault => ({ kind: 'status', status: 400, body: badRequestBody(message) }),
  slow: (ms: number): Fault => ({ kind: 'delay', ms }),
  dropBefore: (): Fault => ({ kind: 'drop-before' }),
  dropAfter: (): Fault => ({ kind: 'drop-after' }),
};

/** Minimal multipart/form-data reader: field name → raw bytes. */
export function parseMultipart(req: RecordedRequest): Map<string, Buffer> {
  const fields = new Map<string, Buffer>();
  const boundary = /boundary=([^;]+)/.exec(String(req.headers['content-type'] ?? ''))?.[1];
  if (!boundary) return fields;
  const delimiter = Buffer.from(`--${boundary}`);
  let at = req.body.indexOf(delimiter);
  while (at !== -1) {
    const next = req.body.indexOf(delimiter, at + delimiter.length);
    if (next === -1) break;
    const part = req.body.subarray(at + delimiter.length + 2, next - 2); // strip CRLFs around the part
    const split = part.indexOf('\r\n\r\n');
    const name = /name="([^"]+)"/.exec(part.subarray(0, split).toString('utf8'))?.[1];
    if (name && split !== -1) fields.set(name, Buffer.from(part.subarray(split + 4)));
    at = next;
  }
  return fields;
}

export interface XFake {
  server: FakeHttpServer;
  url: string;
  tweets: FakeTweet[];
  media: Map<string, FakeMedia>;
  /** Queue faults for the next POST /2/tweets requests. */
  failTweets(...faults: Fault[]): void;
  /** Queue faults for the next DELETE /2/tweets/:id requests. */
  failDeletes(...faults: Fault[]): void;
  stop(): Promise<void>;
}

export async function startXFake(opts: { username?: string; processingPolls?: number } = {}): Promise<XFake> {
  const server = new FakeHttpServer();
  const tweets: FakeTweet[] = [];
  const media = new Map<string, FakeMedia>();
  let nextId = 1_900_000_000_000_000_000n;
  const newId = () => String((nextId += 1n));
  const authorised = (req: RecordedRequest, res: ServerResponse): boolean => {
    if (/^(Bearer|OAuth) /.test(String(req.headers.authorization ?? ''))) return true;
    sendJson(res, 401, UNAUTHORIZED_BODY);
    return false;
  };
  const mediaBody = (id: string, m: FakeMedia) => ({
    id,
    media_key: `3_${id}`,
    size: m.totalBytes,
    expires_after_secs: 86_400,
    ...(m.pollsLeft > 0 ? { processing_info: { state: 'pending', check_after_secs: 1 } } : {}),
  });
  const addMedia = (mediaType: string, totalBytes: number): [string, FakeMedia] => {
    const id = newId();
    const m: FakeMedia = { mediaType, totalBytes, segments: new Map(), finalized: false, pollsLeft: opts.processingPolls ?? 0 };
    media.set(id, m);
    return [id, m];
  };

  server.route('GET', '/2/users/me', (req, res) => {
    if (authorised(req, res)) sendJson(res, 200, { data: { id: '1234567890', name: 'Crier Test', username: opts.username ?? 'crier_test' } });
  });

  server.route('POST', '/2/tweets', (req, res) => {
    if (!authorised(req, res)) return;
    const body = (req.json ?? {}) as { text?: string; media?: { media_ids?: string[] }; reply?: { in_reply_to_tweet_id?: string } };
    const text = body.text ?? '';
    const parsed = twitterText.parseTweet(text);
    if (!parsed.valid) return sendJson(res, 400, badRequestBody(`Text is not valid (weighted length ${parsed.weightedLength}, max 280)`));
    const mediaIds = body.media?.media_ids;
    if (mediaIds?.some((id) => !media.get(id)?.finalized)) return sendJson(res, 400, badRequestBody('Your media IDs are invalid.'));
    const replyTo = body.reply?.in_reply_to_tweet_id;
    if (replyTo && !tweets.some((t) => t.id === replyTo)) return sendJson(res, 400, badRequestBody('The tweet you are replying to does not exist.'));
    if (tweets.some((t) => t.text === text)) return sendJson(res, 403, X_DUPLICATE_BODY);
    const tweet: FakeTweet = { id: newId(), text, ...(replyTo ? { inReplyTo: replyTo } : {}), ...(mediaIds ? { mediaIds } : {}) };
    tweets.push(tweet);
    const resetS = String(Math.ceil(Date.now() / 1000) + 900);
    sendJson(res, 201, { data: { id: tweet.id, text, edit_history_tweet_ids: [tweet.id] } }, { 'x-rate-limit-limit': '100', 'x-rate-limit-remaining': '99', 'x-rate-limit-reset': resetS });
  });

  // DELETE /2/tweets/:id → {"data":{"deleted":true}}; a post that is not there: 404 resource-not-found.
  server.route('DELETE', '/2/tweets/:id', (req, res) => {
    if (!authorised(req, res)) return;
    const i = tweets.findIndex((t) => t.id === req.params.id);
    if (i < 0) return sendJson(res, 404, { ...problem(404, 'Not Found Error', `Could not find tweet with id: [${req.params.id}].`, 'https://api.twitter.com/2/problems/resource-not-found') });
    tweets.splice(i, 1);
    sendJson(res, 200, { data: { deleted: true } });
  });

  server.route('POST', '/2/media/upload', (req, res) => {
    if (!authorised(req, res)) return;
    const fields = parseMultipart(req);
    const bytes = fields.get('media');
    if (!bytes?.length) return sendJson(res, 400, badRequestBody('media is required'));
    const [id, m] = addMedia('application/octet-stream', bytes.length);
    m.segments.set(0, bytes);
    m.finalized = true;
    sendJson(res, 200, { data: mediaBody(id, m) });
  });

  server.route('POST', '/2/media/upload/initialize', (req, res) => {
    if (!authorised(req, res)) return;
    const body = (req.json ?? {}) as { media_type?: string; total_bytes?: number };
    if (!body.media_type || !body.total_bytes) return sendJson(res, 400, badRequestBody('media_type and total_bytes are required'));
    if (body.total_bytes > 5 * 1024 * 1024) return sendJson(res, 400, badRequestBody('File size exceeds 5242880 bytes.'));
    const [id] = addMedia(body.media_type, body.total_bytes);
    sendJson(res, 200, { data: { id, media_key: `3_${id}`, expires_after_secs: 86_400 } });
  });

  server.route('POST', '/2/media/upload/:id/append', (req, res) => {
    if (!authorised(req, res)) return;
    const m = media.get(req.params.id ?? '');
    const fields = parseMultipart(req);
    const segment = fields.get('media');
    const index = Number(fields.get('segment_index')?.toString() ?? NaN);
    if (!m || !segment || !Number.isInteger(index)) return sendJson(res, 400, badRequestBody('bad append'));
    m.segments.set(index, segment);
    res.writeHead(204).end();
  });

  server.route('POST', '/2/media/upload/:id/finalize', (req, res) => {
    if (!authorised(req, res)) return;
    const id = req.params.id ?? '';
    const m = media.get(id);
    const received = m ? [...m.segments.values()].reduce((n, b) => n + b.length, 0) : -1;
    if (!m || received !== m.totalBytes) return sendJson(res, 400, badRequestBody(`expected ${m?.totalBytes} bytes, got ${received}`));
    m.finalized = m.pollsLeft === 0;
    sendJson(res, 200, { data: mediaBody(id, m) });
  });

  server.route('GET', '/2/media/upload', (req, res) => {
    if (!authorised(req, res)) return;
    const id = req.query.get('media_id') ?? '';
    const m = media.get(id);
    if (req.query.get('command') !== 'STATUS' || !m) return sendJson(res, 400, badRequestBody('unknown media'));
    m.pollsLeft = Math.max(0, m.pollsLeft - 1);
    m.finalized = m.pollsLeft === 0;
    const state = m.finalized ? 'succeeded' : 'in_progress';
    sendJson(res, 200, { data: { id, media_key: `3_${id}`, processing_info: { state, ...(m.finalized ? {} : { check_after_secs: 1 }) } } });
  });

  await server.start();
  return {
    server,
    url: server.url,
    tweets,
    media,
    failTweets: (...faults) => void server.fault(TWEETS_ROUTE, ...faults),
    failDeletes: (...faults) => void server.fault(DELETE_ROUTE, ...faults),
    stop: () => server.stop(),
  };
}

export function badRequestBody(message: string) {
  return { errors: [{ message }], title: 'Invalid Request', detail: 'One or more parameters to your request was invalid.', type: 'https://api.twitter.com/2/problems/invalid-request' };
}
