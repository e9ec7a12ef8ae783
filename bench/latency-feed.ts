/**
 * The newsroom's feed for the latency bench: RSS with ETag/304 like a well-behaved CMS, optionally
 * announcing a WebSub hub (atom:link rel=hub/self), counting every request it answers.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rssXml, type TestItem } from '../test/helpers/feed-server.js';

const MAX_ITEMS = 120;

export class BenchFeed {
  items: TestItem[] = [];
  requests = 0;
  private server: Server | undefined;

  constructor(private readonly hubUrl?: string) {}

  get url(): string {
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}/feed.xml`;
  }

  /** Newest first; the feed keeps the newest MAX_ITEMS (a burst of 100 must fit, as on a real feed sized for its news). */
  add(item: TestItem): void {
    this.items.unshift(item);
    this.items.length = Math.min(this.items.length, MAX_ITEMS);
  }

  /** The feed, or (for a hub's delivery of only what is new, as Google's hub and Superfeedr send) some items of it. */
  xml(items = this.items): string {
    const xml = rssXml('Latency desk', items);
    if (!this.hubUrl) return xml;
    const links = `<atom:link rel="hub" href="${this.hubUrl}"/><atom:link rel="self" href="${this.url}"/>`;
    return xml.replace('<rss version="2.0">', '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">').replace('<channel>', `<channel>${links}`);
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.requests++;
      const xml = this.xml();
      const etag = `"${createHash('sha1').update(xml).digest('hex').slice(0, 16)}"`;
      if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag }).end(xml);
    });
    await new Promise<void>((r) => this.server?.listen(0, '127.0.0.1', r));
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}
