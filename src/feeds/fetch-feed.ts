import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { decodeFeedBytes } from './charset.js';
import { classifyFeedHost, redirectGuard } from './feed-address.js';
import type { ClassifyHost } from './feed-address.js';
import { describeBytes, describeDurationMs, describeSource, FeedFetchError, parseRetryAfterSeconds } from './feed-errors.js';
import { BodyTooLargeError, elapsedMs, readCappedBody } from './read-body.js';

/**
 * Fetch a feed ourselves instead of rss-parser's parseURL, which has no size cap, no conditional
 * GET, no gzip, ignores the XML declaration's charset and "times out" without aborting the socket
 * (reference C.1/C.2). One deadline covers every redirect hop and the body; one byte cap covers
 * the decompressed body, so neither a slow server nor a gzip bomb can hold a poller slot.
 */

export interface FetchFeedInput {
  /** http(s) URL, file: URL, or a file path relative to the working directory. */
  url: string;
  etag?: string;
  lastModified?: string;
  timeoutMs: number;
  maxBytes: number;
  userAgent: string;
  maxRedirects?: number;
  /** How hosts are placed for the redirect rule (feed-address.ts); tests pretend a loopback server is public. */
  classifyHost?: ClassifyHost;
}

export interface FetchNotModified {
  kind: 'not-modified';
  status: 304;
  etag?: string;
  lastModified?: string;
  finalUrl: string;
  durationMs: number;
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
  durationMs: number;
}

export type FetchResult = FetchNotModified | FetchOk;

const DEFAULT_MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const ACCEPT = 'application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5';

export async function fetchFeed(input: FetchFeedInput): Promise<FetchResult> {
  const startedMs = performance.now();
  const scheme = /^([a-z][a-z0-9+.-]+):/i.exec(input.url)?.[1]?.toLowerCase();
  if (scheme === 'http' || scheme === 'https') return fetchHttp(input, startedMs);
  if (scheme === undefined || scheme === 'file') return readFeedFile(input, startedMs);
  throw new FeedFetchError('network', `cannot fetch "${input.url}": only http, https and file addresses are supported`);
}

async function fetchHttp(input: FetchFeedInput, startedMs: number): Promise<FetchResult> {
  const maxRedirects = input.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, input.timeoutMs);
  const timeoutError = (url: string) =>
    new FeedFetchError('timeout', `timed out after ${describeDurationMs(input.timeoutMs)} fetching ${describeSource(url)}`);

  const guardRedirect = redirectGuard(input.url, input.classifyHost ?? classifyFeedHost);
  try {
    let url = input.url;
    for (let redirects = 0; ; redirects += 1) {
      let response: Response;
      try {
        response = await fetch(url, { headers: requestHeaders(input), redirect: 'manual', signal: controller.signal });
      } catch (err) {
        throw timedOut ? timeoutError(url) : networkError(err, url);
      }
      const { status } = response;
      const host = describeSource(url);

      if (REDIRECT_STATUSES.has(status)) {
        await response.body?.cancel().catch(() => undefined);
        url = nextLocation(response.headers.get('location'), url, status, redirects, maxRedirects);
        const refused = await guardRedirect(new URL(url));
        if (refused) throw new FeedFetchError('redirects', `${host}: ${refused}`, { status });
        continue;
      }
      const etag = response.headers.get('etag') ?? undefined;
      const lastModified = response.headers.get('last-modified') ?? undefined;
      if (status === 304) {
        await response.body?.cancel().catch(() => undefined);
        return { kind: 'not-modified', status, ...definedOnly({ etag, lastModified }), finalUrl: url, durationMs: elapsedMs(startedMs) };
      }
      if (status < 200 || status >= 300) {
        await response.body?.cancel().catch(() => undefined);
        const retryAfterSeconds = status === 429 || status === 503 ? parseRetryAfterSeconds(response.headers.get('retry-after')) : undefined;
        const label = response.statusText ? ` ${response.statusText}` : '';
        throw new FeedFetchError('status', `HTTP ${status}${label} from ${host}`, { status, ...definedOnly({ retryAfterSeconds }) });
      }

      const declaredLength = Number(response.headers.get('content-length') ?? NaN);
      if (Number.isFinite(declaredLength) && declaredLength > input.maxBytes) {
        controller.abort();
        throw tooLarge(host, input.maxBytes);
      }
      const body = await readCappedBody(response, input.maxBytes, controller).catch((err: unknown) => {
        if (err instanceof BodyTooLargeError) throw tooLarge(host, input.maxBytes);
        throw timedOut ? timeoutError(url) : networkError(err, url);
      });
      const contentType = response.headers.get('content-type') ?? undefined;
      const { text, charset, warnings: charsetWarnings } = decodeFeedBytes(body, contentType);
      return {
        kind: 'ok', status, text, ...definedOnly({ etag, lastModified, contentType, charsetWarnings }),
        finalUrl: url, bytes: body.byteLength, charset, durationMs: elapsedMs(startedMs),
      };
    }
  } finally {
    clearTimeout(timer);
  }
}

function requestHeaders(input: FetchFeedInput): Record<string, string> {
  const headers: Record<string, string> = {
    'user-agent': input.userAgent,
    accept: ACCEPT,
    // Node's fetch decompresses these itself; asking explicitly keeps "br" on every Node version.
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

async function readFeedFile(input: FetchFeedInput, startedMs: number): Promise<FetchResult> {
  let filePath: string;
  try {
    filePath = input.url.toLowerCase().startsWith('file:') ? fileURLToPath(input.url) : path.resolve(input.url);
  } catch (err) {
    throw new FeedFetchError('file', `"${input.url}" is not a usable file address`, { cause: err });
  }
  const finalUrl = pathToFileURL(filePath).href;
  try {
    const info = await stat(filePath);
    if (!info.isFile()) throw new FeedFetchError('file', `${filePath} is not a file`);
    if (info.size > input.maxBytes) throw new FeedFetchError('too-large', `${filePath} is larger than ${describeBytes(input.maxBytes)}`);
    // mtime has one-second resolution in Last-Modified, so a file rewritten within the same second
    // would look unchanged: the size and a hash of the content are the validator (as an ETag);
    // reading a local file is cheap, parsing it is what an unchanged file must not cost.
    const lastModified = info.mtime.toUTCString();
    const bytes = await readFile(filePath, { signal: AbortSignal.timeout(input.timeoutMs) });
    const etag = `"${bytes.byteLength.toString(16)}-${createHash('sha256').update(bytes).digest('base64url').slice(0, 32)}"`;
    if (input.etag === etag) {
      return { kind: 'not-modified', status: 304, etag, lastModified, finalUrl, durationMs: elapsedMs(startedMs) };
    }
    const { text, charset, warnings: charsetWarnings } = decodeFeedBytes(bytes);
    return {
      kind: 'ok', status: 200, text, etag, lastModified, finalUrl, bytes: bytes.byteLength, charset,
      ...definedOnly({ charsetWarnings }), durationMs: elapsedMs(startedMs),
    };
  } catch (err) {
    if (err instanceof FeedFetchError) throw err;
    const code = (err as { code?: unknown }).code;
    if (code === 'ENOENT') throw new FeedFetchError('file', `file not found: ${filePath}`, { cause: err });
    if (code === 'EACCES' || code === 'EPERM') throw new FeedFetchError('file', `no permission to read ${filePath}`, { cause: err });
    if (code === 'ABORT_ERR') throw new FeedFetchError('timeout', `timed out after ${describeDurationMs(input.timeoutMs)} reading ${filePath}`);
    throw new FeedFetchError('file', `cannot read ${filePath}: ${(err as Error).message}`, { cause: err });
  }
}

/** Drop undefined values so optional fields are absent rather than present-and-undefined. */
function definedOnly<T extends Record<string, unknown>>(values: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}
