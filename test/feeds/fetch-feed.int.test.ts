import { once } from 'node:events';
import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedFetchError } from '../../src/feeds/feed-errors.js';
import { fetchFeed } from '../../src/feeds/fetch-feed.js';
import type { FetchFeedInput, FetchOk } from '../../src/feeds/fetch-feed.js';
import { classifyAddress } from '../../src/shared/http/address-policy.js';
import type { HostResolver } from '../../src/shared/http/connect-guard.js';

const FEED = '<?xml version="1.0"?><rss version="2.0"><channel><title>Local</title></channel></rss>';
const seen: { path: string; headers: IncomingHttpHeaders }[] = [];
const closed = new Map<string, Promise<unknown>>();
let server: Server;
let base: string;
let tmp: string;

function route(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://localhost');
  seen.push({ path: url.pathname, headers: req.headers });
  closed.set(url.pathname, once(res, 'close'));
  const redirect = /^\/redirect\/(\d+)$/.exec(url.pathname);
  if (redirect) {
    const left = Number(redirect[1]);
    res.writeHead(left % 2 ? 301 : 302, { location: left > 0 ? `${left - 1}` : '/feed.xml' }).end();
    return;
  }
  switch (url.pathname) {
    case '/feed.xml':
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(FEED);
      return;
    case '/etag':
      if (req.headers['if-none-match'] === '"v1"') res.writeHead(304, { etag: '"v1"' }).end();
      else res.writeHead(200, { etag: '"v1"', 'last-modified': 'Sat, 31 Jan 2026 10:00:00 GMT' }).end(FEED);
      return;
    case '/gzip':
      res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(FEED));
      return;
    case '/br':
      res.writeHead(200, { 'content-encoding': 'br' }).end(brotliCompressSync(FEED));
      return;
    case '/gzip-bomb':
      res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(Buffer.alloc(20 * 1024 * 1024, 0x20)));
      return;
    case '/forever': {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const timer = setInterval(() => res.write(chunk), 1);
      res.on('close', () => clearInterval(timer));
      return;
    }
    case '/declared-huge':
      res.writeHead(200, { 'content-length': String(50 * 1024 * 1024) });
      res.write('<rss>');
      return;
    case '/hang':
      return; // never answers
    case '/stall-body':
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.write('<rss version="2.0"><channel>');
      return; // headers and half a body, then silence
    case '/500':
      res.writeHead(500).end('oops');
      return;
    case '/503':
      res.writeHead(503, { 'retry-after': '120' }).end();
      return;
    case '/latin1':
      res.writeHead(200, { 'content-type': 'text/xml; charset=iso-8859-1' });
      // "café – “ok”" in windows-1252: servers say iso-8859-1 and mean windows-1252.
      res.end(Buffer.concat([Buffer.from('<rss><title>caf\xe9 ', 'latin1'), Buffer.from([0x96, 0x20, 0x93]), Buffer.from('ok'), Buffer.from([0x94]), Buffer.from('</title></rss>')]));
      return;
    case '/to-loopback-name':
      res.writeHead(302, { location: `http://localhost:${url.port || (server.address() as AddressInfo).port}/feed.xml` }).end();
      return;
    case '/to-metadata':
      res.writeHead(301, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
      return;
    case '/to-self':
      res.writeHead(302, { location: `${base}/feed.xml` }).end();
      return;
    case '/to-rebind':
      res.writeHead(302, { location: `http://rebind.test:${(server.address() as AddressInfo).port}/feed.xml` }).end();
      return;
    case '/to-file':
      res.writeHead(302, { location: 'file:///etc/passwd' }).end();
      return;
    default:
      res.writeHead(404).end();
  }
}

const input = (urlPath: string, extra: Partial<FetchFeedInput> = {}): FetchFeedInput => ({
  url: `${base}${urlPath}`,
  timeoutMs: 5_000,
  maxBytes: 1024 * 1024,
  userAgent: 'CrierTest/1.0',
  ...extra,
});

async function fetchError(options: FetchFeedInput): Promise<FeedFetchError> {
  const err: unknown = await fetchFeed(options).then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(FeedFetchError);
  return err as FeedFetchError;
}

beforeAll(async () => {
  server = createServer(route);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  tmp = await mkdtemp(path.join(tmpdir(), 'crier-feeds-'));
});

afterAll(async () => {
  server.closeAllConnections();
  server.close();
  await rm(tmp, { recursive: true, force: true });
});

describe('fetchFeed over HTTP', () => {
  it('sends our headers and returns the decoded body with validators', async () => {
    const result = (await fetchFeed(input('/etag'))) as FetchOk;
    expect(result).toMatchObject({ kind: 'ok', status: 200, text: FEED, etag: '"v1"', lastModified: 'Sat, 31 Jan 2026 10:00:00 GMT', finalUrl: `${base}/etag`, charset: 'utf-8' });
    expect(result.bytes).toBe(Buffer.byteLength(FEED));
    const headers = seen.findLast((r) => r.path === '/etag')?.headers;
    expect(headers?.['user-agent']).toBe('CrierTest/1.0');
    expect(headers?.['accept-encoding']).toContain('br');
    expect(headers?.['if-none-match']).toBeUndefined();
  });

  it('sends If-None-Match / If-Modified-Since and reports 304 as not-modified', async () => {
    const result = await fetchFeed(input('/etag', { etag: '"v1"', lastModified: 'Sat, 31 Jan 2026 10:00:00 GMT' }));
    expect(result).toMatchObject({ kind: 'not-modified', status: 304, etag: '"v1"' });
    const headers = seen.findLast((r) => r.path === '/etag')?.headers;
    expect(headers?.['if-none-match']).toBe('"v1"');
    expect(headers?.['if-modified-since']).toBe('Sat, 31 Jan 2026 10:00:00 GMT');
  });

  it.each(['/gzip', '/br'])('decompresses %s responses', async (urlPath) => {
    expect(await fetchFeed(input(urlPath))).toMatchObject({ kind: 'ok', text: FEED });
  });

  it('caps the decompressed size of a gzip bomb', async () => {
    expect((await fetchError(input('/gzip-bomb'))).reason).toBe('too-large');
  });

  it('aborts an endless body at the byte cap, quickly', async () => {
    // No wall-time bound: the server seeing the connection close proves the abort; the test timeout is the backstop.
    const err = await fetchError(input('/forever', { maxBytes: 256 * 1024 }));
    expect(err.reason).toBe('too-large');
    expect(err.message).toBe('the feed from 127.0.0.1:' + new URL(base).port + ' is larger than 256 KB');
    expect(closed.has('/forever')).toBe(true);
    await closed.get('/forever'); // the server saw the connection go away
  });

  it('refuses a declared Content-Length over the cap without reading it', async () => {
    expect((await fetchError(input('/declared-huge'))).reason).toBe('too-large');
  });

  it('times out a server that never answers, and really closes the connection', async () => {
    const err = await fetchError(input('/hang', { timeoutMs: 300 }));
    expect(err).toMatchObject({ reason: 'timeout', message: expect.stringContaining('timed out after 300 ms') as string });
    expect(closed.has('/hang')).toBe(true);
    await closed.get('/hang'); // the server saw the connection go away
  });

  it('times out a body that stalls half-way', async () => {
    const err = await fetchError(input('/stall-body', { timeoutMs: 300 }));
    expect(err.reason).toBe('timeout');
    await closed.get('/stall-body');
  });

  it('follows up to 5 relative redirects and reports the final URL', async () => {
    const result = await fetchFeed(input('/redirect/4'));
    expect(result).toMatchObject({ kind: 'ok', text: FEED, finalUrl: `${base}/feed.xml` });
  });

  it('gives up on a chain of 6 redirects', async () => {
    const err = await fetchError(input('/redirect/5'));
    expect(err).toMatchObject({ reason: 'redirects', message: expect.stringContaining('more than 5 redirects') as string });
    expect((await fetchError(input('/redirect/1', { maxRedirects: 1 }))).reason).toBe('redirects');
  });

  describe('redirects into loopback and private ranges', () => {
    // The fake server is on loopback; for these tests its address counts as a public host's.
    // Keyed on the host name, so `localhost` (the same address by name) still counts as loopback.
    const pretendPublic = (address: string, hostname: string) => (hostname === '127.0.0.1' ? 'public' : classifyAddress(address));

    it.each([
      ['/to-loopback-name', 'localhost', 'loopback'],
      ['/to-metadata', '169.254.169.254', 'linkLocal'],
    ])('%s: refused for a feed configured on a public host', async (route, host, range) => {
      const requestsBefore = seen.length;
      const err = await fetchError({ ...input(route), classifyAddress: pretendPublic });
      expect(err).toMatchObject({ reason: 'redirects', message: expect.stringContaining(`redirect to ${host}`) as string });
      expect(err.message).toContain(range);
      expect(seen.slice(requestsBefore).map((r) => r.path)).toEqual([route]);
    });

    it('followed for a feed configured on a private address (an intranet CMS)', async () => {
      expect(await fetchFeed(input('/to-loopback-name'))).toMatchObject({ kind: 'ok', text: FEED });
    });

    describe('a name that rebinds between check and connect (DNS rebinding)', () => {
      // 127.0.0.1 plays the public internet, 127.0.0.2 (same port) an internal service.
      const loopbackIsPublic = (address: string) => (address === '127.0.0.1' ? 'public' : classifyAddress(address));
      let internal: Server;
      const internalHits: string[] = [];
      beforeAll(async () => {
        internal = createServer((req, res) => {
          internalHits.push(req.url ?? '');
          res.writeHead(200, { 'content-type': 'application/rss+xml' }).end('<rss><channel><title>internal</title></channel></rss>');
        });
        internal.listen((server.address() as AddressInfo).port, '127.0.0.2');
        await once(internal, 'listening');
      });
      afterAll(() => {
        internal.closeAllConnections();
        internal.close();
      });
      /** Answers `answers[n]` to the n-th question about rebind.test (the last one from then on). */
      const rebinding = (...answers: string[]): { resolve: HostResolver; asked: () => number } => {
        let asked = 0;
        const resolve: HostResolver = (hostname, cb) => {
          if (hostname !== 'rebind.test') return cb(Object.assign(new Error('not found'), { code: 'ENOTFOUND' }), []);
          const address = answers[Math.min(asked, answers.length - 1)] ?? '';
          asked += 1;
          cb(null, [{ address, family: 4 }]);
        };
        return { resolve, asked: () => asked };
      };

      it('connects to the address that was checked, whatever the name says next', async () => {
        const dns = rebinding('127.0.0.1', '127.0.0.2');
        const result = await fetchFeed({ ...input('/to-rebind'), classifyAddress: loopbackIsPublic, resolve: dns.resolve });
        expect(result).toMatchObject({ kind: 'ok', text: FEED, finalUrl: expect.stringContaining('rebind.test') as string });
        expect(dns.asked()).toBe(1);
        expect(internalHits).toEqual([]);
      });

      it('refuses at connect time when the name answers an internal address', async () => {
        const dns = rebinding('127.0.0.2', '127.0.0.1');
        const err = await fetchError({ ...input('/to-rebind'), classifyAddress: loopbackIsPublic, resolve: dns.resolve });
        expect(err).toMatchObject({ reason: 'redirects', message: expect.stringContaining('redirect to rebind.test') as string });
        expect(err.message).toContain('loopback');
        expect(dns.asked()).toBe(1);
        expect(internalHits).toEqual([]);
      });
    });

    it('followed between public hosts', async () => {
      expect(await fetchFeed({ ...input('/to-self'), classifyAddress: () => 'public' })).toMatchObject({ kind: 'ok', text: FEED });
    });
  });

  it('never follows a redirect to a file', async () => {
    expect((await fetchError(input('/to-file'))).reason).toBe('redirects');
  });

  it('reports HTTP errors with the status and Retry-After', async () => {
    expect(await fetchError(input('/500'))).toMatchObject({ reason: 'status', status: 500, message: `HTTP 500 Internal Server Error from 127.0.0.1:${new URL(base).port}` });
    expect(await fetchError(input('/503'))).toMatchObject({ reason: 'status', status: 503, retryAfterSeconds: 120 });
  });

  it('decodes with the charset from the Content-Type header', async () => {
    expect(await fetchFeed(input('/latin1'))).toMatchObject({ kind: 'ok', text: '<rss><title>café – “ok”</title></rss>', charset: 'windows-1252' });
  });

  it('reports a refused connection as a network error', async () => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1');
    await once(probe, 'listening');
    const port = (probe.address() as AddressInfo).port;
    probe.close();
    await once(probe, 'close');
    const err = await fetchError({ ...input(''), url: `http://127.0.0.1:${port}/feed.xml` });
    expect(err).toMatchObject({ reason: 'network', message: `127.0.0.1:${port} refused the connection` });
  });
});

describe('fetchFeed from disk', () => {
  it('reads plain paths and file: URLs, with mtime as Last-Modified', async () => {
    const file = path.join(tmp, 'feed.xml');
    await writeFile(file, `\ufeff${FEED}`);
    await utimes(file, new Date('2026-01-31T10:00:00Z'), new Date('2026-01-31T10:00:00Z'));
    const relative = path.relative(process.cwd(), file);
    const viaPath = (await fetchFeed({ ...input(''), url: relative })) as FetchOk;
    expect(viaPath).toMatchObject({ kind: 'ok', status: 200, text: FEED, finalUrl: pathToFileURL(file).href, lastModified: 'Sat, 31 Jan 2026 10:00:00 GMT' });
    const viaUrl = await fetchFeed({ ...input(''), url: pathToFileURL(file).href, etag: viaPath.etag, lastModified: viaPath.lastModified });
    expect(viaUrl).toMatchObject({ kind: 'not-modified', status: 304 });
  });

  it('sees a change made within the same second, even at the same size (content hash)', async () => {
    const file = path.join(tmp, 'same-second.xml');
    const at = new Date('2026-01-31T10:00:00Z');
    await writeFile(file, FEED.replace('Local', 'One'));
    await utimes(file, at, at);
    const first = (await fetchFeed({ ...input(''), url: file })) as FetchOk;
    await writeFile(file, FEED.replace('Local', 'Two'));
    await utimes(file, at, at);
    const second = await fetchFeed({ ...input(''), url: file, ...(first.etag ? { etag: first.etag } : {}), ...(first.lastModified ? { lastModified: first.lastModified } : {}) });
    expect(second).toMatchObject({ kind: 'ok', lastModified: first.lastModified, text: expect.stringContaining('Two') as string });
    expect((second as FetchOk).etag).not.toBe(first.etag);
  });

  it('checks the size before reading and explains missing files', async () => {
    const file = path.join(tmp, 'big.xml');
    await writeFile(file, Buffer.alloc(2048, 0x20));
    expect(await fetchError({ ...input(''), url: file, maxBytes: 1024 })).toMatchObject({ reason: 'too-large', message: expect.stringContaining('larger than 1 KB') as string });
    expect(await fetchError({ ...input(''), url: path.join(tmp, 'missing.xml') })).toMatchObject({ reason: 'file', message: expect.stringContaining('file not found') as string });
    expect(await fetchError({ ...input(''), url: tmp })).toMatchObject({ reason: 'file' });
  });

  it('rejects unsupported schemes', async () => {
    expect((await fetchError({ ...input(''), url: 'ftp://example.com/feed.xml' })).reason).toBe('network');
  });
});
