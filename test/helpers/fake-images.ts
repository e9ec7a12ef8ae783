import { sendJson, type FakeHttpServer } from './fake-http.js';

/** Registers a test image under `name` and returns the URL the fake serves it at. */
export type AddImage = (name: string, bytes: Buffer, type?: string) => string;

/**
 * Lets a fake network also stand in for the newsroom's image host: images added with the returned
 * function are served at `GET /img/:name` on `server` (404 for any other name), so a test can
 * point a draft's `imageUrl` at 127.0.0.1 and watch the adapter fetch and upload it.
 */
export function serveTestImages(server: FakeHttpServer, defaultType: string): AddImage {
  const images = new Map<string, { bytes: Buffer; type: string }>();
  server.route('GET', '/img/:name', (req, res) => {
    const img = images.get(req.params.name ?? '');
    if (!img) return sendJson(res, 404, { error: 'no image' });
    res.writeHead(200, { 'content-type': img.type, 'content-length': String(img.bytes.length) });
    res.end(img.bytes);
  });
  return (name, bytes, type = defaultType) => {
    images.set(name, { bytes, type });
    return `${server.url}/img/${name}`;
  };
}
