import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { parseConfig, type Config } from '../../src/config/load-config.js';
import { networkRegistry } from '../../src/publishers/registry.js';
import { readOutbox } from '../../src/publishers/dry-run/outbox-publisher.js';
import { allowPrivateOriginForTests } from '../../src/shared/http/test-egress.js';
import { createWebsubStore, type SubscriptionView } from '../../src/websub/websub-store.js';
import { createAppContext, type AppContext } from '../../workers/context.js';
import { startRoles, type Running } from '../../workers/runtime.js';
import { startWeb } from '../../workers/web.js';
import { startWebSubHub, type WebSubHub, type WebSubHubOptions } from '../fakes/websub-hub.js';
import { rssXml, type TestItem } from '../helpers/feed-server.js';
import { deletePrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.js';
import { freePort } from '../helpers/redis-procs.js';

/**
 * A publisher's feed that announces its hub (atom:link rel=hub/self), the test hub, and Crier
 * run as in production: the web process (the callback) up before the poller, whose first poll
 * discovers the hub and subscribes.
 */
export class HubFeed {
  items: TestItem[] = [];
  private server: Server | undefined;
  /** The status `/moved.xml` redirects to `/feed.xml` with. */
  movedStatus = 302;
  constructor(private hubUrl: () => string) {}
  get url(): string {
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}/feed.xml`;
  }
  xml(items = this.items): string {
    const links = `<atom:link rel="hub" href="${this.hubUrl()}"/><atom:link rel="self" href="${this.url}"/>`;
    return rssXml('Hub feed', items).replace('<rss version="2.0">', '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">').replace('<channel>', `<channel>${links}`);
  }
  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      // websub.rocks 201/202: the configured address redirects to the feed, which names itself (rel=self).
      if (req.url === '/moved.xml') return void res.writeHead(this.movedStatus, { location: '/feed.xml' }).end();
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(this.xml());
    });
    await new Promise<void>((r) => this.server?.listen(0, '127.0.0.1', r));
    return this;
  }
  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}

export interface WebsubRig {
  hub: WebSubHub;
  feed: HubFeed;
  config: Config;
  running: Running;
  webUrl: string;
  outbox(): Promise<string[]>;
  subscription(): Promise<SubscriptionView | undefined>;
  waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** A hub address that answers every request with `status` and a Location of the real hub (websub.rocks 203/204). */
async function startHubRedirect(status: number, hubUrl: string): Promise<{ url: string; stop(): Promise<void> }> {
  const server = createServer((_req, res) => res.writeHead(status, { location: hubUrl }).end());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/moved-hub`,
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** `items`: what the feed holds at the first poll (seen, not posted: backfill 0). `hubRedirect`: the feed names a hub address that redirects. */
export async function startWebsubRig(opts: { hub?: WebSubHubOptions; intervalSeconds?: number; websub?: Record<string, unknown>; items?: TestItem[]; hubRedirect?: number; topicRedirect?: number } = {}): Promise<WebsubRig> {
  const hub = await startWebSubHub(opts.hub);
  const redirect = opts.hubRedirect ? await startHubRedirect(opts.hubRedirect, hub.url) : undefined;
  const withdrawals = [allowPrivateOriginForTests(hub.url), ...(redirect ? [allowPrivateOriginForTests(redirect.url)] : [])];
  const feed = await new HubFeed(() => redirect?.url ?? hub.url).start();
  feed.items = [...(opts.items ?? [])];
  if (opts.topicRedirect) feed.movedStatus = opts.topicRedirect;
  const prefix = uniquePrefix('websub');
  const outboxDir = await mkdtemp(path.join(tmpdir(), 'crier-websub-'));
  const port = await freePort();
  const config = parseConfig(
    {
      publicBaseUrl: `http://127.0.0.1:${port}`,
      feeds: [{ id: 'desk', url: opts.topicRedirect ? feed.url.replace(/feed\.xml$/, 'moved.xml') : feed.url, intervalSeconds: opts.intervalSeconds ?? 3600, timeoutSeconds: 2, backfill: 0 }],
      networks: { x: { mode: 'dry-run' } },
      redis: { prefix, autoStart: false },
      outbox: { dir: outboxDir },
      workers: { backoffMs: 50, shutdownGraceMs: 2_000 },
      ...(opts.websub ? { websub: opts.websub } : {}),
    },
    { env: { REDIS_URL: TEST_REDIS_URL }, networks: networkRegistry },
  );
  const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const webCtx: AppContext = createAppContext(config, log);
  const web = await startWeb(webCtx, { port, host: '127.0.0.1', sessionSecret: 'w'.repeat(40), sampleQueues: false });
  const running = await startRoles(config, log, ['poller', 'worker']);
  const store = createWebsubStore(running.ctx.redis, prefix);
  return {
    hub,
    feed,
    config,
    running,
    webUrl: web.url,
    outbox: async () => (await readOutbox(outboxDir, 'x')).map((e) => e.title ?? ''),
    subscription: () => store.view('desk'),
    async waitFor(what, check, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (await check()) return;
        await new Promise((r) => setTimeout(r, 25)); // the interval between checks, not a wait for an outcome
      }
      throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`);
    },
    async stop() {
      await running.stop();
      await web.close();
      await webCtx.close();
      await hub.stop();
      await feed.stop();
      await redirect?.stop();
      for (const withdraw of withdrawals) withdraw();
      await deletePrefix(prefix);
      await rm(outboxDir, { recursive: true, force: true });
    },
  };
}
