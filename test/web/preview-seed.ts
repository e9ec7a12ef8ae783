import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Draft } from '../../src/drafts/draft.js';
import { allowPrivateOriginForTests } from '../../src/shared/http/test-egress.js';
import { testImage } from '../helpers/test-image.js';
import type { WebHarness } from './web-harness.js';

/**
 * The newsroom's site for the preview tests: an article page with an og:image and images in its
 * body (one of them an SVG, which no network takes), served on 127.0.0.1 and allowed to the
 * SSRF-safe fetch for this test only.
 */
export interface PreviewSite {
  url: string;
  hits: Map<string, number>;
  close(): Promise<void>;
}

export async function startPreviewSite(): Promise<PreviewSite> {
  const images = new Map<string, { type: string; bytes: Buffer }>([
    ['feed.png', { type: 'image/png', bytes: await testImage(1200, 630, 'png') }],
    ['og.jpg', { type: 'image/jpeg', bytes: await testImage(1200, 630) }],
    ['portrait.jpg', { type: 'image/jpeg', bytes: await testImage(1080, 1350) }],
    ['chart.svg', { type: 'image/svg+xml', bytes: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>') }],
  ]);
  const hits = new Map<string, number>();
  let base = '';
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const img = images.get(path.replace(/^\/img\//, ''));
    if (path.startsWith('/img/') && img) {
      res.writeHead(200, { 'content-type': img.type, 'content-length': String(img.bytes.length) });
      return res.end(img.bytes);
    }
    if (path.startsWith('/story/')) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(`<html><head><meta property="og:image" content="${base}/img/og.jpg"></head><body><h1>Story</h1><p>Text</p><img src="/img/portrait.jpg" alt=""><img src="/img/chart.svg"><img src="data:image/png;base64,AAAA"></body></html>`);
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const withdraw = allowPrivateOriginForTests(base);
  return {
    url: base,
    hits,
    async close() {
      withdraw();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** An article of the site with a feed image, and a post of it on `channel` (text given, or a long one with a link and a tag). */
export async function seedPreviewPost(h: WebHarness, site: PreviewSite, channel: string, state: 'queued' | 'pending_approval', text?: string): Promise<{ articleKey: string; postId: string }> {
  const key = randomBytes(8).toString('hex');
  const url = `${site.url}/story/${key}`;
  await h.ctx.articles.record({ key, feedId: 'metro', title: `Harbour bridge reopens after storm repairs ${key.slice(0, 4)}`, url, imageUrl: `${site.url}/img/feed.png`, categories: [], text: 'Body.', discoveredAt: new Date().toISOString(), publishedAt: new Date(Date.now() - 60_000).toISOString() }, [`url:${key}`]);
  await h.ctx.events.emit({ type: 'article', articleKey: key, feedId: 'metro', status: 'new' });
  const c = h.ctx.config.channels.find((x) => x.id === channel);
  if (!c) throw new Error(`no channel ${channel}`);
  const def = h.ctx.network(c);
  const body = text ?? `The harbour bridge reopened this morning after three weeks of storm repairs, with crews working through the night to finish the deck and the railings before the morning rush. Officials said traffic would be limited to one lane until Friday, when the last inspections are due, and that buses would keep their diversion through the old town until the weekend. Residents who live beside the approach road asked for the night works to stop before midnight. @cityhall thanks the crews. #harbour ${url}`;
  const draft: Draft = { text: body, length: def.count(body), limit: def.limit, url, title: 'Harbour bridge reopens after storm repairs', description: 'Three weeks of repairs end.', imageUrl: `${site.url}/img/feed.png`, hashtags: ['harbour'] };
  await h.ctx.posts.create({ articleKey: key, channel, network: c.network, draft, summariser: 'test', state });
  return { articleKey: key, postId: `${key}.${channel}` };
}
