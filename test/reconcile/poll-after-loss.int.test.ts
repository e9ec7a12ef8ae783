import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { networkRegistry } from '../../src/publishers/registry.js';
import { createAppContext, type AppContext } from '../../workers/context.js';
import { pollFeed } from '../../workers/poll.worker.js';
import { rssXml, story, type TestItem } from '../helpers/feed-server.js';
import { deletePrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.js';

/**
 * A poll that read its feed state just before Redis lost its data: by the time it admits the
 * items the ledger is empty, and without care every item in the feed would look new (a flood).
 * The loss is simulated by deleting every key under this test's own prefix while the feed holds
 * its answer (the shared Redis is never flushed).
 */
const prefix = uniquePrefix('pollloss');
let items: TestItem[] = [];
let hold: Promise<void> | undefined;
let requested: () => void = () => undefined;
let server: Server;
let ctx: AppContext;
let outbox: string;

beforeAll(async () => {
  server = createServer((_req, res) => {
    requested();
    void (hold ?? Promise.resolve()).then(() => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssXml('Desk', items)));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  outbox = await mkdtemp(path.join(tmpdir(), 'crier-pollloss-'));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed.xml`;
  const config = parseConfig(
    {
      feeds: [{ id: 'desk', url, backfill: 1, intervalSeconds: 60, maxAgeHours: 100_000 }],
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

const feed = () => ctx.config.feeds[0]!;

describe('a poll under way when Redis loses its data', () => {
  it('treats the feed as first seen after the loss: nothing already in it is queued again', async () => {
    items = [story(801, 180), story(802, 120), story(803, 60)];
    expect(await pollFeed(ctx, feed())).toMatchObject({ outcome: 'ok', newArticles: 1 });

    // The second poll reads the feed state, then Redis forgets everything before the answer comes.
    items = [story(804, 10), ...items];
    let release: () => void = () => undefined;
    hold = new Promise((r) => (release = r));
    const asked = new Promise<void>((r) => (requested = r));
    const polling = pollFeed(ctx, feed());
    await asked;
    await deletePrefix(prefix);
    release();
    const outcome = await polling;

    // 804 was published before the poll began: it may have gone out before the loss, so it is only remembered as seen.
    expect(outcome).toMatchObject({ outcome: 'ok', newArticles: 0 });
    expect(await ctx.summariseQueue.getJobCounts('waiting', 'delayed', 'active')).toEqual({ waiting: 0, delayed: 0, active: 0 });
    expect((await ctx.feedStates.get('desk')).initialisedAt).toBeDefined();
    // Every item was remembered as seen: the next poll finds nothing new either.
    hold = undefined;
    expect(await pollFeed(ctx, feed())).toMatchObject({ outcome: 'ok', newArticles: 0 });
  });
});
