import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { collectStatusFrom } from '../../src/desk/status-data.js';
import { createPublishHoursStore } from '../../src/ledger/publish-hours.js';
import { networkRegistry } from '../../src/publishers/registry.js';
import { feedSchedulerId } from '../../src/queues/names.js';
import { createAppContext, type AppContext } from '../../workers/context.js';
import { pollFeed } from '../../workers/poll.worker.js';
import { syncFeedSchedulers } from '../../workers/runtime.js';
import { rssXml, story, type TestItem } from '../helpers/feed-server.js';
import { deletePrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.js';

/**
 * `intervalSeconds: auto`: the scheduler ticks at the feed's minimum and the poll worker keeps to
 * the interval it learned from the feed's publication hours. Asserted on the scheduler and the feed
 * state the worker writes (the plan), never on wall time.
 */
const HOUR_MS = 3_600_000;
const WEEK_MS = 168 * HOUR_MS;
const prefix = uniquePrefix('adaptive');
const requests = new Map<string, number>();
let server: Server;
let ctx: AppContext;
let outbox: string;

/** Stories published in past weeks within three hours either side of `centreMs`'s hour of the week. */
function itemsAround(centreMs: number, label: string): TestItem[] {
  const items: TestItem[] = [];
  for (let week = 1; week <= 2; week++) {
    for (let offset = -3; offset <= 3; offset++) {
      const n = items.length;
      items.push({ ...story(), guid: `${label}-${n}`, link: `https://southasiandesk.example/${label}/${n}`, pubDate: new Date(centreMs - week * WEEK_MS + offset * HOUR_MS) });
    }
  }
  return items;
}

beforeAll(async () => {
  const now = Date.now();
  const feeds: Record<string, { items: TestItem[]; headers?: Record<string, string> }> = {
    busy: { items: itemsAround(now, 'busy') },
    quiet: { items: itemsAround(now + 84 * HOUR_MS, 'quiet') },
    cached: { items: itemsAround(now, 'cached'), headers: { 'cache-control': 'public, max-age=600' } },
  };
  server = createServer((req, res) => {
    const id = (req.url ?? '').slice(1);
    requests.set(id, (requests.get(id) ?? 0) + 1);
    const feed = feeds[id];
    if (!feed) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/rss+xml', ...feed.headers }).end(rssXml(id, feed.items));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  outbox = await mkdtemp(path.join(tmpdir(), 'crier-adaptive-'));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const auto = { intervalSeconds: 'auto', minIntervalSeconds: 30, maxIntervalSeconds: 1_800 };
  const config = parseConfig(
    {
      feeds: Object.keys(feeds).map((id) => ({ id, url: `${base}/${id}`, ...auto })),
      networks: { x: { mode: 'dry-run' } },
      redis: { prefix, autoStart: false },
      outbox: { dir: outbox },
    },
    { env: { REDIS_URL: TEST_REDIS_URL }, networks: networkRegistry },
  );
  ctx = createAppContext(config, pino({ level: 'silent' }));
});

afterAll(async () => {
  await ctx.close();
  await deletePrefix(prefix);
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await rm(outbox, { recursive: true, force: true });
});

const feed = (id: string) => ctx.config.feeds.find((f) => f.id === id)!;

describe('adaptive polling', () => {
  it('ticks the scheduler at the feed minimum', async () => {
    await syncFeedSchedulers(ctx);
    for (const id of ['busy', 'quiet', 'cached']) expect((await ctx.pollQueue.getJobScheduler(feedSchedulerId(id)))?.every).toBe(30_000);
  });

  it('learns the hours from the items and polls at the minimum in a busy hour: every tick polls', async () => {
    expect((await pollFeed(ctx, feed('busy'))).outcome).toBe('ok');
    const state = await ctx.feedStates.get('busy');
    expect(state).toMatchObject({ pollIntervalSeconds: 30, pollIntervalReason: 'auto: 30 s, busy hour' });
    expect(state.nextPollAt).toBeUndefined();
    expect((await createPublishHoursStore(ctx.redis, { prefix }).get('busy')).total).toBe(14);
    expect((await pollFeed(ctx, feed('busy'))).outcome).toBe('ok');
    expect(requests.get('busy')).toBe(2);
  });

  it('plans the next poll at the maximum in a quiet hour; ticks before it make no request, a manual poll does', async () => {
    await pollFeed(ctx, feed('quiet'));
    const state = await ctx.feedStates.get('quiet');
    expect(state).toMatchObject({ pollIntervalSeconds: 1_800, pollIntervalReason: 'auto: 1800 s, quiet hour' });
    expect(Date.parse(state.nextPollAt!) - Date.parse(state.lastFetchAt!)).toBe(1_800_000);
    // The Feeds page and `crier status` show the planned poll (not the scheduler's next tick) and why.
    await syncFeedSchedulers(ctx);
    const shown = (await collectStatusFrom(ctx)).feeds.find((f) => f.feedId === 'quiet');
    expect(shown).toMatchObject({ nextPoll: state.nextPollAt, pollIntervalReason: 'auto: 1800 s, quiet hour' });
    expect((await pollFeed(ctx, feed('quiet'))).outcome).toBe('not-due');
    expect(requests.get('quiet')).toBe(1);
    expect((await pollFeed(ctx, feed('quiet'), { manual: true })).outcome).toBe('ok');
    expect(requests.get('quiet')).toBe(2);
    // Learned once: the second read of the same items counts nothing again.
    expect((await createPublishHoursStore(ctx.redis, { prefix }).get('quiet')).total).toBe(14);
  });

  it('lets Cache-Control max-age slow a busy feed down', async () => {
    await pollFeed(ctx, feed('cached'));
    const state = await ctx.feedStates.get('cached');
    expect(state).toMatchObject({ pollIntervalSeconds: 600, pollIntervalReason: 'auto: 600 s, Cache-Control max-age asks 600 s (busy hour)' });
    expect(Date.parse(state.nextPollAt!) - Date.parse(state.lastFetchAt!)).toBe(600_000);
  });
});
