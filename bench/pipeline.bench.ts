/**
 * `npm run bench`: throughput of Crier's summarise + publish path (3 dry-run channels) against the
 * same job graph on bare BullMQ with no-op handlers, on the same Redis in the same run. Prints JSON.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { parseConfig } from '../src/config/load-config.js';
import { networkRegistry } from '../src/publishers/registry.js';
import type { Article } from '../src/articles/article.js';
import { startRoles } from '../workers/runtime.js';
import { deletePrefix, uniquePrefix, TEST_REDIS_URL } from '../test/helpers/redis.js';
import { formatMicroBench } from './format.bench.js';
import { redisBaseline, storyBytes, type StoryBytes } from './redis-bytes.js';

const ARTICLES = Number(process.env.BENCH_ARTICLES ?? 600);
const CHANNELS = ['x', 'facebook', 'instagram'];
const SUMMARISE_CONCURRENCY = 4;
const PUBLISH_CONCURRENCY = 4;

const PARAGRAPHS = [
  'Pakistan and Turkiye reaffirmed their commitment to enhanced defence ties during a high-level military dialogue.',
  'On Friday, 30 January, 2026, Field Marshal Asim Munir hosted General Selcuk Bayraktaroglu at General Headquarters in Rawalpindi.',
  'The leaders discussed Pakistan Turkey defence cooperation alongside the regional security landscape and bilateral military ties.',
  'Since 2000, around 1500 Pakistani officers have trained in Turkiye under exchange programmes, according to official records.',
  'In 2018, Turkiye agreed to supply Pakistan with attack helicopters and corvettes valued at USD 1.5 billion.',
];

function article(i: number): Article {
  return {
    key: `abench${String(i).padStart(8, '0')}`,
    feedId: 'bench',
    feedTitle: 'SouthAsianDesk',
    title: `Pakistan and Turkiye reaffirm defence ties, story ${i}`,
    url: `https://southasiandesk.example/news/${i}`,
    categories: ['Pakistan', 'Defence'],
    text: PARAGRAPHS.join('\n'),
    discoveredAt: new Date().toISOString(),
    publishedAt: new Date(Date.now() - 60_000).toISOString(),
  };
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('benchmark timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function benchCrier(): Promise<{ seconds: number; peakRssMb: number; cpuUserMs: number; cpuSystemMs: number; bytes: StoryBytes }> {
  const prefix = uniquePrefix('bench');
  const outbox = await mkdtemp(path.join(tmpdir(), 'crier-bench-'));
  const config = parseConfig(
    {
      redis: { prefix, autoStart: false },
      outbox: { dir: outbox },
      feeds: [{ id: 'bench', url: 'config/sample-feed.xml' }],
      networks: Object.fromEntries(CHANNELS.map((c) => [c, { mode: 'dry-run' }])),
      workers: { summariseConcurrency: SUMMARISE_CONCURRENCY, publishConcurrency: PUBLISH_CONCURRENCY },
    },
    { env: { REDIS_URL: TEST_REDIS_URL }, networks: networkRegistry },
  );
  const running = await startRoles(config, pino({ level: 'silent' }), ['worker']);
  const { ctx } = running;
  const baseline = await redisBaseline(ctx.redis, prefix);
  for (let i = 0; i < ARTICLES; i++) await ctx.articles.record(article(i), [`url:bench/${i}`]);
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  await ctx.summariseQueue.addBulk(Array.from({ length: ARTICLES }, (_, i) => ({ name: 'summarise', data: { articleKey: article(i).key, feedId: 'bench' }, opts: { jobId: article(i).key } })));
  await waitUntil(async () => {
    const counts = await Promise.all(CHANNELS.map((c) => ctx.publishQueue(c).getCompletedCount()));
    return counts.every((n) => n >= ARTICLES);
  }, 600_000);
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  // Redis bytes per story once every story settled (three channels; see redis-bytes.ts); RSS still sampled.
  const bytes = await storyBytes(ctx.redis, prefix, baseline, Array.from({ length: ARTICLES }, (_, i) => article(i).key), [ctx.summariseQueue, ...CHANNELS.map((c) => ctx.publishQueue(c))]);
  clearInterval(sampler);
  await running.stop();
  await deletePrefix(prefix);
  await rm(outbox, { recursive: true, force: true });
  return { seconds, peakRssMb: peakRss / 1024 / 1024, cpuUserMs: cpu.user / 1000, cpuSystemMs: cpu.system / 1000, bytes };
}

async function benchBareBullmq(): Promise<{ seconds: number; cpuUserMs: number; cpuSystemMs: number }> {
  const prefix = uniquePrefix('bench-bare');
  const connection = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
  const publishQueues = CHANNELS.map((c) => new Queue(`publish.${c}`, { connection, prefix }));
  const summariseQueue = new Queue('summarise', { connection, prefix });
  const workers = [
    new Worker('summarise', async (job) => {
      await Promise.all(publishQueues.map((q) => q.add('publish', { id: job.id }, { jobId: `${job.id}.${q.name}` })));
    }, { connection, prefix, concurrency: SUMMARISE_CONCURRENCY }),
    ...CHANNELS.map((c) => new Worker(`publish.${c}`, async () => undefined, { connection, prefix, concurrency: PUBLISH_CONCURRENCY })),
  ];
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  await summariseQueue.addBulk(Array.from({ length: ARTICLES }, (_, i) => ({ name: 'summarise', data: { i }, opts: { jobId: `a${i}` } })));
  await waitUntil(async () => (await Promise.all(publishQueues.map((q) => q.getCompletedCount()))).every((n) => n >= ARTICLES), 600_000);
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  await Promise.all(workers.map((w) => w.close()));
  await Promise.all([...publishQueues, summariseQueue].map((q) => q.close()));
  connection.disconnect();
  await deletePrefix(prefix);
  return { seconds, cpuUserMs: cpu.user / 1000, cpuSystemMs: cpu.system / 1000 };
}

/** Worker-process CPU per article (user + kernel): where the time goes when the ratio moves. */
function cpuPerArticle(r: { cpuUserMs: number; cpuSystemMs: number }) {
  return { cpuUserMsPerArticle: +(r.cpuUserMs / ARTICLES).toFixed(3), cpuSystemMsPerArticle: +(r.cpuSystemMs / ARTICLES).toFixed(3) };
}

// BENCH_ONLY=crier|bare runs one side (for profiling); the ratio is meaningful only when both run.
const only = process.env.BENCH_ONLY;
const skipped = { seconds: NaN, cpuUserMs: NaN, cpuSystemMs: NaN };
const bare = only === 'crier' ? skipped : await benchBareBullmq();
const noBytes: StoryBytes = { redisBytesPerStory: NaN, redisBytesPerStoryWithJobs: NaN, cappedStreamsBytes: NaN, usedMemoryDeltaPerStory: NaN };
const crier = only === 'bare' ? { ...skipped, peakRssMb: NaN, bytes: noBytes } : await benchCrier();
// BENCH_MICRO=0 skips the CPU micro-benchmarks (cleaner profiles of the pipeline alone).
const cpu = process.env.BENCH_MICRO === '0' ? { summariseMsPerArticle: NaN, formatMsPerDraft: {} } : await formatMicroBench();
const crierRate = ARTICLES / crier.seconds;
const bareRate = ARTICLES / bare.seconds;
process.stdout.write(
  `${JSON.stringify(
    {
      benchmark: 'summarise+publish, 3 dry-run channels',
      articles: ARTICLES,
      channels: CHANNELS.length,
      concurrency: { summarise: SUMMARISE_CONCURRENCY, publish: PUBLISH_CONCURRENCY },
      crier: { seconds: +crier.seconds.toFixed(3), articlesPerSecond: +crierRate.toFixed(1), postsPerSecond: +(crierRate * CHANNELS.length).toFixed(1), ...cpuPerArticle(crier) },
      bareBullmq: { seconds: +bare.seconds.toFixed(3), articlesPerSecond: +bareRate.toFixed(1), ...cpuPerArticle(bare) },
      ratio: +(crierRate / bareRate).toFixed(3),
      // Crier's own work per article on top of BullMQ's (ledger, summary, drafts, outbox): what the ratio is made of.
      crierOverheadMsPerArticle: +(1000 / crierRate - 1000 / bareRate).toFixed(3),
      target: 0.5,
      meetsTarget: crierRate / bareRate >= 0.5,
      peakRssMb: +crier.peakRssMb.toFixed(1),
      // #18: a retained story's Redis cost once its posts settled (target ≤ 2,048), and the parts around it.
      ...crier.bytes,
      redisBytesTarget: 2_048,
      summariseMsPerArticle: cpu.summariseMsPerArticle,
      formatMsPerDraft: cpu.formatMsPerDraft,
      node: process.version,
    },
    null,
    2,
  )}\n`,
);
