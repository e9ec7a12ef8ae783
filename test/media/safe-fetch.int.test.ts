import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPublicAddress, safeFetch } from '../../src/media/safe-fetch.js';

let server: Server;
let base: string;
const hits: string[] = [];

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
    if (req.url === '/slow') return setTimeout(() => res.end('late'), 2_000);
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
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const open = { maxBytes: 2_000, timeoutMs: 1_000, allowPrivateHosts: true };

describe('isPublicAddress', () => {
  it.each([
    ['8.8.8.8', true], ['2606:4700:4700::1111', true], ['93.184.216.34', true],
    ['127.0.0.1', false], ['10.1.2.3', false], ['172.16.5.4', false], ['192.168.1.1', false], ['169.254.169.254', false],
    ['100.64.0.1', false], ['0.0.0.0', false], ['224.0.0.1', false], ['::1', false], ['::', false], ['fe80::1', false],
    ['fd12:3456::1', false], ['::ffff:127.0.0.1', false], ['::ffff:10.0.0.1', false], ['not-an-ip', false],
  ])('%s → %s', (ip, expected) => {
    expect(isPublicAddress(ip)).toBe(expected);
  });
});

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
    const started = Date.now();
    expect(await safeFetch(`${base}/slow`, { ...open, timeoutMs: 200 })).toEqual({ ok: false, problem: expect.stringMatching(/timed out/) });
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('stops redirect loops and refuses non-http redirects and schemes', async () => {
    expect(await safeFetch(`${base}/loop`, open)).toEqual({ ok: false, problem: 'too many redirects' });
    expect(await safeFetch(`${base}/to-file`, open)).toEqual({ ok: false, problem: expect.stringMatching(/refused file:/) });
    expect(await safeFetch('ftp://example.com/x', open)).toMatchObject({ ok: false });
    expect(await safeFetch(`${base}/missing`, open)).toEqual({ ok: false, problem: expect.stringMatching(/HTTP 404/) });
  });
});
