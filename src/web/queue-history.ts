import type { Queue } from 'bullmq';
import { watchRedisOutage } from '../shared/redis-outage.js';
import type { WebContext } from './web-context.js';

/**
 * Queue depth over the last 24 h for the ops charts. BullMQ keeps no history, so the web process
 * samples every queue once a minute into a capped Redis stream under Crier's own key space
 * (`<prefix>:crier:web:…`). A per-minute SET NX lock keeps one sample per minute however many
 * web processes run.
 */
export const SAMPLE_EVERY_MS = 60_000;
const KEEP_SAMPLES = 1_500;

export function queueHistoryKey(prefix: string): string {
  return `${prefix}:crier:web:queue-depth`;
}

export function allQueues(ctx: WebContext): Queue[] {
  return [ctx.pollQueue, ctx.summariseQueue, ...ctx.config.channels.filter((c) => c.enabled).map((c) => ctx.publishQueue(c.id))];
}

/** Jobs not yet done: what an operator means by "depth". */
export async function queueDepths(ctx: WebContext): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  await Promise.all(
    allQueues(ctx).map(async (q) => {
      const c = await q.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
      out[q.name] = Object.values(c).reduce((s, n) => s + n, 0);
    }),
  );
  return out;
}

export async function sampleQueueDepth(ctx: WebContext, nowMs = Date.now()): Promise<boolean> {
  const key = queueHistoryKey(ctx.config.redis.prefix);
  const minute = Math.floor(nowMs / SAMPLE_EVERY_MS);
  const won = await ctx.redis.set(`${key}:lock:${minute}`, '1', 'EX', 120, 'NX');
  if (won !== 'OK') return false;
  const depths = await queueDepths(ctx);
  await ctx.redis.xadd(key, 'MAXLEN', '~', KEEP_SAMPLES, `${minute * SAMPLE_EVERY_MS}-*`, 'd', JSON.stringify(depths));
  return true;
}

export async function readQueueHistory(ctx: WebContext, sinceMs: number): Promise<{ atMs: number; depths: Record<string, number> }[]> {
  const entries = await ctx.redis.xrange(queueHistoryKey(ctx.config.redis.prefix), String(sinceMs), '+');
  return entries.map(([id, fields]) => ({ atMs: Number(id.split('-')[0]), depths: JSON.parse(fields[1] ?? '{}') as Record<string, number> }));
}

export function startQueueSampler(ctx: WebContext): () => void {
  // During a Redis outage the process logs it once (redis-outage.ts), not once per sample.
  const outage = watchRedisOutage(ctx.redis, ctx.log);
  const tick = () => void sampleQueueDepth(ctx).catch((err: Error) => outage.report(err, 'queue depth sample failed'));
  tick();
  const timer = setInterval(tick, SAMPLE_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
