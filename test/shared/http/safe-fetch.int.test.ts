import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { safeFetch } from '../../../src/shared/http/safe-fetch.js';
import { allowPrivateOriginForTests } from '../../../src/shared/http/test-egress.js';

let server: Server;
let base: string;
/** A second loopback server standing in for an internal service (cloud metadata, Redis, admin). */
let internal: Server;
let internalBase: string;
const hits: string[] = [];
const internalHits: string[] = [];
/** Requests to /slow whose connection the client closed before any answer. */
const slowAbandoned: string[] = [];
// 64 MiB of zeros compresses to about 64 KiB (gzip) or a few hundred bytes (brotli).
const BOMB_BYTES = 64 * 1024 * 1024;
const gzipBomb = gzipSync(Buffer.alloc(BOMB_BYTES), { level: 9 });
const brotliBomb = brotliCompressSync(Buffer.alloc(BOMB_BYTES), { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } });

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(req.url ?? '');
    if (req.url === '/ok') return res.end('hello');
    if (req.url === '/big') {
      res.writeHead(200, { 'content-length': '5000' });
      return res.end('x'.repeat(5000));
    }
    if (req.url === '/big-chunked') {
      res.writeHead(200);
      for (let i = 0; i < 10; i++) res.write('y'.repeat(1000));
      return res.end();
    }
    // Never answers: only the client's timeout ends it, and the client closing the connection is recorded.
    if (req.url === '/slow') return void res.once('close', () => void (res.writableEnded || slowAbandoned.push(req.url ?? '')));
    if (req.url === '/loop') {
      res.writeHead(302, { location: '/loop' });
      return res.end();
    }
    if (req.url === '/to-ok') {
      res.writeHead(301, { location: '/ok' });
      return res.end();
    }
    if (req.url === '/to-file') {
      res.writeHead(302, { location: 'file:///etc/passwd' });
      return res.end();
    }
    if (req.url === '/to-internal') {
      res.writeHead(302, { location: `${internalBase}/latest/meta-data` });
      return res.end();
    }
    if (req.url === '/to-internal-by-name') {
      res.writeHead(302, { location: `${internalBase.replace('127.0.0.1', 'localhost')}/latest/meta-data` });
      return res.end();
    }
    if (req.url === '/bad-location') {
      // Node's server refuses to write a header with control characters; a bracket that never closes is enough.
      res.writeHead(302, { location: 'http://[::1/x' });
      return res.end();
    }
    if (req.url === '/gzip-bomb' || req.url === '/br-bomb') {
      const gzip = req.url === '/gzip-bomb';
      res.writeHead(200, { 'content-type': 'image/png', 'content-encoding': gzip ? 'gzip' : 'br' });
      return res.end(gzip ? gzipBomb : brotliBomb);
    }
    if (req.url === '/gzip-small') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': 'gzip' });
      return res.end(gzipSync(Buffer.from('<p>compressed page</p>')));
    }
    if (req.url === '/odd-encoding') {
      res.writeHead(200, { 'content-encoding': 'compress' });
      return res.end('x');
    }
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  internal = createServer((req, res) => {
    internalHits.push(req.url ?? '');
    res.end('secret-credentials');
  });
  await new Promise<void>((r) => internal.listen(0, '127.0.0.1', r));
  internalBase = `http://127.0.0.1:${(internal.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const s of [server, internal]) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

const open = { maxBytes: 2_000, timeoutMs: 1_000, allowPrivateHosts: true };

describe('safeFetch', () => {
  it('refuses loopback by IP literal and by name (checked at DNS lookup), without sending anything', async () => {
    const before = hits.length;
    const byIp = await safeFetch(`${base}/ok`, { maxBytes: 100, timeoutMs: 1_000 });
    expect(byIp).toEqual({ ok: false, problem: expect.stringMatching(/non-public address 127\.0\.0\.1/) });
    const byName = await safeFetch(`${base.replace('127.0.0.1', 'localhost')}/ok`, { maxBytes: 100, timeoutMs: 1_000 });
    expect(byName).toEqual({ ok: false, problem: expect.stringMatching(/non-public address/) });
    expect(await safeFetch('http://[::1]:1/x', { maxBytes: 100, timeoutMs: 1_000 })).toMatchObject({ ok: false });
    expect(hits.length).toBe(before);
  });

  it('never reuses a kept-alive socket for a checked hop (a pooled socket would skip the lookup)', async () => {
    const byName = `${base.replace('127.0.0.1', 'localhost')}/ok`;
    const withdraw = allowPrivateOriginForTests(byName);
    expect(await safeFetch(byName, { maxBytes: 100, timeoutMs: 1_000 })).toMatchObject({ ok: true });
    withdraw();
    const before = hits.length;
    expect(await safeFetch(byName, { maxBytes: 100, timeoutMs: 1_000 })).toEqual({ ok: false, problem: expect.stringMatching(/localhost resolves to a non-public address/) });
    expect(hits.length).toBe(before);
  });

  it('fetches when private hosts are explicitly allowed (tests), following redirects', async () => {
    const r = await safeFetch(`${base}/to-ok`, open);
    expect(r).toMatchObject({ ok: true, finalUrl: `${base}/ok` });
    if (r.ok) expect(r.bytes.toString()).toBe('hello');
  });

  it('caps the body by Content-Length and while streaming', async () => {
    expect(await safeFetch(`${base}/big`, open)).toEqual({ ok: false, problem: expect.stringMatching(/over the 2000-byte cap/) });
    expect(await safeFetch(`${base}/big-chunked`, open)).toEqual({ ok: false, problem: expect.stringMatching(/over the 2000-byte cap/) });
  });

  it('times out', async () => {
    // No wall-time bound: the server never answers, so only the abort ends this (the test timeout is the backstop).
    expect(await safeFetch(`${base}/slow`, { ...open, timeoutMs: 200 })).toEqual({ ok: false, problem: expect.stringMatching(/timed out/) });
    await vi.waitFor(() => expect(slowAbandoned).toEqual(['/slow'])); // and the server saw the connection closed
  });

  it('stops redirect loops and refuses non-http redirects and schemes', async () => {
    expect(await safeFetch(`${base}/loop`, open)).toEqual({ ok: false, problem: 'too many redirects' });
    expect(await safeFetch(`${base}/to-file`, open)).toEqual({ ok: false, problem: expect.stringMatching(/refused file:/) });
    expect(await safeFetch('ftp://example.com/x', open)).toMatchObject({ ok: false });
    expect(await safeFetch(`${base}/missing`, open)).toEqual({ ok: false, problem: expect.stringMatching(/HTTP 404/) });
  });

  it('refuses a redirect from the allowed test origin into another loopback service, by literal and by name', async () => {
    expect(await safeFetch(`${base}/to-internal`, open)).toEqual({ ok: false, problem: expect.stringMatching(/refused non-public address 127\.0\.0\.1 \(loopback\)/) });
    expect(await safeFetch(`${base}/to-internal-by-name`, open)).toEqual({ ok: false, problem: expect.stringMatching(/localhost resolves to a non-public address/) });
    expect(internalHits).toEqual([]);
  });

  it('ignores the test allowance outside the test runner, so no setting can switch it on', async () => {
    vi.stubEnv('VITEST', '');
    try {
      const before = hits.length;
      expect(await safeFetch(`${base}/ok`, open)).toEqual({ ok: false, problem: expect.stringMatching(/non-public address 127\.0\.0\.1/) });
      expect(hits.length).toBe(before);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('returns a refusal, never throws, on a malformed redirect Location', async () => {
    expect(await safeFetch(`${base}/bad-location`, open)).toEqual({ ok: false, problem: expect.stringMatching(/redirected to an invalid URL/) });
  });

  it('counts decompressed bytes against the cap: gzip and brotli bombs stop at the cap', async () => {
    const big = { ...open, maxBytes: 1_000_000, timeoutMs: 5_000 };
    for (const path of ['/gzip-bomb', '/br-bomb']) {
      const before = process.memoryUsage().rss;
      expect(await safeFetch(`${base}${path}`, big)).toEqual({ ok: false, problem: 'body is over the 1000000-byte cap' });
      // Generous bound: the whole bomb would be 64 MiB; stopping at the cap costs a few chunks.
      expect(process.memoryUsage().rss - before).toBeLessThan(48 * 1024 * 1024);
    }
  });

  it('decodes a compressed body within the cap and refuses an unknown encoding', async () => {
    const r = await safeFetch(`${base}/gzip-small`, open);
    expect(r).toMatchObject({ ok: true, contentType: 'text/html' });
    if (r.ok) expect(r.bytes.toString()).toBe('<p>compressed page</p>');
    expect(await safeFetch(`${base}/odd-encoding`, open)).toEqual({ ok: false, problem: expect.stringMatching(/unsupported content-encoding "compress"/) });
  });
});
