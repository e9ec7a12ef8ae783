import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TestItem {
  title: string;
  link: string;
  guid?: string;
  description?: string;
  pubDate?: Date;
  categories?: string[];
}

export type FeedMode = 'ok' | 'error-500' | 'hang' | 'broken-xml' | 'html';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function rssXml(title: string, items: TestItem[]): string {
  const body = items
    .map(
      (i) => `<item><title>${esc(i.title)}</title><link>${esc(i.link)}</link>${i.guid ? `<guid isPermaLink="false">${esc(i.guid)}</guid>` : ''}` +
        `${i.pubDate ? `<pubDate>${i.pubDate.toUTCString()}</pubDate>` : ''}${(i.categories ?? []).map((c) => `<category>${esc(c)}</category>`).join('')}` +
        `<description>${esc(i.description ?? `${i.title}. The full story has more detail from our correspondents.`)}</description></item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>${esc(title)}</title><link>https://southasiandesk.example/</link><description>test</description>\n${body}\n</channel></rss>`;
}

/**
 * A local feed that tests can grow, break and heal. Serves ETag + Last-Modified and answers
 * 304 to a matching conditional GET, like a well-behaved CMS.
 */
export class TestFeedServer {
  items: TestItem[] = [];
  mode: FeedMode = 'ok';
  readonly requests: IncomingHttpHeaders[] = [];
  private server: Server | undefined;
  private lastModified = new Date(Date.now() - 60_000).toUTCString();

  constructor(private readonly title = 'SouthAsianDesk test feed') {}

  add(...items: TestItem[]): void {
    this.items.unshift(...items);
    this.lastModified = new Date().toUTCString();
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}/feed.xml`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.requests.push(req.headers);
      if (this.mode === 'hang') return; // never answers: the client's timeout must abort
      if (this.mode === 'error-500') {
        res.writeHead(500, { 'content-type': 'text/plain' }).end('internal error');
        return;
      }
      if (this.mode === 'html') {
        res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><html><body><h1>Maintenance</h1></body></html>');
        return;
      }
      const xml = this.mode === 'broken-xml' ? '<?xml version="1.0"?><rss><channel><title>x</title><item><title>unclosed' : rssXml(this.title, this.items);
      const etag = `"${createHash('sha1').update(xml).digest('hex').slice(0, 16)}"`;
      if (this.mode === 'ok' && req.headers['if-none-match'] === etag) {
        res.writeHead(304, { etag }).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag, 'last-modified': this.lastModified }).end(xml);
    });
    await new Promise<void>((r) => this.server?.listen(0, '127.0.0.1', r));
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}

let counter = 0;
/** A realistic, unique story. */
export function story(n = ++counter, ageMinutes = 5): TestItem {
  return {
    title: `Story ${n}: Pakistan and Turkiye expand defence training programme`,
    link: `https://southasiandesk.example/news/story-${n}?utm_source=rss`,
    guid: `sad-${n}`,
    pubDate: new Date(Date.now() - ageMinutes * 60_000),
    categories: ['Pakistan', 'Defence'],
    description: `<p>Story ${n}. Field Marshal Asim Munir hosted General Selcuk Bayraktaroglu in Rawalpindi on Friday. The leaders discussed regional security and joint exercises planned for 2026.</p>`,
  };
}
