import { channelsForFeed } from '../config/load-config.js';
import type { ArticleRecord } from '../ledger/article-ledger.js';
import type { PostRecord, PostState } from '../ledger/post-ledger.js';
import type { WebContext } from './web-context.js';

/** What the desk lists: one article with its post per channel (absent while still being drafted). */
export interface ArticleRow {
  record: ArticleRecord;
  posts: PostRecord[];
  /** Channels this article should go to, in config order, so every row shows the same columns. */
  channels: string[];
  feedTitle: string;
  /** By channel: the text as the network will receive it, where that differs from the draft (Bluesky's short links). */
  postedTexts?: Map<string, string>;
}

export const POST_STATES: readonly PostState[] = ['pending_approval', 'queued', 'posting', 'posted', 'failed', 'unknown', 'skipped'];

export interface DeskFilter {
  q?: string;
  feed?: string;
  channel?: string;
  state?: PostState;
  /** YYYY-MM-DD, in the publication's time zone, on the discovery time. */
  from?: string;
  to?: string;
}

const SCAN_BATCH = 200;
const MAX_SCANNED = 5_000;
const DAY_MS = 86_400_000;

export function parseFilter(query: Record<string, unknown>, ctx: WebContext): DeskFilter {
  const str = (k: string) => (typeof query[k] === 'string' && query[k] !== '' ? (query[k] as string) : undefined);
  const date = (k: string) => (str(k) && /^\d{4}-\d{2}-\d{2}$/.test(str(k) ?? '') ? str(k) : undefined);
  const f: DeskFilter = {};
  const q = str('q')?.trim().slice(0, 200);
  if (q) f.q = q;
  const feed = str('feed');
  if (feed && ctx.config.feeds.some((x) => x.id === feed)) f.feed = feed;
  const channel = str('network');
  if (channel && ctx.config.channels.some((c) => c.id === channel)) f.channel = channel;
  const state = str('state');
  if (state && (POST_STATES as string[]).includes(state)) f.state = state as PostState;
  const from = date('from');
  if (from) f.from = from;
  const to = date('to');
  if (to) f.to = to;
  return f;
}

export function filterQuery(f: DeskFilter): string {
  const p = new URLSearchParams();
  if (f.q) p.set('q', f.q);
  if (f.feed) p.set('feed', f.feed);
  if (f.channel) p.set('network', f.channel);
  if (f.state) p.set('state', f.state);
  if (f.from) p.set('from', f.from);
  if (f.to) p.set('to', f.to);
  return p.toString();
}

/** Epoch ms of 00:00 on `day` (YYYY-MM-DD) in `timeZone`. */
export function zonedDayStartMs(day: string, timeZone: string): number {
  const [y, m, d] = day.split('-').map(Number);
  const guess = Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1);
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' }).formatToParts(new Date(guess));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return guess - (asUtc - guess);
}

export function matches(row: ArticleRow, f: DeskFilter): boolean {
  if (f.feed && row.record.article.feedId !== f.feed) return false;
  if (f.q) {
    const needle = f.q.toLowerCase();
    const hay = `${row.record.article.title}\n${row.posts.map((p) => p.draft.text).join('\n')}`.toLowerCase();
    if (!hay.includes(needle)) return false;
  }
  const posts = f.channel ? row.posts.filter((p) => p.channel === f.channel) : row.posts;
  if (f.channel && posts.length === 0 && !row.channels.includes(f.channel)) return false;
  if (f.state && !posts.some((p) => p.state === f.state)) return false;
  return true;
}

export async function loadArticleRow(ctx: WebContext, articleKey: string): Promise<ArticleRow | undefined> {
  const record = await ctx.articles.get(articleKey);
  if (!record) return undefined;
  const posts = await ctx.posts.listForArticle(articleKey);
  const configured = record.skipReason ? [] : channelsForFeed(ctx.config, record.article.feedId).map((c) => c.id);
  const channels = [...new Set([...configured, ...posts.map((p) => p.channel)])];
  const feedTitle = ctx.config.feeds.find((f) => f.id === record.article.feedId)?.title ?? record.article.feedTitle ?? record.article.feedId;
  return { record, posts, channels, feedTitle, postedTexts: postedTexts(ctx, posts) };
}

function postedTexts(ctx: WebContext, posts: readonly PostRecord[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const post of posts) {
    const channel = ctx.config.channels.find((c) => c.id === post.channel);
    const posted = channel ? ctx.network(channel).postedText?.(post.draft) : undefined;
    if (posted !== undefined && posted !== post.draft.text) out.set(post.channel, posted);
  }
  return out;
}

/**
 * Newest first, by discovery time. Filters other than the date range are applied after loading,
 * so the scan is bounded (MAX_SCANNED keys) to keep a page fast on a busy ledger.
 */
export async function listArticleRows(ctx: WebContext, f: DeskFilter, limit = 50): Promise<{ rows: ArticleRow[]; scanned: number; more: boolean }> {
  const tz = ctx.config.publication.timezone;
  const range = { ...(f.to ? { maxMs: zonedDayStartMs(f.to, tz) + DAY_MS - 1 } : {}), ...(f.from ? { minMs: zonedDayStartMs(f.from, tz) } : {}) };
  const rows: ArticleRow[] = [];
  let offset = 0;
  while (rows.length < limit && offset < MAX_SCANNED) {
    const keys = await ctx.articles.listKeysDiscovered(range, SCAN_BATCH, offset);
    offset += keys.length;
    const loaded = await Promise.all(keys.map((k) => loadArticleRow(ctx, k)));
    for (const row of loaded) {
      if (row && matches(row, f)) rows.push(row);
      if (rows.length >= limit) return { rows, scanned: offset, more: true };
    }
    if (keys.length < SCAN_BATCH) break;
  }
  return { rows, scanned: offset, more: false };
}

export interface ChannelView {
  id: string;
  network: string;
  displayName: string;
  mode: string;
  approval: string;
  paused: boolean;
  pausedReason?: string;
  attention?: string;
  /** The network made the channel wait (rate limit, quota, policy block) until then, and why. */
  waitingUntil?: string;
  waitReason?: string;
  postedToday: number;
}

/** Pause state as every worker sees it: the control flag or the BullMQ queue pause. */
export async function channelViews(ctx: WebContext): Promise<ChannelView[]> {
  return Promise.all(
    ctx.config.channels.filter((c) => c.enabled).map(async (c) => {
      const [status, queuePaused] = await Promise.all([ctx.control.status(c.id), ctx.publishQueue(c.id).isPaused()]);
      return {
        id: c.id,
        network: c.network,
        displayName: ctx.network(c).displayName,
        mode: c.mode,
        approval: c.approval,
        paused: status.paused || queuePaused,
        ...(status.pausedReason ? { pausedReason: status.pausedReason } : {}),
        ...(status.attention ? { attention: status.attention } : {}),
        ...(status.waitingUntil ? { waitingUntil: status.waitingUntil, ...(status.waitReason ? { waitReason: status.waitReason } : {}) } : {}),
        postedToday: status.postedToday,
      };
    }),
  );
}
