/**
 * Read a fetch Response body with a hard byte cap. `response.arrayBuffer()` would buffer whatever
 * the server sends (a misconfigured endpoint can stream forever, a gzip bomb inflates 1000×);
 * here we count decompressed bytes as they arrive and stop, abort and cancel the moment the
 * cap is passed, so memory stays bounded by maxBytes plus one chunk.
 */

/** Thrown when the cap is exceeded; the caller knows the host and turns it into a FeedFetchError. */
export class BodyTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`body larger than ${maxBytes} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

export async function readCappedBody(
  response: Response,
  maxBytes: number,
  controller: AbortController,
): Promise<Uint8Array> {
  const body = response.body;
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let totalBytes = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      totalBytes += value.byteLength;
      if (totalBytes > maxBytes) {
        // Abort first so undici tears the socket down instead of draining it to honour cancel().
        controller.abort();
        await reader.cancel().catch(() => undefined);
        throw new BodyTooLargeError(maxBytes);
      }
      chunks.push(value);
    }
  } finally {
    reader.releaseLock();
  }
  return concatChunks(chunks, totalBytes);
}

function concatChunks(chunks: readonly Uint8Array[], totalBytes: number): Uint8Array {
  if (chunks.length === 1 && chunks[0]) return chunks[0];
  const out = new Uint8Array(totalBytes);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/**
 * How long ago a `performance.now()` reading was, in whole milliseconds. Lives here because the
 * body read is the slow part worth timing; fetch-feed reports it as durationMs.
 */
export function elapsedMs(startedMs: number): number {
  return Math.round(performance.now() - startedMs);
}
