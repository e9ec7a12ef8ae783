import { clockText } from '../editorial/wait-reason.js';
import { createCredentialsExpiryStore, DAY_MS, describeExpiry } from '../ledger/credentials-expiry.js';
import type { ChannelView } from './desk-data.js';
import type { WebContext } from './web-context.js';
import { createLifecycleLedger } from '../ledger/lifecycle-ledger.js';
import { parsePostId } from '../ledger/keys.js';

/**
 * What needs a person, on every page (issue #15): halted channels with the reason and the fix,
 * failing feeds with how long, failed and unknown posts. The Ops tiles turn red on the same facts.
 */
export interface AttentionItem {
  kind: 'channel' | 'feed' | 'posts' | 'credentials';
  id: string;
  text: string;
  href: string;
}

export interface Attention {
  items: AttentionItem[];
  haltedChannels: number;
  failingFeeds: number;
  failedPosts: number;
}

const POSTS_LIMIT = 100;
const AUTH = /\b(401|403)\b|token|unauthori[sz]ed|forbidden|revoked|expired|credential|permission/i;
const MONEY = /credit|payment|billing|quota exhausted|402/i;

/** The editor's next step, from what the network said when the channel halted. */
export function haltFix(ctx: WebContext, channelId: string, attention: string): string {
  const c = ctx.config.channels.find((x) => x.id === channelId);
  if (/\bresume\b/i.test(attention)) return '';
  if (c && AUTH.test(attention)) {
    const names = ctx.network(c).credentialSets[0] ?? [];
    const vars = names.length ? names.map((n) => `${c.envPrefix}_${n}`).join(' / ') : `the ${c.envPrefix}_* credentials`;
    return `replace ${vars}, then Resume`;
  }
  if (MONEY.test(attention)) return 'top up the account, then Resume';
  return 'fix the cause, then Resume';
}

export async function loadAttention(ctx: WebContext, channels: readonly ChannelView[]): Promise<Attention> {
  const items: AttentionItem[] = [];
  for (const c of channels.filter((x) => x.attention)) {
    const fix = haltFix(ctx, c.id, c.attention ?? '');
    items.push({ kind: 'channel', id: c.id, text: `${c.displayName} (${c.id}) halted: ${c.attention ?? ''}${fix ? ` — ${fix}` : ''}`, href: `/queue/${c.id}` });
  }
  items.push(...(await credentialItems(ctx, Date.now())));
  const tz = ctx.config.publication.timezone;
  const feeds = await Promise.all(ctx.config.feeds.map(async (f) => ({ f, s: await ctx.feedStates.get(f.id) })));
  const failing = feeds.filter(({ s }) => s.consecutiveFailures > 0);
  for (const { f, s } of failing) {
    const at = (iso: string) => clockText(Date.parse(iso), Date.now(), tz);
    const since = s.lastSuccessAt ? `down since ${at(s.failingSince ?? s.lastSuccessAt)} (last success ${at(s.lastSuccessAt)})` : 'down: never read successfully';
    items.push({ kind: 'feed', id: f.id, text: `Feed ${f.title ?? f.id}: ${since}, ${s.consecutiveFailures} failure${s.consecutiveFailures === 1 ? '' : 's'} in a row${s.lastError ? `: ${s.lastError}` : ''}`, href: `/feeds#feed-${f.id}` });
  }
  const bad = await ctx.posts.listInStates(['failed', 'unknown'], { limit: POSTS_LIMIT });
  if (bad.length) {
    const unknown = bad.filter((p) => p.state === 'unknown').length;
    const n = bad.length >= POSTS_LIMIT ? `${POSTS_LIMIT}+` : String(bad.length);
    items.push({ kind: 'posts', id: 'failed', text: `${n} post${bad.length === 1 ? '' : 's'} failed${unknown ? ` (${unknown} with an unknown outcome: check the network before retrying)` : ''}`, href: '/?state=failed' });
  }
  // Corrections and retractions an editor must finish by hand (#16), each with the one action needed.
  const flags = await createLifecycleLedger(ctx.redis, { prefix: ctx.config.redis.prefix, retentionDays: ctx.config.ledger.retentionDays }).flags(20);
  for (const f of flags) {
    const ids = parsePostId(f.postId);
    if (ids) items.push({ kind: 'posts', id: `lifecycle-${f.postId}`, text: `${ids.channel}: ${f.step.needs ?? `${f.step.action} ${f.step.state}`}`, href: `/articles/${ids.articleKey}/changes#post-${ids.channel}` });
  }
  return { items, haltedChannels: channels.filter((c) => c.attention).length, failingFeeds: failing.length, failedPosts: bad.length };
}

/** Warn this many days ahead on the desk (the alerts' first warning is 14 days too). */
const CREDENTIALS_WARN_DAYS = 14;

/** Live channels whose credentials expire within two weeks, or that the network calls invalid (#16). */
async function credentialItems(ctx: WebContext, nowMs: number): Promise<AttentionItem[]> {
  const store = createCredentialsExpiryStore(ctx.redis, { prefix: ctx.config.redis.prefix });
  const live = ctx.config.channels.filter((c) => c.enabled && c.mode === 'live');
  const records = await store.list(live.map((c) => c.id));
  return records
    .filter((r) => r.invalid || (r.expiresAt && !r.selfRenewing && Date.parse(r.expiresAt) - nowMs < CREDENTIALS_WARN_DAYS * DAY_MS))
    .map((r) => {
      const c = live.find((x) => x.id === r.channel);
      return { kind: 'credentials' as const, id: r.channel, text: `${r.channel}: ${describeExpiry(r, nowMs)} — replace ${c?.envPrefix ?? r.channel.toUpperCase()}_* before then`, href: `/queue/${r.channel}` };
    });
}
