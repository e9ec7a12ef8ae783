import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP } from 'node:net';

/**
 * GET for URLs that come from feeds and article pages (images, og:image), which anyone who can
 * publish a feed item controls. Guards against server-side request forgery: the resolved address
 * is checked at connect time (inside `lookup`, so DNS rebinding cannot swap it afterwards), IP
 * literals are checked up front, every redirect hop goes through the same checks, and the body is
 * capped and timed out. Never throws: returns the reason instead.
 */

export interface SafeFetchOptions {
  maxBytes: number;
  timeoutMs: number;
  /** Tests serve from 127.0.0.1; production never sets this. */
  allowPrivateHosts?: boolean;
  maxRedirects?: number;
  accept?: string;
  userAgent?: string;
  signal?: AbortSignal;
}

export type SafeFetchResult = { ok: true; bytes: Buffer; contentType: string; finalUrl: string } | { ok: false; problem: string };

export const DEFAULT_MAX_REDIRECTS = 3;
const DEFAULT_USER_AGENT = 'Crier/0.1 (+https://github.com/crier-news/crier)';

const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24],
  ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) blocked.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['2001:db8::', 32], ['64:ff9b::', 96], ['100::', 64],
] as const) blocked.addSubnet(net, prefix, 'ipv6');

/** Loopback, private, link-local, CGNAT, multicast, documentation and reserved ranges are not public. */
export function isPublicAddress(ip: string): boolean {
  const family = isIP(ip);
  if (family === 0) return false;
  // IPv4-mapped IPv6 (::ffff:10.0.0.1) is checked against the IPv4 rules by BlockList itself.
  return !blocked.check(ip, family === 4 ? 'ipv4' : 'ipv6');
}

class BlockedAddressError extends Error {
  readonly code = 'CRIER_BLOCKED_ADDRESS';
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

function guardedLookup(hostname: string, options: { all?: boolean; family?: number }, cb: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return cb(err, []);
    const bad = addresses.find((a) => !isPublicAddress(a.address));
    if (bad) return cb(new BlockedAddressError(`${hostname} resolves to a non-public address (${bad.address})`), []);
    if (options.all) return cb(null, addresses);
    const first = addresses[0];
    if (!first) return cb(new BlockedAddressError(`${hostname} has no address`), []);
    cb(null, first.address, first.family);
  });
}

function once(url: URL, opts: SafeFetchOptions, signal: AbortSignal): Promise<{ res: IncomingMessage }> {
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'GET',
        headers: { accept: opts.accept ?? '*/*', 'user-agent': opts.userAgent ?? DEFAULT_USER_AGENT },
        signal,
        ...(opts.allowPrivateHosts ? {} : { lookup: guardedLookup as never }),
      },
      (res) => resolve({ res }),
    );
    req.on('error', reject);
    req.end();
  });
}

async function readCapped(res: IncomingMessage, maxBytes: number): Promise<Buffer | string> {
  const declared = Number(res.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    res.destroy();
    return `body is ${declared} bytes, over the ${maxBytes}-byte cap`;
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of res) {
    total += (chunk as Buffer).length;
    if (total > maxBytes) {
      res.destroy();
      return `body is over the ${maxBytes}-byte cap`;
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
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
  for (let hop = 0; hop <= (opts.maxRedirects ?? DEFAULT_MAX_REDIRECTS); hop++) {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, problem: `refused ${url.protocol} URL` };
    if (url.username || url.password) return { ok: false, problem: 'refused a URL with credentials' };
    const literal = url.hostname.replace(/^\[|\]$/g, '');
    if (!opts.allowPrivateHosts && isIP(literal) && !isPublicAddress(literal)) return { ok: false, problem: `refused non-public address ${literal}` };
    let res: IncomingMessage;
    try {
      ({ res } = await once(url, opts, signal));
    } catch (err) {
      const e = err as Error;
      if (e instanceof BlockedAddressError) return { ok: false, problem: `refused: ${e.message}` };
      return { ok: false, problem: signal.aborted ? `timed out after ${opts.timeoutMs} ms` : `cannot fetch ${url.host} (${(e as NodeJS.ErrnoException).code ?? e.message})` };
    }
    const status = res.statusCode ?? 0;
    const location = res.headers.location;
    if (status >= 300 && status < 400 && location) {
      res.resume();
      url = new URL(location, url);
      continue;
    }
    if (status !== 200) {
      res.resume();
      return { ok: false, problem: `${url.host} answered HTTP ${status}` };
    }
    try {
      const body = await readCapped(res, opts.maxBytes);
      if (typeof body === 'string') return { ok: false, problem: body };
      return { ok: true, bytes: body, contentType: String(res.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '', finalUrl: url.toString() };
    } catch (err) {
      return { ok: false, problem: signal.aborted ? `timed out after ${opts.timeoutMs} ms` : `body lost (${(err as Error).message})` };
    }
  }
  return { ok: false, problem: 'too many redirects' };
}
