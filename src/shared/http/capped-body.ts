import { pipeline, Readable, type Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate, constants as zlib } from 'node:zlib';

/**
 * The one way Crier reads a body it did not write (an image, a page, an API's answer): bytes are
 * counted while they stream, after decompression, and reading stops the moment the cap is passed,
 * so a 1 MB gzip or brotli bomb costs about the cap, not the gigabytes it expands to.
 */

export interface CappedBodyOptions {
  maxBytes: number;
  /**
   * The response's Content-Encoding when the body still has to be decoded (node:http). Leave it
   * out for fetch(), whose body is already decoded: the count is then of decoded bytes anyway.
   */
  contentEncoding?: string | undefined;
  /**
   * `fail` (default) refuses an over-cap body; `truncate` keeps its first maxBytes bytes (an API
   * error page is still worth quoting) and sets `truncated`.
   */
  overflow?: 'fail' | 'truncate';
}

export type CappedBody =
  | { ok: true; bytes: Buffer; truncated: boolean }
  | { ok: false; problem: string; tooLarge: boolean };

/** zlib's default 16 KiB output chunks keep each step between cap checks small. */
const DECODE_CHUNK_BYTES = 16 * 1024;

function decoderFor(token: string): Transform | undefined | null {
  const opts = { chunkSize: DECODE_CHUNK_BYTES };
  switch (token) {
    case 'identity':
    case '':
      return undefined;
    case 'gzip':
    case 'x-gzip':
      // Lenient like browsers: a body cut short still yields what arrived.
      return createGunzip({ ...opts, finishFlush: zlib.Z_SYNC_FLUSH });
    case 'deflate':
      return createInflate({ ...opts, finishFlush: zlib.Z_SYNC_FLUSH });
    case 'br':
      return createBrotliDecompress({ ...opts, finishFlush: zlib.BROTLI_OPERATION_FLUSH });
    default:
      return null;
  }
}

/**
 * Chains one decoder per Content-Encoding token (applied in order, so decoded in reverse).
 * `pipeline` tears every stage down together, the source included, when any of them stops.
 */
function decode(body: AsyncIterable<Uint8Array>, contentEncoding: string): { stream: AsyncIterable<Uint8Array>; stages: Array<Readable | Transform> } | string {
  const tokens = contentEncoding.toLowerCase().split(',').map((t) => t.trim()).filter(Boolean).reverse();
  if (tokens.length > 3) return `refused a body with ${tokens.length} content encodings`;
  const decoders: Transform[] = [];
  for (const token of tokens) {
    const decoder = decoderFor(token);
    if (decoder === null) {
      for (const d of decoders) d.destroy();
      return `unsupported content-encoding "${token.slice(0, 40)}"`;
    }
    if (decoder) decoders.push(decoder);
  }
  const last = decoders.at(-1);
  if (!last) return { stream: body, stages: [] };
  const source = Readable.from(body, { objectMode: false });
  pipeline([source, ...decoders], () => {
    // Errors reach the reader through the last decoder, which pipeline destroys with them.
  });
  return { stream: last, stages: [source, ...decoders] };
}

/**
 * Reads `body` up to `maxBytes` decoded bytes. Stops reading (and so lets the caller's socket go)
 * as soon as the cap is passed. Rejects only when the body itself fails (connection lost, abort,
 * corrupt compression): callers turn that into their own "body lost" reason.
 */
export async function readCappedBody(body: AsyncIterable<Uint8Array>, opts: CappedBodyOptions): Promise<CappedBody> {
  const decoded = opts.contentEncoding ? decode(body, opts.contentEncoding) : { stream: body, stages: [] };
  if (typeof decoded === 'string') return { ok: false, problem: decoded, tooLarge: false };
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of decoded.stream) {
      const room = opts.maxBytes - total;
      if (chunk.byteLength > room) {
        if (opts.overflow !== 'truncate') return { ok: false, problem: `body is over the ${opts.maxBytes}-byte cap`, tooLarge: true };
        if (room > 0) chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, room));
        return { ok: true, bytes: Buffer.concat(chunks), truncated: true };
      }
      total += chunk.byteLength;
      chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    }
  } finally {
    // Leaving the loop early (return or throw) ends the source iterator; decoders are torn down too.
    for (const stage of decoded.stages) stage.destroy();
  }
  return { ok: true, bytes: Buffer.concat(chunks), truncated: false };
}

/** A declared Content-Length already over the cap: refuse before reading a byte. */
export function declaredTooLarge(contentLength: string | null | undefined, maxBytes: number): boolean {
  const declared = Number(contentLength ?? NaN);
  return Number.isFinite(declared) && declared > maxBytes;
}
