/**
 * Micro-benchmark of the CPU-heavy part of the pipeline: summarising one article and formatting
 * it for each network, on the shared sample article. `bench/pipeline.bench.ts` can import
 * `formatMicroBench()` and add its result to its JSON; `tsx bench/format.bench.ts` prints it alone.
 * Each format uses a fresh summary object, so per-summary caches do not flatter the numbers
 * (in the pipeline one summary is formatted once per channel).
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Article } from '../src/articles/article.js';
import { parseConfig } from '../src/config/load-config.js';
import { networkRegistry } from '../src/publishers/registry.js';
import { createExtractiveSummariser } from '../src/summaries/extractive-summariser.js';
import { draftForChannel } from '../workers/drafting.js';
import { SAMPLE_ARTICLE_PATH, sampleArticle } from '../test/helpers/sample-article.js';

const ROUNDS = 5;

export interface FormatBenchResult {
  article: string;
  iterations: number;
  /** Best of ROUNDS rounds (the machine is shared: the minimum is the least disturbed). */
  summariseMsPerArticle: number;
  formatMsPerDraft: Record<string, number>;
}

function bestMsPerCall(iterations: number, run: (i: number) => unknown): number {
  for (let i = 0; i < Math.min(50, iterations); i++) run(i);
  let best = Infinity;
  for (let r = 0; r < ROUNDS; r++) {
    const started = performance.now();
    for (let i = 0; i < iterations; i++) run(i);
    best = Math.min(best, (performance.now() - started) / iterations);
  }
  return +best.toFixed(4);
}

export async function formatMicroBench(iterations = Number(process.env.BENCH_FORMAT_ITERATIONS ?? 300)): Promise<FormatBenchResult> {
  const article: Article = { ...sampleArticle('bench-sample'), feedId: 'bench', categories: ['Pakistan', 'Defence'] };
  const summariser = createExtractiveSummariser({ hashtagMap: { 'Pakistan Turkey defence cooperation': ['#Pakistan', '#Turkiye', '#Defence'] }, publicationName: 'SouthAsianDesk' });
  // summarise() is synchronous work behind a resolved promise; timing the promise would time the event loop.
  const summaries = await Promise.all(Array.from({ length: 1 }, () => summariser.summarise(article)));
  const summary = summaries[0];
  if (!summary) throw new Error('no summary');
  let sink = 0;
  const summariseMsPerArticle = bestMsPerCall(iterations, (i) => {
    void summariser.summarise({ ...article, key: `bench-${i}` }).then((s) => (sink += s.sentences.length));
  });
  const networks = Object.keys(networkRegistry);
  const config = parseConfig({ feeds: [{ id: 'bench', url: 'config/sample-feed.xml' }], networks: Object.fromEntries(networks.map((n) => [n, { mode: 'dry-run' }])) }, { networks: networkRegistry });
  const formatMsPerDraft: Record<string, number> = {};
  for (const channel of config.channels) {
    const def = networkRegistry[channel.network];
    if (!def) continue;
    formatMsPerDraft[channel.network] = bestMsPerCall(iterations, () => (sink += draftForChannel(def, article, { ...summary }, channel).length));
  }
  if (sink < 0) throw new Error('unreachable');
  return { article: path.basename(SAMPLE_ARTICLE_PATH), iterations, summariseMsPerArticle, formatMsPerDraft };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(`${JSON.stringify(await formatMicroBench(), null, 2)}\n`);
}
