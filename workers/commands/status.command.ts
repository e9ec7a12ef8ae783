import type { Config } from '../../src/config/load-config.js';
import { collectStatusFrom } from '../../src/web/status-data.js';
import { withContext, table } from './with-context.js';

const ago = (iso?: string) => (iso ? `${Math.round((Date.now() - Date.parse(iso)) / 1000)}s ago` : '-');

export async function collectStatus(config: Config) {
  return withContext(config, collectStatusFrom);
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
          ? [q.isPaused ? `PAUSED${q.pausedReason ? `: ${String(q.pausedReason)}` : ''}` : 'running', q.attention ? `NEEDS ATTENTION: ${String(q.attention)}` : '', rlMs > 0 ? `rate-limited ${Math.ceil(rlMs / 1000)}s${q.waitReason ? ` (${String(q.waitReason)})` : ''}` : '', `${String(q.postedToday)} today`, String(q.mode)].filter(Boolean).join(', ')
          : '';
        return [q.queue, n('waiting'), n('active'), n('delayed'), n('failed'), n('completed'), extra];
      }),
    ]),
  );
  return 0;
}
