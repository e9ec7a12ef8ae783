import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { fetchFeed } from '../../src/feeds/fetch-feed.js';
import { feedParseOptions, feedToArticles } from '../../src/feeds/feed-to-articles.js';
import { parseFeed } from '../../src/feeds/parse-feed.js';
import { networkSpecs } from '../../src/publishers/network-specs.js';
import { buildPreview } from '../../cli/commands/preview.command.js';

const URDU_FEED = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Desk Urdu</title><link>https://southasiandesk.example/ur/</link><description>ur</description>
<language>ur</language>
<item><title>کراچی میں بارش</title><link>https://southasiandesk.example/ur/rain</link><guid isPermaLink="false">ur-1</guid>
<pubDate>Sat, 28 Nov 2026 10:00:00 GMT</pubDate><category>weather</category>
<description>کراچی میں شدید بارش ہوئی۔ شہر کی سڑکیں پانی میں ڈوب گئیں۔</description></item>
<item><title>لاہور میں کرکٹ</title><link>https://southasiandesk.example/ur/cricket</link><guid isPermaLink="false">ur-2</guid>
<pubDate>Sat, 28 Nov 2026 09:00:00 GMT</pubDate><category>sport</category>
<description>لاہور میں آج کرکٹ میچ کھیلا گیا۔ تماشائیوں نے بہت لطف اٹھایا۔</description></item>
</channel></rss>`;

describe('crier preview builds articles exactly as a poll does', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'crier-preview-'));
  const file = path.join(dir, 'urdu.xml');
  writeFileSync(file, URDU_FEED);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const config = parseConfig(
    { feeds: [{ id: 'desk-ur', url: file, title: 'Desk (Urdu)', filters: { exclude: { categories: ['sport'] } } }], networks: { x: { mode: 'dry-run' } } },
    { env: {}, networks: networkSpecs, checkSecrets: false },
  );
  const feed = config.feeds[0] ?? expect.unreachable('no feed');

  it('a feed declaring <language>ur</language> gives the same article fields in preview --json and in the poller path', async () => {
    const preview = JSON.parse(JSON.stringify(await buildPreview(config, file))) as Array<{ article: Record<string, unknown>; filtered?: string }>;
    const res = await fetchFeed({ url: file, timeoutMs: 5_000, maxBytes: 1_000_000, userAgent: 'test' });
    if (res.kind !== 'ok') throw new Error('feed file not read');
    const polled = await feedToArticles(await parseFeed(res.text, feedParseOptions(feed, res.finalUrl)), feed, new Date());
    expect(preview.map((p) => p.article.language)).toEqual(['ur', 'ur']);
    const withoutClock = (a: Record<string, unknown>) => ({ ...a, discoveredAt: undefined });
    expect(preview.map((p) => withoutClock(p.article))).toEqual(polled.map((c) => withoutClock({ ...c.article })));
    expect(preview.map((p) => p.article.feedId)).toEqual(['desk-ur', 'desk-ur']);
    expect(preview.map((p) => p.article.feedTitle)).toEqual(['Desk (Urdu)', 'Desk (Urdu)']);
  });

  it("the configured feed's filters are shown: the item a poll would skip says why", async () => {
    const preview = await buildPreview(config, file);
    expect(preview.map((p) => p.filtered === undefined)).toEqual([true, false]);
    expect(preview[1]?.filtered).toMatch(/sport/);
  });
});
