/**
 * Faults, measured (issue #18): `npm run chaos` runs a poller and two workers (each its own
 * process, `crier poller|worker`) against a private redis-server and dry-run networks, while
 * stories keep arriving in a local feed, and prints JSON.
 * Phase "aof": Redis with AOF (appendfsync always); the poller and workers are SIGKILLed at random
 * moments and restarted, and Redis itself is SIGKILLed and restarted once. Target: 0 lost, 0 duplicates.
 * Phase "emptyRestart": Redis is killed and restarted with no data. Target: polling back within
 * 60 s, nothing posted before the loss posted again, stories after it posted.
 * Bounded: CHAOS_SECONDS (default 45) of faults, then at most 100 s to settle and 90 s to recover.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { readOutbox } from '../src/publishers/dry-run/outbox-publisher.js';
import { story, TestFeedServer } from '../test/helpers/feed-server.js';
import { freePort, startRedis, startRole, type RoleProcess } from './chaos-procs.js';

const FAULT_MS = Number(process.env.CHAOS_SECONDS ?? 45) * 1000;
// Longer than one reconcile interval (60 s): some repairs wait for its tick.
const SETTLE_MS = 100_000;
const RECOVER_MS = 90_000;
const CHANNELS = ['x', 'facebook'] as const;
const PREFIX = '{chaos}';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const storyUrl = (n: number) => `https://southasiandesk.example/news/story-${n}`;

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<number | undefined> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await check().catch(() => false)) return Date.now() - started;
    await sleep(200);
  }
  return undefined;
}

async function main(): Promise<void> {
  const runStarted = Date.now();
  const dir = await mkdtemp(path.join(tmpdir(), 'crier-chaos-'));
  const port = await freePort();
  const redisUrl = `redis://127.0.0.1:${port}`;
  const feed = await new TestFeedServer().start();
  const outbox = path.join(dir, 'outbox');
  const configPath = path.join(dir, 'crier.yaml');
  await writeFile(configPath, JSON.stringify({
    feeds: [{ id: 'chaos', url: feed.url, backfill: 0, intervalSeconds: 1, maxAgeHours: 100_000 }],
    networks: Object.fromEntries(CHANNELS.map((c) => [c, { mode: 'dry-run' }])),
    redis: { prefix: PREFIX, autoStart: false },
    outbox: { dir: outbox },
    workers: { backoffMs: 200, attempts: 20, shutdownGraceMs: 1_000 },
  }));
  await mkdir(path.join(dir, 'aof'));
  let redis = await startRedis(port, path.join(dir, 'aof'), true);
  const admin = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  admin.on('error', () => undefined);
  const lossLines: string[] = [];
  const onLine = (line: string) => {
    if (line.includes('Redis lost its data')) lossLines.push(line);
  };
  const env = { REDIS_URL: redisUrl, LOG_LEVEL: 'warn' };
  const procs: RoleProcess[] = [startRole('poller', 'poller', configPath, env, onLine), startRole('worker1', 'worker', configPath, env, onLine), startRole('worker2', 'worker', configPath, env, onLine)];
  const feedKey = `${PREFIX}:crier:feed:chaos`;
  const initialised = async () => !!(await admin.hget(feedKey, 'initialisedAt'));

  const posted = async () => {
    const out: Record<string, string[]> = {};
    for (const c of CHANNELS) out[c] = (await readOutbox(outbox, c)).map((e) => e.url.split('?')[0] ?? e.url);
    return out;
  };
  const missing = async (stories: number[]) => {
    const p = await posted();
    return CHANNELS.reduce((sum, c) => sum + stories.filter((n) => !p[c]?.includes(storyUrl(n))).length, 0);
  };
  const unknownPosts = async () => {
    let cursor = '0';
    let unknown = 0;
    do {
      const [next, keys] = await admin.scan(cursor, 'MATCH', `${PREFIX}:crier:post:*`, 'COUNT', 500);
      cursor = next;
      for (const k of keys.filter((key) => !key.slice(`${PREFIX}:crier:post:`.length).includes(':'))) if ((await admin.hget(k, 'state')) === 'unknown') unknown++;
    } while (cursor !== '0');
    return unknown;
  };

  try {
    if ((await waitFor(initialised, RECOVER_MS)) === undefined) throw new Error('the poller never made its first poll');
    // Phase "aof": stories keep coming while processes (and once Redis) are killed at random.
    let n = 0;
    const adder = setInterval(() => feed.add(story(++n, 0)), 700);
    const faultsEnd = Date.now() + FAULT_MS;
    let redisRestarts = 0;
    while (Date.now() < faultsEnd) {
      await sleep(2_000 + Math.random() * 3_000);
      if (redisRestarts === 0 && Date.now() > faultsEnd - FAULT_MS / 2) {
        await redis.kill();
        redis = await startRedis(port, path.join(dir, 'aof'), true);
        redisRestarts++;
      } else {
        await procs[Math.floor(Math.random() * procs.length)]?.killAndRestart();
      }
    }
    clearInterval(adder);
    const aofStories = Array.from({ length: n }, (_, i) => i + 1);
    await waitFor(async () => (await missing(aofStories)) === 0, SETTLE_MS);
    const afterAof = await posted();
    const aof = {
      storiesPublished: n,
      postedPerNetwork: Object.fromEntries(CHANNELS.map((c) => [c, new Set(afterAof[c]).size])),
      duplicates: CHANNELS.reduce((sum, c) => sum + (afterAof[c]?.length ?? 0) - new Set(afterAof[c]).size, 0),
      lost: await missing(aofStories),
      unknown: await unknownPosts(),
      kills: Object.fromEntries(procs.map((p) => [p.name, p.kills])),
      redisRestarts,
    };

    // Phase "emptyRestart": Redis comes back with nothing.
    await redis.kill();
    const restartedAt = Date.now();
    redis = await startRedis(port, await mkdtemp(path.join(dir, 'empty-')), false);
    const pollingBackMs = await waitFor(initialised, RECOVER_MS);
    const recoveredAfterMs = pollingBackMs === undefined ? undefined : Date.now() - restartedAt;
    const fresh = [n + 1, n + 2, n + 3];
    for (const f of fresh) feed.add(story(f, 0));
    await waitFor(async () => (await missing(fresh)) === 0, SETTLE_MS);
    const afterEmpty = await posted();
    const reposted = CHANNELS.reduce((sum, c) => sum + (afterEmpty[c]?.filter((u) => aofStories.some((s) => storyUrl(s) === u)).length ?? 0) - (afterAof[c]?.length ?? 0), 0);
    const emptyRestart = {
      pollingBackMs: recoveredAfterMs ?? null,
      dataLossLogged: lossLines.length > 0,
      repostedFromBeforeLoss: reposted,
      newStories: fresh.length,
      newStoriesLost: await missing(fresh),
    };
    const result = {
      durationMs: Date.now() - runStarted,
      aof,
      emptyRestart,
      targets: {
        aofNoLoss: aof.lost === 0,
        aofNoDuplicates: aof.duplicates === 0,
        emptyRestartPollingWithin60s: recoveredAfterMs !== undefined && recoveredAfterMs <= 60_000,
        emptyRestartNoFlood: reposted === 0,
      },
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await Promise.allSettled(procs.map((p) => p.stop()));
    admin.disconnect();
    await redis.kill();
    await feed.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`chaos: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
