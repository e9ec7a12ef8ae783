import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { decodeFeedBytes } from './charset.js';
import { describeBytes, describeDurationMs, FeedFetchError } from './feed-errors.js';
import type { FetchFeedInput, FetchResult } from './fetch-feed.js';
import { definedOnly, elapsedMs } from './fetch-timing.js';

/** A feed read from disk (a plain path or a file: URL), with the same result shape as an HTTP fetch. */

export async function readFeedFile(input: FetchFeedInput, startedMs: number): Promise<FetchResult> {
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
