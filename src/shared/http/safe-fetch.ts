import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { classifyAddress, ipLiteralOf } from './address-policy.js';
import { declaredTooLarge, readCappedBody } from './capped-body.js';
import { BlockedAddressError, guardedLookup } from './connect-guard.js';
import { inTestRunner, isTestAllowedOrigin } from './test-egress.js';

/**
 * The one GET for URLs that come from feeds and article pages (images, og:image, article text),
 * which anyone who can publish a feed item controls. Guards against server-side request forgery:
 * the resolved address is checked at connect time (inside `lookup`, and the socket connects to the
 * address that was checked, so DNS rebinding cannot swap it afterwards), IP literals are checked
 * up front, every redirect hop goes through the same checks, and the body is capped (decoded
 * bytes counted) and timed out. Never throws: returns the reason instead.
 */

export interface SafeFetchOptions {
  maxBytes: number;
  timeoutMs: number;
  /**
   * Test-only (see test-egress.ts): lets the origin of the URL asked for be on a private address.
   * Honoured only inside the test runner; a redirect to any other origin meets the full policy.
   * Outside tests it is ignored, so no config value can open it.
   */
  allowPrivateHosts?: boolean;
  maxRedirects?: number;
  accept?: string;
  userAgent?: string;
  signal?: AbortSignal;
  /**
   * POST `body` (a WebSub subscribe request to a hub named by a feed). Any 2xx answers; only a
   * 307/308 redirect is followed, with the same method and body. Default GET.
   */
  post?: { body: string; contentType: string };
}

export type SafeFetchResult = { ok: true; bytes: Buffer; contentType: string; finalUrl: string } | { ok: false; problem: string };

export const DEFAULT_MAX_REDIRECTS = 3;
const DEFAULT_USER_AGENT = 'Crier/0.1 (+https://github.com/crier-news/crier)';

/**
 * Whether this hop may skip the address policy: only inside the test runner, for the origin of the
 * URL asked for (per-call allowance) or an origin a test registered (test-egress.ts).
 */
function testAllowanceFor(first: URL, opts: SafeFetchOptions): (url: URL) => boolean {
  const firstOrigin = opts.allowPrivateHosts === true && inTestRunner() ? first.origin : undefined;
  return (url) => url.origin === firstOrigin || isTestAllowedOrigin(url.origin);
}

/** One guard for every guarded hop: the public-only policy with the system resolver. */
const publicOnlyLookup = guardedLookup();

function once(url: URL, opts: SafeFetchOptions, signal: AbortSignal, guarded: boolean): Promise<IncomingMessage> {
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: opts.post ? 'POST' : 'GET',
        headers: {
          accept: opts.accept ?? '*/*', 'accept-encoding': 'gzip, deflate, br', 'user-agent': opts.userAgent ?? DEFAULT_USER_AGENT,
          ...(opts.post ? { 'content-type': opts.post.contentType, 'content-length': String(Buffer.byteLength(opts.post.body)) } : {}),
        },
        signal,
        // A pooled keep-alive socket skips `lookup`: a guarded hop never takes one (agent: false).
        ...(guarded ? { lookup: publicOnlyLookup, agent: false } : {}),
      },
      resolve,
    );
    req.on('error', reject);
    req.end(opts.post?.body);
  });
}

/** Why this hop may not be fetched at all, or undefined when it may. */
function refuseHop(url: URL, testAllowed: boolean): string | undefined {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `refused ${url.protocol} URL`;
  if (url.username || url.password) return 'refused a URL with credentials';
  const literal = ipLiteralOf(url.hostname);
  if (literal === undefined || testAllowed) return undefined;
  const range = classifyAddress(literal);
  return range === 'public' ? undefined : `refused non-public address ${literal} (${range})`;
}

async function readBody(res: IncomingMessage, url: URL, opts: SafeFetchOptions, signal: AbortSignal): Promise<SafeFetchResult> {
  if (declaredTooLarge(res.headers['content-length'], opts.maxBytes)) {
    res.destroy();
    return { ok: false, problem: `body is ${res.headers['content-length']} bytes, over the ${opts.maxBytes}-byte cap` };
  }
  try {
    const body = await readCappedBody(res, { maxBytes: opts.maxBytes, contentEncoding: res.headers['content-encoding'] });
    if (!body.ok) return { ok: false, problem: body.problem };
    const contentType = String(res.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    return { ok: true, bytes: body.bytes, contentType, finalUrl: url.toString() };
  } catch (err) {
    return { ok: false, problem: signal.aborted ? `timed out after ${opts.timeoutMs} ms` : `body lost (${(err as Error).message})` };
  } finally {
    res.destroy();
  }
}

export async function safeFetch(rawUrl: string, opts: SafeFetchOptions): Promise<SafeFetchResult> {
  const timeout = AbortSignal.timeout(opts.timeoutMs);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return { ok: false, problem: 'invalid URL' };
  }
  const testAllowed = testAllowanceFor(url, opts);
  for (let hop = 0; hop <= (opts.maxRedirects ?? DEFAULT_MAX_REDIRECTS); hop++) {
    const allowed = testAllowed(url);
    const refused = refuseHop(url, allowed);
    if (refused) return { ok: false, problem: refused };
    let res: IncomingMessage;
    try {
      res = await once(url, opts, signal, !allowed);
    } catch (err) {
      const e = err as Error;
      if (e instanceof BlockedAddressError) return { ok: false, problem: `refused: ${e.message}` };
      return { ok: false, problem: signal.aborted ? `timed out after ${opts.timeoutMs} ms` : `cannot fetch ${url.host} (${(e as NodeJS.ErrnoException).code ?? e.message})` };
    }
    const status = res.statusCode ?? 0;
    const location = res.headers.location;
    if (status >= 300 && status < 400 && location) {
      res.destroy();
      if (opts.post && status !== 307 && status !== 308) return { ok: false, problem: `${url.host} answered a POST with HTTP ${status}` };
      const next = URL.canParse(location, url.href) ? new URL(location, url) : undefined;
      if (!next) return { ok: false, problem: `${url.host} redirected to an invalid URL` };
      url = next;
      continue;
    }
    if (opts.post ? status < 200 || status > 299 : status !== 200) {
      res.destroy();
      return { ok: false, problem: `${url.host} answered HTTP ${status}` };
    }
    return readBody(res, url, opts, signal);
  }
  return { ok: false, problem: 'too many redirects' };
}
