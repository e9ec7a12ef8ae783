/**
 * (c) of the latency bench: WebSub. The feed announces a local hub (test/fakes/websub-hub.ts, the
 * spec-following hub of the tests); Crier's web process answers the hub's verification at
 * `publicBaseUrl`; for each story the hub delivers, signed (sha256), a partial feed with that story.
 * Polling stays at one hour (the safety net runs at websub.fallbackIntervalSeconds, 900 s).
 */
import { pino } from 'pino';
import { allowPrivateOriginForTests } from '../src/shared/http/test-egress.js';
import { createWebsubStore } from '../src/websub/websub-store.js';
import { createAppContext } from '../workers/context.js';
import { startWeb } from '../workers/web.js';
import { startWebSubHub } from '../test/fakes/websub-hub.js';
import { runScenario, type ScenarioResult } from './latency-run.js';
import { freePort } from '../test/helpers/redis-procs.js';

export async function websubScenario(opts: { bursts: number[]; rounds: number; timeoutMs: number }): Promise<ScenarioResult | { skipped: string }> {
  // The SSRF-safe fetch refuses loopback; its one test allowance is gated on the test runner's
  // marker. The bench is a test harness (never shipped): it sets the marker for the hub's origin only.
  process.env.VITEST = 'true';
  const hub = await startWebSubHub({ signature: 'sha256' });
  const withdraw = allowPrivateOriginForTests(hub.url);
  const port = await freePort();
  try {
    return await runScenario({
      intervalSeconds: 3_600,
      bursts: opts.bursts,
      rounds: opts.rounds,
      phaseMs: () => Math.random() * 1000,
      timeoutMs: opts.timeoutMs,
      trigger: {
        hubUrl: hub.url,
        config: { publicBaseUrl: `http://127.0.0.1:${port}` },
        async prepare(config) {
          const webCtx = createAppContext(config, pino({ level: process.env.BENCH_LOG ?? 'silent' }));
          const web = await startWeb(webCtx, { port, host: '127.0.0.1', sessionSecret: 'b'.repeat(40), sampleQueues: false });
          return { stop: async () => { await web.close(); await webCtx.close(); } };
        },
        async start(_crier, feed) {
          // The hub delivers what is new (a partial feed, as the WebSub spec allows): the new story.
          return { published: async (item) => void (await hub.publish(feed.url, feed.xml([item]))), stop: async () => undefined };
        },
        async ready(crier) {
          const view = await createWebsubStore(crier.ctx.redis, crier.ctx.config.redis.prefix).view('desk');
          return hub.requests.some((r) => r.kind === 'verified') && !!view;
        },
      },
    });
  } finally {
    if (process.env.BENCH_LOG) console.error(JSON.stringify(hub.requests.filter((r) => r.kind === 'delivered').map((r) => r.status)));
    withdraw();
    await hub.stop();
  }
}
