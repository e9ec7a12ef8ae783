import type { Config } from '../../src/config/load-config.js';
import type { Article } from '../../src/articles/article.js';
import { fetchFeed } from '../../src/feeds/fetch-feed.js';
import { parseFeed } from '../../src/feeds/parse-feed.js';
import { toArticle } from '../../src/feeds/to-article.js';
import { networkRegistry } from '../../src/publishers/registry.js';
import { createExtractiveSummariser } from '../../src/summaries/extractive-summariser.js';
import { draftForChannel } from '../drafting.js';

export interface PreviewItem {
  key: string;
  title: string;
  url: string;
  drafts: Record<string, { text: string; length: number; limit: number } | { error: string }>;
}

/** Fetch, parse, summarise and format without Redis or any side effect. */
export async function buildPreview(config: Config, source: string, networks?: string[]): Promise<PreviewItem[]> {
  const res = await fetchFeed({ url: source, timeoutMs: 20_000, maxBytes: 10 * 1024 * 1024, userAgent: config.poller.userAgent });
  if (res.kind !== 'ok') throw new Error(`unexpected ${res.status} for ${source}`);
  const parsed = await parseFeed(res.text, { feedId: 'preview', feedUrl: res.finalUrl });
  const summariser = createExtractiveSummariser({ hashtagMap: config.summariser.hashtagMap, publicationName: config.publication.name });
  const channels = config.channels.filter((c) => c.enabled && (!networks || networks.includes(c.id) || networks.includes(c.network)));
  const unknown = (networks ?? []).filter((n) => !channels.some((c) => c.id === n || c.network === n) && !networkRegistry[n]);
  if (unknown.length) throw new Error(`unknown network(s): ${unknown.join(', ')}`);
  const now = new Date();
  const items: PreviewItem[] = [];
  for (const item of parsed.items) {
    const article: Article = toArticle(item, { feedId: 'preview', ...(parsed.title ? { feedTitle: parsed.title } : {}) }, now);
    const summary = await summariser.summarise(article);
    const drafts: PreviewItem['drafts'] = {};
    for (const channel of channels) {
      const def = networkRegistry[channel.network];
      if (!def) continue;
      try {
        const d = draftForChannel(def, article, summary, channel);
        drafts[channel.id] = { text: d.text, length: d.length, limit: d.limit };
      } catch (err) {
        drafts[channel.id] = { error: (err as Error).message };
      }
    }
    items.push({ key: article.key, title: article.title, url: article.url, drafts });
  }
  return items;
}

export async function runPreview(config: Config, source: string | undefined, opts: { json: boolean; networks?: string[] }, out: (s: string) => void): Promise<number> {
  if (!source) {
    out('usage: crier preview <feed-url-or-file> [--json] [--network x,facebook]');
    return 1;
  }
  const items = await buildPreview(config, source, opts.networks);
  if (opts.json) {
    out(JSON.stringify(items, null, 2));
    return 0;
  }
  for (const item of items) {
    out(`\n━━ ${item.title}\n   ${item.url}  (${item.key})`);
    for (const [channel, d] of Object.entries(item.drafts)) {
      if ('error' in d) {
        out(`\n   [${channel}] ERROR ${d.error}`);
        continue;
      }
      out(`\n   [${channel}] ${d.length}/${d.limit}`);
      out(d.text.split('\n').map((l) => `   │ ${l}`).join('\n'));
    }
  }
  return 0;
}
