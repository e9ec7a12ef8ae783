import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback service that a feed-supplied URL redirects into (think cloud metadata): the SSRF tests
 * assert it never sees a request. It answers every path with image-looking secret bytes, so a leak
 * would be uploaded as an image rather than fail loudly.
 */
export interface InternalService {
  /** `http://127.0.0.1:<port>` */
  base: string;
  /** Paths requested so far (must stay empty). */
  hits: string[];
  close(): Promise<void>;
}

export async function startInternalService(): Promise<InternalService> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.from('internal-metadata-secret'));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
