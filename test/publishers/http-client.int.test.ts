import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { constants, createBrotliCompress, createGzip } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_RESPONSE_BYTES, sendHttp } from '../../src/publishers/http-client.js';

/** Zeros without end: a compression bomb no reader could finish. */
function endlessZeros(): Readable {
  const chunk = Buffer.alloc(64 * 1024);
  return new Readable({ read() { this.push(chunk); } });
}

let server: Server;
let base = '';
/** Compressed bytes each bomb response managed to write before the client hung up. */
const sentBeforeClose: number[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/gzip-bomb' || req.url === '/br-bomb') {
      const gzip = req.url === '/gzip-bomb';
      res.writeHead(502, { 'content-type': 'text/html', 'content-encoding': gzip ? 'gzip' : 'br' });
      const source = endlessZeros();
      const encoder = gzip ? createGzip() : createBrotliCompress({ params: { [constants.BROTLI_PARAM_QUALITY]: 4 } });
      let sent = 0;
      encoder.on('data', (c: Buffer) => (sent += c.length));
      res.on('close', () => {
        sentBeforeClose.push(sent);
        source.destroy();
        encoder.destroy();
      });
      source.pipe(encoder).pipe(res);
      return;
    }
    if (req.url === '/json') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

describe('sendHttp body cap', () => {
  it.each(['/gzip-bomb', '/br-bomb'])('stops reading an endless %s at the cap (decoded bytes counted) and keeps its start', async (path) => {
    const rssBefore = process.memoryUsage().rss;
    const res = await sendHttp('test', `${base}${path}`, { timeoutMs: 10_000 });
    expect(res.status).toBe(502);
    expect(res.text.length).toBe(MAX_RESPONSE_BYTES);
    // Generous bound: the cap is 2 MiB; reading the whole answer would never end.
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(200 * 1024 * 1024);
  });

  it('hangs up on the bomb instead of draining it', async () => {
    await expect.poll(() => sentBeforeClose.length, { timeout: 5_000 }).toBe(2);
  });

  it('still reads a small JSON answer whole', async () => {
    const res = await sendHttp('test', `${base}/json`);
    expect(res.json).toEqual({ ok: true });
  });
});
