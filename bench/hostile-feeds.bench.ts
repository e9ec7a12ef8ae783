/**
 * `npm run bench:hostile`: what each hostile 1 MB feed shape of issue #13 costs the poller's
 * parse (parseFeed, with the poller's options). Each shape runs in a fresh child process so its
 * peak memory is its own. Prints one JSON document: per shape the wall time, the longest the
 * event loop was blocked (what other feeds' schedules feel), peak RSS and what was read.
 * Targets: under 1 s and under 300 MB per shape.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseFeed } from '../src/feeds/parse-feed.js';
import { hostileShapes, watchEventLoop } from '../test/feeds/hostile-feeds.js';

interface ShapeResult {
  shape: string;
  inputBytes: number;
  ms: number;
  maxEventLoopBlockMs: number;
  peakRssMb: number;
  items?: number;
  skipped?: number;
  itemsDropped?: number;
  warnings?: number;
  error?: string;
}

const TARGET_MS = 1_000;
const TARGET_RSS_MB = 300;

async function runShape(name: string): Promise<ShapeResult> {
  const shape = hostileShapes().find((s) => s.name === name);
  if (!shape) throw new Error(`unknown shape ${name}`);
  const eventLoop = watchEventLoop();
  const started = performance.now();
  const result: ShapeResult = { shape: name, inputBytes: Buffer.byteLength(shape.xml), ms: 0, maxEventLoopBlockMs: 0, peakRssMb: 0 };
  try {
    const feed = await parseFeed(shape.xml, { feedId: 'bench', feedUrl: 'https://hostile.example/feed.xml', maxItems: 200, requireLink: true });
    Object.assign(result, { items: feed.items.length, skipped: feed.skipped.length, itemsDropped: feed.itemsDropped, warnings: feed.warnings.length });
  } catch (err) {
    result.error = err instanceof Error ? err.message.slice(0, 200) : String(err);
  }
  result.ms = Math.round(performance.now() - started);
  result.maxEventLoopBlockMs = Math.round(await eventLoop.stop());
  result.peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  return result;
}

function runInChild(name: string): ShapeResult {
  const script = fileURLToPath(import.meta.url);
  const child = spawnSync(process.execPath, [...process.execArgv, script, '--shape', name], { encoding: 'utf8', timeout: 600_000 });
  const line = child.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as ShapeResult;
  } catch {
    return { shape: name, inputBytes: 0, ms: -1, maxEventLoopBlockMs: -1, peakRssMb: -1, error: `child failed: ${child.stderr.slice(-300) || child.signal || 'no output'}` };
  }
}

const shapeArg = process.argv.indexOf('--shape');
if (shapeArg !== -1) {
  console.log(JSON.stringify(await runShape(process.argv[shapeArg + 1] ?? '')));
} else {
  const shapes = hostileShapes().map((s) => runInChild(s.name));
  const withinTargets = shapes.every((s) => !s.error?.startsWith('child failed') && s.ms >= 0 && s.ms < TARGET_MS && s.peakRssMb < TARGET_RSS_MB);
  console.log(JSON.stringify({ targets: { ms: TARGET_MS, peakRssMb: TARGET_RSS_MB }, withinTargets, shapes }, null, 2));
}
