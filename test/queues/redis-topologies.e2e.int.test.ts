import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureRedis } from '../../src/shared/redis-server.js';
import { pingRedis } from '../../src/queues/connection.js';
import { readOutbox } from '../../src/publishers/dry-run/outbox-publisher.js';
import { e2eResources, expectOnePerArticle, waitForPosts } from '../helpers/e2e-run.js';
import { prefixPattern } from '../helpers/redis.js';
import { ask, freePort, redisProcs, startCluster, startSentinelSetup, type ClusterSetup, type RedisProcs, type SentinelSetup } from '../helpers/redis-procs.js';

/**
 * Crier's whole pipeline (poll → summarise → publish) on Redis Sentinel and on Redis Cluster, each
 * real processes started here (test/helpers/redis-procs.ts), never the shared Redis. `REDIS_URL`
 * is emptied: the config names exactly one topology.
 */
const ARTICLES = 4;
const CHANNELS = ['x', 'facebook'] as const;
const networks = Object.fromEntries(CHANNELS.map((c) => [c, { mode: 'dry-run' }]));
const storyOf = (url: string) => /story-(\d+)/.exec(url)?.[1];

async function expectEveryStoryPostedOnce(outboxDir: string): Promise<void> {
  for (const channel of CHANNELS) expectOnePerArticle(await readOutbox(outboxDir, channel), (e) => storyOf(e.url), ARTICLES);
}

describe('Crier on Redis Sentinel', () => {
  const e2e = e2eResources();
  let procs: RedisProcs;
  let sentinel: SentinelSetup;
  beforeAll(async () => {
    procs = await redisProcs('sentinel');
    sentinel = await startSentinelSetup(procs);
  }, 60_000);
  afterAll(async () => procs.stopAll());

  it('polls, summarises and posts through the master the sentinels name; the replica holds the same ledger', async () => {
    const feed = await e2e.feed({ count: ARTICLES });
    const crier = await e2e.crier(feed, ARTICLES, { networks, redis: { sentinels: sentinel.addresses, name: sentinel.name } }, { REDIS_URL: '' });
    expect(crier.config.redisTarget).toMatchObject({ kind: 'sentinel', name: sentinel.name });
    const posts = await waitForPosts(crier, ARTICLES * CHANNELS.length, { timeoutMs: 30_000, thenPolls: 1 });
    await expectEveryStoryPostedOnce(crier.outboxDir);

    // Written on the master, replicated: the post hashes are on both data nodes.
    const postKey = `${crier.prefix}:crier:post:${posts[0]?.postId ?? ''}`;
    expect(await ask(sentinel.master.port, (r) => r.hget(postKey, 'state'))).toBe('posted');
    await expect.poll(() => ask(sentinel.replica.port, (r) => r.hget(postKey, 'state'))).toBe('posted');
  }, 60_000);
});

describe('Crier on Redis Cluster', () => {
  const e2e = e2eResources();
  let procs: RedisProcs;
  let cluster: ClusterSetup;
  beforeAll(async () => {
    procs = await redisProcs('cluster');
    cluster = await startCluster(procs);
  }, 60_000);
  afterAll(async () => procs.stopAll());

  it('posts every story once, and every key it wrote (ledger and BullMQ) sits in the one slot of its hash tag', async () => {
    const feed = await e2e.feed({ count: ARTICLES });
    const crier = await e2e.crier(feed, ARTICLES, { networks, redis: { cluster: cluster.addresses } }, { REDIS_URL: '' });
    expect(crier.config.redisTarget).toMatchObject({ kind: 'cluster' });
    await waitForPosts(crier, ARTICLES * CHANNELS.length, { timeoutMs: 30_000, thenPolls: 1 });
    await expectEveryStoryPostedOnce(crier.outboxDir);

    // SCAN every master: one holds everything under the prefix, the others nothing.
    const byMaster = await cluster.keysByMaster(prefixPattern(crier.prefix));
    const holders = [...byMaster].filter(([, keys]) => keys.length > 0);
    expect(holders).toHaveLength(1);
    const [port, keys] = holders[0] ?? [0, []];
    expect(keys.some((k) => k.startsWith(`${crier.prefix}:crier:post:`))).toBe(true);
    expect(keys.some((k) => k.startsWith(`${crier.prefix}:publish.x:`))).toBe(true);
    expect(keys.some((k) => k.startsWith(`${crier.prefix}:poll:`))).toBe(true);
    const slots = await ask(port, async (r) => new Set(await Promise.all(keys.map((k) => r.call('CLUSTER', 'KEYSLOT', k)))));
    expect(slots.size).toBe(1);
  }, 60_000);
});

describe('no embedded redis-server for Sentinel or Cluster', () => {
  let procs: RedisProcs;
  let sentinel: SentinelSetup;
  beforeAll(async () => {
    procs = await redisProcs('autostart');
    sentinel = await startSentinelSetup(procs);
  }, 60_000);
  afterAll(async () => procs.stopAll());

  it('answers through the sentinels, and a Cluster nobody runs is a clear error, with nothing started or written', async () => {
    const dataDir = path.join(procs.dir, 'never-used');
    const target = { kind: 'sentinel' as const, sentinels: sentinel.sentinels.map((s) => s.node), name: sentinel.name };
    expect(await pingRedis(target)).toEqual({ ok: true });
    const found = await ensureRedis(target, { autoStart: true, dataDir });
    expect(found.started).toBe(false);
    const nobody = { kind: 'cluster' as const, nodes: [{ host: '127.0.0.1', port: await freePort() }] };
    await expect(ensureRedis(nobody, { autoStart: true, dataDir })).rejects.toThrow(/^Redis is not reachable: Redis Cluster via 127\.0\.0\.1:\d+ /);
    expect(existsSync(dataDir)).toBe(false);
  }, 30_000);
});
