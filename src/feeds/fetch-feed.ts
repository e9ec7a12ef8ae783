import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { BlockedAddressError } from '../shared/http/connect-guard.js';
import { declaredTooLarge, readCappedBody } from '../shared/http/capped-body.js';
import { decodeFeedBytes } from './charset.js';
import { redirectRule, refusedRedirect, type FeedAddressHooks } from './feed-address.js';
import { describeBytes, describeDurationMs, describeSource, FeedFetchError, parseRetryAfterSeconds } from './feed-errors.js';
import { definedOnly, elapsedMs } from './fetch-timing.js';
import { readFeedFile } from './read-feed-file.js';

/**
 * Fetch a feed ourselves instead of rss-parser's parseURL, which has no size cap, no conditional
 * GET, no gzip, ignores the XML declaration's charset and "times out" without aborting the socket
 * (reference C.1/C.2). One deadline covers every redirect hop and the body; one byte cap covers
 * the decompressed body, so neither a slow server nor a gzip bomb can hold a poller slot.
 */

export interface FetchFeedInput extends FeedAddressHooks {
  /** http(s) URL, file: URL, or a file path relative to the working directory. */
  url: string;
  etag?: string;
  lastModified?: string;
  timeoutMs: number;
  maxBytes: number;
  userAgent: string;
  maxRedirects?: number;
}

export interface FetchNotModified {
  kind: 'not-modified';
  status: 304;
  etag?: string;
  lastModified?: string;
  finalUrl: string;
  durationMs: number;
  /** Cache-Control and Retry-After as sent, cut short: adaptive polling reads them (src/feeds/adaptive-hints.ts). */
  cacheControl?: string;
  retryAfter?: string;
}

export interface FetchOk {
  kind: 'ok';
  status: number;
  /** Decoded body (see charset.ts), BOM removed. */
  text: string;
  etag?: string;
  lastModified?: string;
  /** URL after redirects (file: URL for files): the base for relative links in the feed. */
  finalUrl: string;
  /** Decoded (decompressed) body size. */
  bytes: number;
  charset: string;
  /** Decoding trouble worth showing on the feed's health (see charset.ts). */
  charsetWarnings?: string[];
  contentType?: string;
  /** The response's Link header (WebSub discovery), cut at LINK_HEADER_MAX_CHARS. */
  linkHeader?: string;
  durationMs: number;
  cacheControl?: string;
  retryAfter?: string;
}

export type FetchResult = FetchNotModified | FetchOk;

const DEFAULT_MAX_REDIRECTS = 5;
/** A Link header longer than this is cut: it names a hub and a self URL, not a book. */
export const LINK_HEADER_MAX_CHARS = 8_192;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const ACCEPT = 'application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5';

export async function fetchFeed(input: FetchFeedInput): Promise<FetchResult> {
  const startedMs = performance.now();
  const scheme = /^([a-z][a-z0-9+.-]+):/i.exec(input.url)?.[1]?.toLowerCase();
  if (scheme === 'http' || scheme === 'https') return fetchHttp(input, startedMs);
  if (scheme === undefined || scheme === 'file') return readFeedFile(input, startedMs);
  throw new FeedFetchError('network', `cannot fetch "${input.url}": only http, https and file addresses are supported`);
}

/** One GET, on `lookup` when the hop must be checked at connect time; every hop shares the one deadline `signal`. */
function get(url: URL, headers: Record<string, string>, signal: AbortSignal, lookup: LookupFunction | undefined): Promise<IncomingMessage> {
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    // agent: false — a pooled keep-alive socket would skip `lookup`, so a guarded hop could reuse a
    // socket an unguarded one opened to a private address; no feed socket joins the shared pool either.
    const req = request(url, { method: 'GET', headers, signal, agent: false, ...(lookup ? { lookup } : {}) }, resolve);
    req.on('error', reject);
    req.end();
  });
}

const header = (res: IncomingMessage, name: string): string | undefined => {
  const value = res.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

async function fetchHttp(input: FetchFeedInput, startedMs: number): Promise<FetchResult> {
  const maxRedirects = input.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), input.timeoutMs);
  const failure = (err: unknown, url: string) =>
    controller.signal.aborted
      ? new FeedFetchError('timeout', `timed out after ${describeDurationMs(input.timeoutMs)} fetching ${describeSource(url)}`)
      : networkError(err, url);
  const rule = redirectRule(input);
  const headers = requestHeaders(input);
  try {
    let url = input.url;
    for (let redirects = 0; ; redirects += 1) {
      const res = await get(new URL(url), headers, controller.signal, redirects === 0 ? undefined : rule.lookupForRedirect()).catch((err: unknown) => {
        if (err instanceof BlockedAddressError) throw new FeedFetchError('redirects', refusedRedirect(new URL(url).host, err.range));
        throw failure(err, url);
      });
      const status = res.statusCode ?? 0;
      const host = describeSource(url);
      if (REDIRECT_STATUSES.has(status)) {
        if (redirects === 0) rule.feedConnectedTo(res.socket.remoteAddress, new URL(url).hostname);
        res.destroy();
        const from = url;
        url = nextLocation(header(res, 'location') ?? null, url, status, redirects, maxRedirects);
        const refused = rule.refuseLiteral(new URL(url));
        if (refused) throw new FeedFetchError('redirects', `${describeSource(from)}: ${refused}`, { status });
        continue;
      }
      const etag = header(res, 'etag');
      const lastModified = header(res, 'last-modified');
      const timing = { cacheControl: header(res, 'cache-control')?.slice(0, 1_000), retryAfter: header(res, 'retry-after')?.slice(0, 200) };
      if (status === 304) {
        res.destroy();
        return { kind: 'not-modified', status, ...definedOnly({ etag, lastModified, ...timing }), finalUrl: url, durationMs: elapsedMs(startedMs) };
      }
      if (status < 200 || status >= 300) {
        res.destroy();
        const retryAfterSeconds = status === 429 || status === 503 ? parseRetryAfterSeconds(header(res, 'retry-after') ?? null) : undefined;
        const label = res.statusMessage ? ` ${res.statusMessage}` : '';
        throw new FeedFetchError('status', `HTTP ${status}${label} from ${host}`, { status, ...definedOnly({ retryAfterSeconds }) });
      }
      const bytes = await readFeedBody(res, input.maxBytes, host, (err) => failure(err, url));
      const contentType = header(res, 'content-type');
      const linkHeader = [res.headers.link ?? []].flat().join(', ').slice(0, LINK_HEADER_MAX_CHARS) || undefined;
      const { text, charset, warnings: charsetWarnings } = decodeFeedBytes(bytes, contentType);
      return {
        kind: 'ok', status, text, ...definedOnly({ etag, lastModified, contentType, charsetWarnings, linkHeader, ...timing }),
        finalUrl: url, bytes: bytes.byteLength, charset, durationMs: elapsedMs(startedMs),
      };
    }
  } finally {
    clearTimeout(timer);
  }
}

/** The body through the shared capped reader: gzip/deflate/br decoded here, the cap counts decoded bytes. */
async function readFeedBody(res: IncomingMessage, maxBytes: number, host: string, lost: (err: unknown) => FeedFetchError): Promise<Buffer> {
  try {
    if (declaredTooLarge(header(res, 'content-length'), maxBytes)) throw tooLarge(host, maxBytes);
    const body = await readCappedBody(res, { maxBytes, contentEncoding: header(res, 'content-encoding') }).catch((err: unknown) => {
      throw lost(err);
    });
    if (body.ok) return body.bytes;
    throw body.tooLarge ? tooLarge(host, maxBytes) : new FeedFetchError('network', `${host}: ${body.problem}`);
  } finally {
    // Lets the socket go at once, also when the cap stopped the read half-way.
    res.destroy();
  }
}

function requestHeaders(input: FetchFeedInput): Record<string, string> {
  const headers: Record<string, string> = {
    'user-agent': input.userAgent,
    accept: ACCEPT,
    // Decoded by the capped reader (capped-body.ts), which counts the decoded bytes.
    'accept-encoding': 'gzip, deflate, br',
  };
  if (input.etag) headers['if-none-match'] = input.etag;
  if (input.lastModified) headers['if-modified-since'] = input.lastModified;
  return headers;
}

function nextLocation(location: string | null, from: string, status: number, redirects: number, max: number): string {
  const host = describeSource(from);
  if (!location) throw new FeedFetchError('status', `HTTP ${status} redirect from ${host} without a Location header`, { status });
  if (redirects >= max) throw new FeedFetchError('redirects', `more than ${max} redirects starting at ${host}`, { status });
  let next: URL;
  try {
    next = new URL(location, from);
  } catch {
    throw new FeedFetchError('redirects', `${host} redirected to an invalid address "${location}"`, { status });
  }
  // Never follow a server into file:, data: or other schemes: that would read local files.
  if (next.protocol !== 'http:' && next.protocol !== 'https:') {
    throw new FeedFetchError('redirects', `${host} redirected to an unsupported address "${next.href}"`, { status });
  }
  next.hash = '';
  return next.href;
}

function networkError(err: unknown, url: string): FeedFetchError {
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
  const code = (cause as { code?: unknown } | undefined)?.code;
  const host = describeSource(url);
  const reasons: Record<string, string> = {
    ECONNREFUSED: `${host} refused the connection`,
    ENOTFOUND: `${host} was not found (DNS)`,
    EAI_AGAIN: `${host} could not be resolved right now (DNS)`,
    ECONNRESET: `${host} closed the connection`,
    ETIMEDOUT: `${host} did not answer the connection`,
  };
  const message = typeof code === 'string' && reasons[code] ? reasons[code] : `could not reach ${host}: ${cause instanceof Error ? cause.message : String(cause)}`;
  return new FeedFetchError('network', message, { cause: err });
}

function tooLarge(host: string, maxBytes: number): FeedFetchError {
  return new FeedFetchError('too-large', `the feed from ${host} is larger than ${describeBytes(maxBytes)}`);
}
