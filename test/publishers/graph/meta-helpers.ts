import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { ledgerKeys } from '../../../src/ledger/keys.js';
import { serveCard } from '../../../src/media/card-store.js';

/**
 * Test stand-ins for what surrounds the Meta publishers: Crier's card route (the web server mounts
 * `serveCard` at GET /media/cards/:cardId.jpg; here a bare node:http server does) and a newsroom
 * site serving article pages and images.
 */
export interface TinyServer {
  url: string;
  hits: string[];
  stop(): Promise<void>;
}

async function listen(server: Server, hits: string[]): Promise<TinyServer> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    async stop() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

/** `prefix` may be a function: an end-to-end test learns the Redis prefix only after starting Crier. */
export async function startCardServer(redis: { get(key: string): Promise<string | null> }, prefix: string | (() => string)): Promise<TinyServer> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    const m = /^\/media\/cards\/([^/]+)\.jpg$/.exec(req.url ?? '');
    if (!m?.[1]) {
      res.writeHead(404);
      return res.end();
    }
    const keys = ledgerKeys(typeof prefix === 'string' ? prefix : prefix());
    void serveCard((channel) => ({ get: (name) => redis.get(`${keys.channelState(channel)}:${name}`) }), m[1]).then((r) => {
      res.writeHead(r.status, { 'content-type': r.contentType, ...(r.cacheControl ? { 'cache-control': r.cacheControl } : {}) });
      res.end(r.body);
    });
  });
  return listen(server, hits);
}

/** path → [content-type, body], matched without the query string (drafts carry UTM parameters); anything else is 404. */
export async function startSiteServer(routes: Record<string, [string, Buffer | string]>): Promise<TinyServer> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    const r = routes[(req.url ?? '').split('?')[0] ?? ''];
    if (!r) {
      res.writeHead(404);
      return res.end();
    }
    res.writeHead(200, { 'content-type': r[0] });
    res.end(r[1]);
  });
  return listen(server, hits);
}

export const silentLog = pino({ level: 'silent' });
