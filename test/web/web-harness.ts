import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { parseConfig } from '../../src/config/load-config.js';
import { networkRegistry } from '../../src/publishers/registry.js';
import type { Draft } from '../../src/drafts/draft.js';
import type { PostState } from '../../src/ledger/post-ledger.js';
import { buildWebServer, type WebOptions } from '../../src/web/server.js';
import { hashPassword } from '../../src/web/users.js';
import { createAppContext, type AppContext } from '../../workers/context.js';
import { deletePrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.js';

/** A desk on real Redis (unique prefix) with an editor and a viewer; seeds articles and posts through the ledger APIs. */
export const PASSWORD = 'correct horse battery staple';
export const SESSION_SECRET = 'test-session-secret-that-is-long-enough-0123456789';
let hashes: Promise<string> | undefined;

export interface WebHarness {
  ctx: AppContext;
  app: Awaited<ReturnType<typeof buildWebServer>>['app'];
  prefix: string;
  /** Signs in through the real form; returns the cookie header and the session's CSRF token. */
  login(name: 'ed' | 'vi'): Promise<{ cookie: string; csrf: string }>;
  seedArticle(opts?: { title?: string; feedId?: string; publishedAt?: string }): Promise<string>;
  seedPost(articleKey: string, channel: string, state: 'queued' | 'pending_approval' | 'failed', opts?: { text?: string; autoApproveAt?: string; lastError?: string }): Promise<string>;
  close(): Promise<void>;
}

export function cookieHeader(setCookie: string | string[] | undefined): string {
  const list = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  return list.map((c) => c.split(';')[0]).join('; ');
}

/** `redisUrl` points the desk elsewhere (an address where nothing listens simulates an outage). */
export async function startWebHarness(raw: Record<string, unknown> = {}, opts: WebOptions = {}, redisUrl = TEST_REDIS_URL): Promise<WebHarness> {
  hashes ??= hashPassword(PASSWORD);
  const hash = await hashes;
  const prefix = uniquePrefix('web');
  const config = parseConfig(
    {
      publication: { name: 'The Daily Test', timezone: 'UTC' },
      feeds: [
        { id: 'metro', url: '/nonexistent/metro.xml', title: 'Metro Desk' },
        { id: 'sport', url: '/nonexistent/sport.xml' },
      ],
      networks: { x: { approval: 'manual', autoApproveAfterMinutes: 30 }, facebook: {} },
      redis: { prefix, autoStart: false },
      web: { users: [{ name: 'ed', role: 'editor', passwordHash: hash }, { name: 'vi', role: 'viewer', passwordHash: hash }] },
      ...raw,
    },
    { env: { REDIS_URL: redisUrl }, networks: networkRegistry },
  );
  const ctx = createAppContext(config, pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }));
  const server = await buildWebServer(ctx, { sessionSecret: SESSION_SECRET, sampleQueues: false, ...opts });
  const app = server.app;

  return {
    ctx,
    app,
    prefix,
    async login(name) {
      const form = await app.inject({ method: 'GET', url: '/login' });
      const formCookie = cookieHeader(form.headers['set-cookie']);
      const token = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
      const res = await app.inject({
        method: 'POST',
        url: '/login',
        headers: { cookie: formCookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ name, password: PASSWORD, _csrf: token }).toString(),
      });
      if (res.statusCode !== 303) throw new Error(`login failed: ${res.statusCode} ${res.body.slice(0, 200)}`);
      const cookie = cookieHeader(res.headers['set-cookie']);
      const page = await app.inject({ method: 'GET', url: '/', headers: { cookie } });
      const csrf = /<meta name="csrf-token" content="([^"]+)">/.exec(page.body)?.[1] ?? '';
      return { cookie, csrf };
    },
    async seedArticle(o = {}) {
      const key = randomBytes(8).toString('hex');
      const now = new Date().toISOString();
      await ctx.articles.record(
        { key, feedId: o.feedId ?? 'metro', title: o.title ?? `Council approves new bridge ${key.slice(0, 4)}`, url: `https://news.example/${key}`, categories: [], text: 'Body text.', discoveredAt: now, publishedAt: o.publishedAt ?? new Date(Date.now() - 120_000).toISOString() },
        [`url:${key}`],
      );
      await ctx.events.emit({ type: 'article', articleKey: key, feedId: o.feedId ?? 'metro', status: 'new' });
      return key;
    },
    async seedPost(articleKey, channel, state, o = {}) {
      const c = ctx.config.channels.find((x) => x.id === channel);
      if (!c) throw new Error(`no channel ${channel}`);
      const def = ctx.network(c);
      const text = o.text ?? `Council approves new bridge after long debate https://news.example/${articleKey}`;
      const draft: Draft = { text, length: def.count(text), limit: def.limit, url: `https://news.example/${articleKey}`, title: 'Council approves', description: '', hashtags: [] };
      await ctx.posts.create({ articleKey, channel, network: c.network, draft, summariser: 'test', state, ...(o.autoApproveAt ? { autoApproveAt: o.autoApproveAt } : {}), ...(o.lastError ? { lastError: o.lastError } : {}) });
      return `${articleKey}.${channel}`;
    },
    async close() {
      await server.close();
      await ctx.close();
      await deletePrefix(prefix);
    },
  };
}

export type { PostState };
