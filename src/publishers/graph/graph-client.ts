import type { Logger } from 'pino';
import { secretScrubber } from '../../shared/scrub-secrets.js';
import { isPublishError, RetryableError, UnknownOutcomeError } from '../errors.js';
import { sendHttp } from '../http-client.js';
import { classifyGraph, type ClassifyOptions, GRAPH_CODES, graphFaultOf } from './graph-classify.js';
import { highestUsagePct } from './graph-usage.js';

/** Above this usage percentage Meta is about to throttle us: say so in the log. */
const USAGE_WARN_PCT = 90;
export const GRAPH_REQUEST_TIMEOUT_MS = 20_000;

export interface GraphClientOptions extends ClassifyOptions {
  network: string;
  /** `<apiBaseUrl>/<graphVersion>`, no trailing slash. */
  baseUrl: string;
  token: string;
  timeoutMs?: number;
  now?: () => number;
}

export interface CallContext {
  signal: AbortSignal;
  log: Logger;
}

export interface GraphClient {
  get(path: string, params: Record<string, string>, call: CallContext): Promise<Record<string, unknown>>;
  /**
   * POST form fields. `idempotent` means repeating it cannot make a second post (creating an
   * unpublished container), so a timeout after sending is a plain retry, not an unknown outcome.
   */
  post(path: string, fields: Record<string, string>, call: CallContext & { idempotent?: boolean }): Promise<Record<string, unknown>>;
  /** DELETE a node (a post, a media item): repeating it cannot delete more, so a lost answer is a plain retry. */
  delete(path: string, call: CallContext): Promise<Record<string, unknown>>;
}

/**
 * Graph calls with the token in `Authorization: Bearer` (never in a URL, so it cannot reach a log
 * line or an error), errors classified by `graph-classify.ts`, usage headers watched.
 */
/** The options every Graph network (Facebook, Instagram, Threads) shares for its client. */
export interface GraphNetworkOptions {
  apiBaseUrl: string;
  graphVersion: string;
  policyBlockMinutes: number;
  quotaWaitMinutes?: number;
  requestTimeoutMs?: number;
}

export function graphClientFor(network: string, o: GraphNetworkOptions, token: string): GraphClient {
  return createGraphClient({
    network,
    baseUrl: `${o.apiBaseUrl}/${o.graphVersion}`,
    token,
    policyBlockMs: o.policyBlockMinutes * 60_000,
    ...(o.quotaWaitMinutes !== undefined ? { quotaWaitMs: o.quotaWaitMinutes * 60_000 } : {}),
    ...(o.requestTimeoutMs ? { timeoutMs: o.requestTimeoutMs } : {}),
  });
}

export function createGraphClient(opts: GraphClientOptions): GraphClient {
  const now = opts.now ?? Date.now;
  // Scrubbed at the source too: classify copies the body into the error the publisher logs and notes.
  const redact = secretScrubber([opts.token]);

  async function call(method: 'GET' | 'POST' | 'DELETE', path: string, params: Record<string, string>, c: CallContext & { idempotent?: boolean }) {
    const url = new URL(`${opts.baseUrl}/${path.replace(/^\/+/, '')}`);
    if (method === 'GET') for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    let res;
    try {
      res = await sendHttp(opts.network, url.toString(), {
        method,
        headers: { authorization: `Bearer ${opts.token}`, accept: 'application/json' },
        ...(method === 'POST' ? { body: new URLSearchParams(params) } : {}),
        signal: c.signal,
        timeoutMs: opts.timeoutMs ?? GRAPH_REQUEST_TIMEOUT_MS,
        ...(c.idempotent !== undefined ? { idempotent: c.idempotent } : {}),
      });
    } catch (err) {
      if (isPublishError(err)) throw err;
      throw new RetryableError(`${opts.network}: request failed`, { network: opts.network, cause: err });
    }
    const usagePct = highestUsagePct(res.headers);
    if (usagePct >= USAGE_WARN_PCT) c.log.warn({ network: opts.network, usagePct }, 'Graph API usage is close to the limit');
    const body = res.json as Record<string, unknown> | undefined;
    const ok = res.status >= 200 && res.status < 300;
    if (ok && body && typeof body === 'object' && !('error' in body)) return body;
    if (ok && !body) {
      // A 2xx we cannot read: for a publishing POST the post may exist.
      const init = { network: opts.network, status: res.status, detail: redact(res.text).slice(0, 200) };
      if (method === 'POST' && !c.idempotent) throw new UnknownOutcomeError(`${opts.network}: unreadable answer to ${path}`, init);
      throw new RetryableError(`${opts.network}: unreadable answer to ${path}`, init);
    }
    const err = classifyGraph(opts.network, res.status, res.headers, body ?? redact(res.text), now(), opts);
    Object.defineProperty(err, 'detail', { value: err.detail === undefined ? undefined : redact(err.detail) });
    if (graphFaultOf(err)?.code === GRAPH_CODES.policyBlock) {
      c.log.error(
        { network: opts.network, untilMs: (err as { untilMs?: number }).untilMs, detail: err.detail },
        'TEMPORARILY BLOCKED FOR POLICY VIOLATIONS by Meta: channel paused for a long time; review the account in Meta Business Suite',
      );
    }
    throw err;
  }

  return {
    get: (path, params, c) => call('GET', path, params, c),
    post: (path, fields, c) => call('POST', path, fields, c),
    delete: (path, c) => call('DELETE', path, {}, { ...c, idempotent: true }),
  };
}
