import type { Config } from '../../src/config/load-config.js';
import type { Article } from '../../src/articles/article.js';
import { fetchFeed } from '../../src/feeds/fetch-feed.js';
import { feedHealthWarnings } from '../../src/feeds/feed-health.js';
import { parseFeed } from '../../src/feeds/parse-feed.js';
import { feedParseOptions, feedToArticles, type ArticleFeedSettings } from '../../src/feeds/feed-to-articles.js';
import { matchesFilters } from '../../src/feeds/filters.js';
import { networkRegistry } from '../../src/publishers/registry.js';
import { createSummariser } from '../../src/summaries/create-summariser.js';
import type { Summariser, Summary } from '../../src/summaries/summary.js';
import { summaryNetworks } from '../../workers/context.js';
import { draftForChannel } from '../../workers/drafting.js';

type Drafts = Record<string, { text: string; length: number; limit: number; sentences?: string[]; alternatives?: string[]; note?: string } | { error: string }>;

export interface PreviewSummary {
  /** Which summariser was asked ("extractive", "llm"). */
  summariser: string;
  /** Which one produced the text ("llm:<model>", or "extractive" after a fallback). */
  producedBy: string;
  fallbackReason?: string;
  drafts: Drafts;
}

export interface PreviewItem {
  key: string;
  title: string;
  url: string;
  /** The article exactly as a poll of this feed would hand it on (language, feed title, key). */
  article: Article;
  /** Why a poll would skip it (the configured feed's filters), when it would. */
  filtered?: string;
  /** Drafts from the configured summariser (what would be posted). */
  drafts: Drafts;
  /** Every available summariser side by side (extractive, and the LLM when configured). */
  summaries: PreviewSummary[];
}

/** The summarisers to compare: always extractive, plus the configured one when it differs. Caches live in memory. */
function previewSummarisers(config: Config): Array<{ name: string; summariser: Summariser }> {
  const deps = {
    publicationName: config.publication.name,
    networks: summaryNetworks(config),
    extraHashtags: config.channels.flatMap((c) => c.hashtags.extra),
    userAgent: config.poller.userAgent,
  };
  const extractive = { name: 'extractive', summariser: createSummariser({ ...config.summariser, kind: 'extractive' }, deps) };
  if (config.summariser.kind === 'extractive') return [extractive];
  return [{ name: config.summariser.kind, summariser: createSummariser(config.summariser, { ...deps, ...(config.llmApiKey ? { apiKey: config.llmApiKey } : {}) }) }, extractive];
}

/** Fetch, parse, summarise and format without Redis or any side effect. */
export async function buildPreview(config: Config, source: string, networks?: string[], onNote?: (note: string) => void): Promise<PreviewItem[]> {
  const res = await fetchFeed({ url: source, timeoutMs: 20_000, maxBytes: 10 * 1024 * 1024, userAgent: config.poller.userAgent });
  if (res.kind !== 'ok') throw new Error(`unexpected ${res.status} for ${source}`);
  // A configured feed is previewed with its own settings (id, title, caps, link rule, filters).
  const configured = config.feeds.find((f) => f.url === source);
  const feed: ArticleFeedSettings = configured ?? { id: 'preview' };
  const parsed = await parseFeed(res.text, feedParseOptions(feed, res.finalUrl));
  // Items over the per-poll cap, skipped items and charset trouble: what the feed's health would show.
  for (const note of feedHealthWarnings(res.charsetWarnings, parsed)) onNote?.(note);
  const summarisers = previewSummarisers(config);
  const channels = config.channels.filter((c) => c.enabled && (!networks || networks.includes(c.id) || networks.includes(c.network)));
  const unknown = (networks ?? []).filter((n) => !channels.some((c) => c.id === n || c.network === n) && !networkRegistry[n]);
  if (unknown.length) throw new Error(`unknown network(s): ${unknown.join(', ')}`);
  const now = new Date();
  const draftsFor = (article: Article, summary: Summary): Drafts => {
    const drafts: Drafts = {};
    for (const channel of channels) {
      const def = networkRegistry[channel.network];
      if (!def) continue;
      try {
        const d = draftForChannel(def, article, summary, channel);
        // Which sentences the post uses and what else the article offers (#14), so an editor sees why.
        drafts[channel.id] = { text: d.text, length: d.length, limit: d.limit, ...(d.sentences ? { sentences: d.sentences } : {}), ...(d.alternatives ? { alternatives: d.alternatives } : {}), ...(d.note ? { note: d.note } : {}) };
      } catch (err) {
        drafts[channel.id] = { error: (err as Error).message };
      }
    }
    return drafts;
  };
  const items: PreviewItem[] = [];
  for (const { article } of await feedToArticles(parsed, feed, now)) {
    const filter = configured ? matchesFilters(article, configured.filters) : { ok: true as const };
    const summaries: PreviewSummary[] = [];
    for (const { name, summariser } of summarisers) {
      const summary = await summariser.summarise(article);
      summaries.push({
        summariser: name,
        producedBy: summary.producedBy,
        ...(summary.fallbackReason ? { fallbackReason: summary.fallbackReason } : {}),
        drafts: draftsFor(article, summary),
      });
    }
    items.push({ key: article.key, title: article.title, url: article.url, article, ...(filter.ok ? {} : { filtered: filter.reason }), drafts: summaries[0]?.drafts ?? {}, summaries });
  }
  return items;
}

export async function runPreview(config: Config, source: string | undefined, opts: { json: boolean; networks?: string[] }, out: (s: string) => void): Promise<number> {
  if (!source) {
    out('usage: crier preview <feed-url-or-file> [--json] [--network x,facebook]');
    return 1;
  }
  const notes: string[] = [];
  const items = await buildPreview(config, source, opts.networks, (note) => notes.push(note));
  if (!opts.json) for (const note of notes) out(`note: ${note}`);
  if (opts.json) {
    out(JSON.stringify(items, null, 2));
    return 0;
  }
  for (const item of items) {
    out(`\n━━ ${item.title}\n   ${item.url}  (${item.key})`);
    if (item.filtered) out(`   a poll would skip it: filtered: ${item.filtered}`);
    const channelIds = Object.keys(item.drafts);
    for (const channel of channelIds) {
      // Side by side: each summariser's draft for this channel, one after the other.
      for (const s of item.summaries) {
        const d = s.drafts[channel];
        const label = item.summaries.length > 1 ? ` ${s.producedBy}${s.fallbackReason ? ` (fallback: ${s.fallbackReason})` : ''}` : '';
        if (!d) continue;
        if ('error' in d) {
          out(`\n   [${channel}]${label} ERROR ${d.error}`);
          continue;
        }
        out(`\n   [${channel}]${label} ${d.length}/${d.limit}`);
        out(d.text.split('\n').map((l) => `   │ ${l}`).join('\n'));
        if (d.note) out(`   note: ${d.note}`);
        for (const [i, alt] of (d.alternatives ?? []).slice(0, 3).entries()) out(`   alt ${i + 1}: ${alt}`);
      }
    }
  }
  return 0;
}
