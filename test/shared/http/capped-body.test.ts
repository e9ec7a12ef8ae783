import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { declaredTooLarge, readCappedBody } from '../../../src/shared/http/capped-body.js';

async function* chunks(...parts: Buffer[]): AsyncGenerator<Uint8Array> {
  for (const p of parts) yield p;
}

describe('readCappedBody', () => {
  it('reads a body within the cap whole', async () => {
    expect(await readCappedBody(chunks(Buffer.from('ab'), Buffer.from('cd')), { maxBytes: 4 })).toEqual({ ok: true, bytes: Buffer.from('abcd'), truncated: false });
  });

  it('refuses a body over the cap, or keeps its first maxBytes when truncating', async () => {
    expect(await readCappedBody(chunks(Buffer.from('abc'), Buffer.from('def')), { maxBytes: 4 })).toEqual({ ok: false, problem: 'body is over the 4-byte cap', tooLarge: true });
    expect(await readCappedBody(chunks(Buffer.from('abc'), Buffer.from('def')), { maxBytes: 4, overflow: 'truncate' })).toEqual({ ok: true, bytes: Buffer.from('abcd'), truncated: true });
  });

  it('stops pulling from the source once past the cap', async () => {
    let pulled = 0;
    async function* endless(): AsyncGenerator<Uint8Array> {
      for (;;) {
        pulled += 1;
        yield Buffer.alloc(1024);
      }
    }
    expect(await readCappedBody(endless(), { maxBytes: 10_000 })).toMatchObject({ ok: false, tooLarge: true });
    expect(pulled).toBe(10);
  });

  it.each([
    ['gzip', gzipSync],
    ['x-gzip', gzipSync],
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
  ] as const)('decodes %s and counts the decoded bytes', async (encoding, compress) => {
    const page = Buffer.from('<p>hello</p>'.repeat(100));
    expect(await readCappedBody(chunks(compress(page)), { maxBytes: 10_000, contentEncoding: encoding })).toEqual({ ok: true, bytes: page, truncated: false });
    // 1.2 KB of text compresses to far less than 500 bytes; the decoded size is what counts.
    expect(await readCappedBody(chunks(compress(page)), { maxBytes: 500, contentEncoding: encoding })).toMatchObject({ ok: false, tooLarge: true });
  });

  it('stops a 64 MiB gzip bomb at the cap', async () => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(100_000);
    expect(await readCappedBody(chunks(bomb), { maxBytes: 1_000_000, contentEncoding: 'gzip' })).toEqual({ ok: false, problem: 'body is over the 1000000-byte cap', tooLarge: true });
  });

  it('decodes stacked encodings in reverse order and refuses unknown or absurd ones', async () => {
    const twice = brotliCompressSync(gzipSync(Buffer.from('twice')));
    expect(await readCappedBody(chunks(twice), { maxBytes: 100, contentEncoding: 'gzip, br' })).toMatchObject({ ok: true, bytes: Buffer.from('twice') });
    expect(await readCappedBody(chunks(Buffer.from('x')), { maxBytes: 100, contentEncoding: 'compress' })).toEqual({ ok: false, problem: 'unsupported content-encoding "compress"', tooLarge: false });
    expect(await readCappedBody(chunks(Buffer.from('x')), { maxBytes: 100, contentEncoding: 'gzip, gzip, gzip, gzip' })).toMatchObject({ ok: false, tooLarge: false });
    expect(await readCappedBody(chunks(Buffer.from('plain')), { maxBytes: 100, contentEncoding: 'identity' })).toMatchObject({ ok: true, bytes: Buffer.from('plain') });
  });

  it('rejects a corrupt compressed body so the caller can say the body was lost', async () => {
    await expect(readCappedBody(chunks(Buffer.from('not gzip at all')), { maxBytes: 100, contentEncoding: 'gzip' })).rejects.toThrow();
  });
});

describe('declaredTooLarge', () => {
  it('is true only for a numeric Content-Length over the cap', () => {
    expect(declaredTooLarge('5001', 5000)).toBe(true);
    expect(declaredTooLarge('5000', 5000)).toBe(false);
    expect(declaredTooLarge(undefined, 5000)).toBe(false);
    expect(declaredTooLarge('lots', 5000)).toBe(false);
  });
});
