import { feedSchedulerId } from '../../src/queues/names.js';
import type { Config } from '../../src/config/load-config.js';
import type { AppContext } from '../context.js';
import { withContext, table } from './with-context.js';

const ago = (iso?: string) => (iso ? `${Math.round((Date.now() - Date.parse(iso)) / 1000)}s ago` : '-');

export async function collectStatus(config: Config) {
  return withContext(config, collectStatusFrom);
}

/** The data part, on an open context (the web desk's feed health page and queue charts use it too). */
export async function collectStatusFrom(ctx: AppContext) {
  const { config } = ctx;
  const feeds = await Promise.all(
    config.feeds.map(async (f) => {
      const s = await ctx.feedStates.get(f.id);
      const schedulers = await ctx.pollQueue.getJobScheduler(feedSchedulerId(f.id));
      const nextPoll = s.retryAfter && Date.parse(s.retryAfter) > Date.now() ? s.retryAfter : schedulers?.next ? new Date(schedulers.next).toISOString() : undefined;
      return { ...s, url: f.url, intervalSeconds: f.intervalSeconds, nextPoll };
    }),
  );
  const queues = await Promise.all([
    ...[ctx.pollQueue, ctx.summariseQueue].map(async (q) => ({ queue: q.name, ...(await q.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed')) })),
    ...config.channels.map(async (c) => {
      const q = ctx.publishQueue(c.id);
      const [counts, paused, control, rateLimitTtlMs] = await Promise.all([
        q.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed'),
        q.isPaused(),
        ctx.control.status(c.id),
        q.getRateLimitTtl(),
      ]);
      return { queue: q.name, mode: c.mode, ...counts, isPaused: paused, rateLimitTtlMs, ...control };
    }),
  ]);
  return { feeds, queues };
}

export async function runStatus(config: Config, opts: { json: boolean }, out: (s: string) => void): Promise<number> {
  const status = await collectStatus(config);
  if (opts.json) {
    out(JSON.stringify(status, null, 2));
    return 0;
  }
  out('FEEDS');
  out(
    table([
      ['FEED', 'LAST FETCH', 'HTTP', 'OUTCOME', 'ITEMS', 'NEW', 'FAILURES', 'NEXT POLL', 'LAST ERROR'],
      ...status.feeds.map((f) => [f.feedId, ago(f.lastFetchAt), String(f.lastStatus ?? '-'), f.lastOutcome ?? 'never polled', String(f.itemsInFeed ?? '-'), String(f.newItems ?? '-'), `${f.consecutiveFailures} (${f.totalFailures} total)`, f.nextPoll ?? '-', f.lastError ?? '']),
    ]),
  );
  out('\nQUEUES');
  out(
    table([
      ['QUEUE', 'WAITING', 'ACTIVE', 'DELAYED', 'FAILED', 'DONE', 'STATE'],
      ...status.queues.map((q: Record<string, unknown> & { queue: string }) => {
        const n = (k: string) => String((q[k] as number | undefined) ?? 0);
        const rlMs = Number(q.rateLimitTtlMs ?? 0);
        const extra = 'channel' in q
          ? [q.isPaused ? `PAUSED${q.pausedReason ? `: ${String(q.pausedReason)}` : ''}` : 'running', q.attention ? `NEEDS ATTENTION: ${String(q.attention)}` : '', rlMs > 0 ? `rate-limited ${Math.ceil(rlMs / 1000)}s` : '', `${String(q.postedToday)} today`, String(q.mode)].filter(Boolean).join(', ')
          : '';
        return [q.queue, n('waiting'), n('active'), n('delayed'), n('failed'), n('completed'), extra];
      }),
    ]),
  );
  return 0;
}
