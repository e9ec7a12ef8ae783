/**
 * One latency scenario for `npm run bench:latency` (bench/latency.bench.ts): a real Crier in this
 * process (poller + workers, real Redis under its own prefix, three dry-run channels) reading a
 * local feed; stories are published on the feed and timed until each post is in the outbox.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { parseConfig, type Config } from '../src/config/load-config.js';
import { networkRegistry } from '../src/publishers/registry.js';
import { outboxFile, type OutboxEntry } from '../src/publishers/dry-run/outbox-publisher.js';
import { startRoles, type Running } from '../workers/runtime.js';
import { story, type TestItem } from '../test/helpers/feed-server.js';
import { BenchFeed } from './latency-feed.js';
import { deletePrefix, TEST_REDIS_URL, uniquePrefix } from '../test/helpers/redis.js';

export const CHANNELS = ['x', 'bluesky', 'mastodon'];

export interface Trigger {
  /** Extra config for this scenario (web, websub…) and env. */
  config?: Record<string, unknown>;
  env?: Record<string, string>;
  /** A WebSub hub the feed announces. */
  hubUrl?: string;
  /** Started before Crier (the WebSub callback must answer the hub's verification). */
  prepare?(config: Config): Promise<{ stop(): Promise<void> }>;
  /** Started after Crier; returns what to call once per published story (a CMS ping, a hub publish) and a stop. */
  start?(crier: Running, feed: BenchFeed): Promise<{ published(item: TestItem): Promise<void>; stop(): Promise<void> }>;
  /** Measuring starts once this holds (a subscription verified). */
  ready?(crier: Running): Promise<boolean>;
}

export interface Stats { p50Ms: number; p95Ms: number; maxMs: number; posts: number }

export function stats(latenciesMs: number[]): Stats {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
  return { p50Ms: Math.round(at(0.5)), p95Ms: Math.round(at(0.95)), maxMs: Math.round(sorted.at(-1) ?? NaN), posts: sorted.length };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let storyNumber = 0;

/** Every outbox line so far, by channel (the outbox is append-only JSON lines). */
async function outboxEntries(dir: string): Promise<OutboxEntry[]> {
  const files = await Promise.all(CHANNELS.map((c) => readFile(outboxFile(dir, c), 'utf8').catch(() => '')));
  return files.flatMap((text) => text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as OutboxEntry));
}

export interface ScenarioResult {
  bursts: Record<string, Stats>;
  feedRequestsPerHour: number;
  seconds: number;
}

/**
 * Runs `rounds` bursts of each size. Before each burst it waits `phaseMs()` (a random share of the
 * poll interval, so publication lands anywhere between two polls, as in real life).
 */
export async function runScenario(opts: { intervalSeconds: number; bursts: number[]; rounds: number; phaseMs: () => number; trigger?: Trigger; timeoutMs: number }): Promise<ScenarioResult> {
  const prefix = uniquePrefix('latency');
  const outbox = await mkdtemp(path.join(tmpdir(), 'crier-latency-'));
  const feed = await new BenchFeed(opts.trigger?.hubUrl).start();
  const config = parseConfig(
    {
      redis: { prefix, autoStart: false },
      outbox: { dir: outbox },
      feeds: [{ id: 'desk', url: feed.url, intervalSeconds: opts.intervalSeconds }],
      // Spacing off (the default, stated): a dry-run channel has no rate to respect, and spacing
      // would measure the editorial gate, not delivery.
      networks: Object.fromEntries(CHANNELS.map((c) => [c, { mode: 'dry-run', spacingSeconds: 0 }])),
      workers: { publishConcurrency: 4 },
      ...opts.trigger?.config,
    },
    { env: { REDIS_URL: TEST_REDIS_URL, ...opts.trigger?.env }, networks: networkRegistry },
  );
  const prepared = await opts.trigger?.prepare?.(config);
  const running = await startRoles(config, pino({ level: process.env.BENCH_LOG ?? 'silent' }), ['poller', 'worker']);
  const trigger = await opts.trigger?.start?.(running, feed);
  const started = performance.now();
  try {
    await waitFor(async () => !!(await running.ctx.feedStates.get('desk')).initialisedAt, opts.timeoutMs, 'first poll');
    await waitFor(async () => (await opts.trigger?.ready?.(running)) ?? true, opts.timeoutMs, 'trigger ready');
    const requestsBefore = feed.requests;
    const measureStarted = performance.now();
    const bursts: Record<string, Stats> = {};
    for (const size of opts.bursts) {
      const latencies: number[] = [];
      for (let round = 0; round < opts.rounds; round++) latencies.push(...(await burst(feed, outbox, size, opts, trigger)));
      bursts[String(size)] = stats(latencies);
    }
    const hours = (performance.now() - measureStarted) / 3_600_000;
    return { bursts, feedRequestsPerHour: Math.round((feed.requests - requestsBefore) / hours), seconds: +((performance.now() - started) / 1000).toFixed(1) };
  } finally {
    await trigger?.stop();
    await running.stop();
    await prepared?.stop();
    await feed.stop();
    await deletePrefix(prefix);
    await rm(outbox, { recursive: true, force: true });
  }
}

/** Publishes `size` stories spread over one second, then waits for all their posts; returns each post's latency. */
async function burst(feed: BenchFeed, outbox: string, size: number, opts: { phaseMs: () => number; timeoutMs: number }, trigger?: { published(item: TestItem): Promise<void> }): Promise<number[]> {
  await sleep(opts.phaseMs());
  const publishedAt = new Map<string, number>();
  const gapMs = size > 1 ? 1000 / size : 0;
  // Each story's announcement (a CMS webhook, a hub publish) goes out on its own, as a CMS does: a
  // slow answer never holds up the next story.
  const announced: Promise<void>[] = [];
  for (let i = 0; i < size; i++) {
    const item = { ...story(++storyNumber, 0), pubDate: new Date() };
    feed.add(item);
    publishedAt.set(`story-${storyNumber}`, Date.now());
    if (trigger) announced.push(trigger.published(item));
    if (gapMs > 0 && i < size - 1) await sleep(gapMs);
  }
  await Promise.all(announced);
  const mine = (e: OutboxEntry) => publishedAt.has(/story-\d+/.exec(e.url)?.[0] ?? '');
  await waitFor(async () => (await outboxEntries(outbox)).filter(mine).length >= size * CHANNELS.length, opts.timeoutMs, `${size} stories posted`);
  return (await outboxEntries(outbox)).filter(mine).map((e) => Date.parse(e.createdAt) - (publishedAt.get(/story-\d+/.exec(e.url)?.[0] ?? '') ?? NaN));
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`latency bench timed out waiting for: ${what}`);
    await sleep(10);
  }
}
