import type { Config } from '../../src/config/load-config.js';
import type { PostState } from '../../src/ledger/post-ledger.js';
import { collectStatusFrom } from '../../src/desk/status-data.js';
import { describeDelivery } from '../../src/websub/websub-describe.js';
import { credentialStatusLines } from '../../src/ledger/credentials-expiry.js';
import { collectWaits, type ChannelWaits } from '../../src/desk/status-waits.js';
import type { RedisContext } from '../../workers/redis-context.js';
import { withContext, table } from './with-context.js';

/** `crier status` exit codes, for a cron alert: documented in the README and in `crier --help`. */
export const EXIT_OK = 0;
export const EXIT_ATTENTION = 3;

const ago = (iso?: string) => (iso ? `${Math.round((Date.now() - Date.parse(iso)) / 1000)}s ago` : '-');

export const POST_LISTS: Record<string, PostState[]> = { pending: ['pending_approval'], failed: ['failed'], unknown: ['unknown'] };
/** Enough to act on; a longer list means something bigger is wrong and the desk is the better view. */
const MAX_LISTED_POSTS = 200;

type Status = Awaited<ReturnType<typeof collectStatusFrom>>;

/** What needs a person: failing feeds, halted channels, posts that ended failed or unknown. */
export async function collectStatus(ctx: RedisContext) {
  const [status, troubled, waits] = await Promise.all([collectStatusFrom(ctx), ctx.posts.listInStates(['failed', 'unknown']), collectWaits(ctx)]);
  // Headlines for the few posts listed under NEXT UP (at most 5 a channel).
  const keys = [...new Set(waits.flatMap((w) => w.upcoming.map((u) => u.articleKey)))];
  const records = await Promise.all(keys.map((k) => ctx.articles.get(k)));
  const headlines = Object.fromEntries(keys.map((k, i) => [k, records[i]?.article.title ?? '']));
  return { ...status, waits: waits.map((w) => ({ ...w, upcoming: w.upcoming.map((u) => ({ ...u, headline: headlines[u.articleKey] ?? '' })) })), attention: attentionReasons(status, troubled.map((p) => p.state)) };
}

export function attentionReasons(status: Status, troubledStates: PostState[]): string[] {
  const reasons: string[] = [];
  for (const f of status.feeds) if (f.consecutiveFailures > 0) reasons.push(`feed ${f.feedId} is failing (${f.consecutiveFailures}x): ${f.lastError ?? f.lastOutcome ?? 'unknown error'}`);
  for (const q of status.queues) if ('attention' in q && q.attention) reasons.push(`channel ${String(q.channel)} is halted: ${q.attention}`);
  for (const state of ['failed', 'unknown'] as const) {
    const n = troubledStates.filter((s) => s === state).length;
    if (n > 0) reasons.push(`${n} post(s) ${state}: crier status --posts ${state}`);
  }
  return reasons;
}

export async function runStatus(config: Config, opts: { json: boolean; posts?: string }, out: (s: string) => void, err: (s: string) => void): Promise<number> {
  if (opts.posts !== undefined) {
    const states = POST_LISTS[opts.posts];
    if (!states) {
      err(`usage: crier status --posts ${Object.keys(POST_LISTS).join('|')}`);
      return 1;
    }
    return withContext(config, (ctx) => listPosts(ctx, states, opts.json, out));
  }
  return withContext(config, async (ctx) => {
    const status = await collectStatus(ctx);
    // When each live channel's credentials expire (#16, H4): read from the ledger, never from the network.
    const credentials = await credentialStatusLines(ctx.redis, config.redis.prefix, config.channels.filter((c) => c.enabled && c.mode === 'live').map((c) => c.id), Date.now());
    if (opts.json) out(JSON.stringify({ ...status, credentials }, null, 2));
    else printStatus(status, out);
    if (!opts.json && credentials.length > 0) out(['CREDENTIALS', ...credentials.map((c) => `  ${c.channel}: ${c.text}`)].join('\n'));
    return status.attention.length > 0 ? EXIT_ATTENTION : EXIT_OK;
  });
}

/** One line per post: the id to pass to `crier approve|retry|skip`, its channel, the headline. */
async function listPosts(ctx: RedisContext, states: PostState[], json: boolean, out: (s: string) => void): Promise<number> {
  const posts = await ctx.posts.listInStates(states, { limit: MAX_LISTED_POSTS });
  const rows = await Promise.all(
    posts.map(async (p) => ({ postId: p.postId, channel: p.channel, state: p.state, headline: (await ctx.articles.get(p.articleKey))?.article.title ?? '', updatedAt: p.updatedAt, ...(p.lastError ? { lastError: p.lastError } : {}) })),
  );
  if (json) out(JSON.stringify(rows, null, 2));
  else if (rows.length === 0) out(`no ${states.join('/')} posts`);
  else out(table([['POST', 'CHANNEL', 'HEADLINE', 'LAST ERROR'], ...rows.map((r) => [r.postId, r.channel, oneLine(r.headline, 80), oneLine(r.lastError ?? '', 80)])]));
  if (rows.length === MAX_LISTED_POSTS) out(`(first ${MAX_LISTED_POSTS} shown; the desk lists them all)`);
  return EXIT_OK;
}

/** Headlines and errors come from outside: one line, no control characters, bounded. */
function oneLine(s: string, maxChars: number): string {
  // eslint-disable-next-line no-control-regex
  const flat = s.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
  return flat.length > maxChars ? `${flat.slice(0, maxChars - 1)}…` : flat;
}

function printStatus(status: Awaited<ReturnType<typeof collectStatus>>, out: (s: string) => void): void {
  out('FEEDS');
  out(
    table([
      ['FEED', 'LAST FETCH', 'HTTP', 'OUTCOME', 'ITEMS', 'NEW', 'SKIPPED', 'DROPPED', 'FAILURES', 'NEXT POLL', 'LAST ERROR'],
      ...status.feeds.map((f) => [f.feedId, ago(f.lastFetchAt), String(f.lastStatus ?? '-'), f.lastOutcome ?? 'never polled', String(f.itemsInFeed ?? '-'), String(f.newItems ?? '-'), String(f.itemsSkipped ?? '-'), String(f.itemsDropped ?? '-'), `${f.consecutiveFailures} (${f.totalFailures} total)`, `${f.nextPoll ?? '-'}${f.pollIntervalReason ? ` (${f.pollIntervalReason})` : ''}`, oneLine(f.lastError ?? '', 120)]),
    ]),
  );
  // What the last read of each feed worked around (bounded and cleaned by the poller, flattened again here).
  const warned = status.feeds.filter((f) => (f.warnings?.length ?? 0) > 0);
  if (warned.length > 0) out(`\nFEED WARNINGS\n${warned.flatMap((f) => (f.warnings ?? []).map((w) => `  ${f.feedId}: ${oneLine(w, 200)}`)).join('\n')}`);
  // Push (WebSub) or poll, per feed (#17): hub, lease, last push, last poll; why push is off.
  out(`\nFEED DELIVERY\n${status.feeds.map((f) => `  ${f.feedId}: ${oneLine(describeDelivery(f.websub).summary, 240)}; last poll ${ago(f.lastFetchAt)}`).join('\n')}`);
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
  printWaits(status.waits, out);
  out(status.attention.length > 0 ? `\nATTENTION (exit ${EXIT_ATTENTION})\n${status.attention.map((r) => `  - ${oneLine(r, 200)}`).join('\n')}` : '\nall good');
}

/** Per channel, what goes next and when, and why the others wait (the desk's wait reasons). */
function printWaits(waits: Array<ChannelWaits & { upcoming: Array<{ headline: string }> }>, out: (s: string) => void): void {
  out('\nNEXT UP');
  for (const w of waits) {
    if (w.queued + w.pending === 0) {
      out(`  ${w.channel}: nothing waiting`);
      continue;
    }
    out(`  ${w.channel}: ${w.queued} queued, ${w.pending} awaiting approval`);
    for (const u of w.upcoming) out(`    ${u.wait.position ? `${u.wait.position}. ` : '-  '}${oneLine(u.headline || u.postId, 60)} — ${oneLine(u.wait.text, 160)}`);
    const more = w.queued + w.pending - w.upcoming.length;
    if (more > 0) out(`    …and ${more} more (the desk's /queue/${w.channel} lists them all)`);
  }
}
