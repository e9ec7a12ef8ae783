import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Draft } from '../../../src/drafts/draft.js';
import { RetryableError } from '../../../src/publishers/errors.js';
import type { LivePublisher, PublishContext } from '../../../src/publishers/publisher.js';
import { xNetwork } from '../../../src/publishers/x/x-network.js';
import { allowPrivateOriginForTests } from '../../../src/shared/http/test-egress.js';
import { memoryStore, testPublishContext } from '../../contract/publish-context.js';
import { startXFake, xFaults, type XFake } from '../../fakes/x-fake.js';
import { startInternalService, type InternalService } from '../../helpers/internal-service.js';

const LINK = 'https://southasiandesk.example/news/defence-training';
const IMAGE_BYTES = 1_500_000; // two 1 MiB segments

function draft(imageUrl: string): Draft {
  return { text: `Pakistan and Turkiye expand defence training\n\n${LINK}`, length: 0, limit: 280, url: LINK, title: 'Pakistan and Turkiye expand defence training', description: '', hashtags: [], imageUrl };
}

let images: Server;
let imageBase = '';
/** A loopback service the feed's image URL redirects into (think cloud metadata): never allowed. */
let internal: InternalService;
beforeAll(async () => {
  internal = await startInternalService();
  images = createServer((req, res) => {
    if (req.url === '/to-internal.png') return res.writeHead(302, { location: `${internal.base}/latest/meta-data.png` }).end();
    if (req.url === '/to-internal-by-name.png') return res.writeHead(302, { location: `${internal.base.replace('127.0.0.1', 'localhost')}/m.png` }).end();
    if (req.url === '/ok.png') return res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.alloc(IMAGE_BYTES, 7));
    if (req.url === '/big.jpg') return res.writeHead(200, { 'content-type': 'image/jpeg' }).end(Buffer.alloc(6 * 1024 * 1024, 1));
    if (req.url === '/page.html') return res.writeHead(200, { 'content-type': 'text/html' }).end('<html></html>');
    if (req.url === '/slow.png') return void setTimeout(() => res.writeHead(200, { 'content-type': 'image/png' }).end('late'), 2_000);
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => images.listen(0, '127.0.0.1', r));
  imageBase = `http://127.0.0.1:${(images.address() as AddressInfo).port}`;
  // The newsroom's image host is a test fake on loopback; only its origin is let through.
  allowPrivateOriginForTests(imageBase);
});
afterAll(async () => {
  images.closeAllConnections();
  await new Promise<void>((r) => images.close(() => r()));
  await internal.close();
});

let fake: XFake;
beforeEach(async () => {
  fake = await startXFake();
});
afterEach(async () => {
  await fake.stop();
});

function publisher(options: Record<string, unknown> = {}): LivePublisher {
  return xNetwork.createLive!({ channel: 'x', options: xNetwork.optionsSchema.parse({ apiBaseUrl: fake.url, attachImage: true, ...options }), secrets: { OAUTH2_TOKEN: 'token-abc' }, log: pino({ level: 'silent' }) });
}

describe('x publisher: image', () => {
  it('uploads the image (chunked, to apiBaseUrl) and attaches it', async () => {
    const receipt = await publisher().publish(draft(`${imageBase}/ok.png`), testPublishContext());
    const mediaId = fake.tweets[0]?.mediaIds?.[0];
    expect(mediaId).toBeTruthy();
    const media = fake.media.get(mediaId ?? '');
    expect(media?.mediaType).toBe('image/png');
    expect([...(media?.segments.values() ?? [])].reduce((n, b) => n + b.length, 0)).toBe(IMAGE_BYTES);
    expect(fake.server.requests.map((r) => r.path.replace(/\d{10,}/, ':id'))).toEqual([
      '/2/media/upload/initialize',
      '/2/media/upload/:id/append',
      '/2/media/upload/:id/append',
      '/2/media/upload/:id/finalize',
      '/2/tweets',
    ]);
    expect(receipt.note).toBeUndefined();
  });

  it('waits for X to process the media (STATUS) before posting', async () => {
    await fake.stop();
    fake = await startXFake({ processingPolls: 1 });
    await publisher().publish(draft(`${imageBase}/ok.png`), testPublishContext());
    expect(fake.server.requests.some((r) => r.path === '/2/media/upload' && r.query.get('command') === 'STATUS')).toBe(true);
    expect(fake.tweets[0]?.mediaIds).toHaveLength(1);
  });

  it('ignores the image when attachImage is off', async () => {
    await publisher({ attachImage: false }).publish(draft(`${imageBase}/ok.png`), testPublishContext());
    expect(fake.tweets[0]?.mediaIds).toBeUndefined();
  });

  it.each([
    ['/missing.png', /HTTP 404/],
    ['/page.html', /content-type "text\/html"/],
    ['/big.jpg', /over the 5242880-byte cap/],
    ['/slow.png', /timed out/],
  ])('image %s fails → posted without it, with the reason in the note', async (path, reason) => {
    const receipt = await publisher({ imageTimeoutSeconds: 0.5 }).publish(draft(`${imageBase}${path}`), testPublishContext());
    expect(receipt.confirmed).toBe(true);
    expect(fake.tweets[0]?.mediaIds).toBeUndefined();
    expect(receipt.note).toMatch(reason);
  });

  it.each(['/to-internal.png', '/to-internal-by-name.png'])('a feed image %s that redirects into loopback is refused: nothing fetched there, nothing uploaded', async (path) => {
    const receipt = await publisher().publish(draft(`${imageBase}${path}`), testPublishContext());
    expect(receipt.confirmed).toBe(true);
    expect(receipt.note).toMatch(/posted without the image: image fetch failed: refused/);
    expect(internal.hits).toEqual([]);
    expect(fake.server.requests.filter((r) => r.path.startsWith('/2/media'))).toEqual([]);
    expect(fake.tweets[0]?.mediaIds).toBeUndefined();
  });

  it('a feed image URL on a loopback address that no test allowed is refused', async () => {
    const receipt = await publisher().publish(draft(`${internal.base}/direct.png`), testPublishContext());
    expect(receipt.note).toMatch(/refused non-public address 127\.0\.0\.1/);
    expect(internal.hits).toEqual([]);
    expect(fake.server.requests.filter((r) => r.path.startsWith('/2/media'))).toEqual([]);
  });

  it('an upload X refuses → posted without the image', async () => {
    fake.server.fault('POST /2/media/upload/initialize', xFaults.serverError(503));
    const receipt = await publisher().publish(draft(`${imageBase}/ok.png`), testPublishContext());
    expect(fake.tweets).toHaveLength(1);
    expect(fake.tweets[0]?.mediaIds).toBeUndefined();
    expect(receipt.note).toMatch(/posted without the image: x: server error 503/);
  });

  it('a retry reuses the uploaded media instead of uploading again', async () => {
    const checkpoint = memoryStore();
    const next = (o: Partial<PublishContext> = {}) => testPublishContext({ checkpoint, ...o });
    fake.failTweets(xFaults.serverError(500));
    const withImage = draft(`${imageBase}/ok.png`);
    await expect(publisher().publish(withImage, next())).rejects.toBeInstanceOf(RetryableError);
    await publisher().publish(withImage, next({ attempt: 2 }));
    expect(fake.server.requests.filter((r) => r.path.endsWith('/initialize'))).toHaveLength(1);
    expect(fake.tweets[0]?.mediaIds).toHaveLength(1);
  });
});
