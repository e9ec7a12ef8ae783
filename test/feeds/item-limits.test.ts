import { describe, expect, it } from 'vitest';
import { capText, ITEM_LIMITS, safeHttpUrl, stripControls } from '../../src/feeds/item-limits.js';
import { parseFeed } from '../../src/feeds/parse-feed.js';
import { toArticle } from '../../src/feeds/to-article.js';
import { hostileShapes } from './hostile-feeds.js';

const opts = { feedId: 'limits', feedUrl: 'https://limits.example/feed.xml' };
const rss = (items: string) => `<rss version="2.0"><channel><title>T</title><link>https://limits.example/</link>${items}</channel></rss>`;

describe('item fields are capped when the item is read', () => {
  it('caps title, teaser, author, categories (count and length) of a 1 MB item', async () => {
    const xml = hostileShapes().find((s) => s.name === 'huge-fields')?.xml ?? '';
    const huge = rss(
      `<item><title>${'Title '.repeat(50_000)}</title><link>https://limits.example/a</link>` +
        `<description>${'word '.repeat(100_000)}</description><dc:creator>${'Name '.repeat(10_000)}</dc:creator>` +
        `${Array.from({ length: 500 }, (_, n) => `<category>${n}${'c'.repeat(500)}</category>`).join('')}</item>`,
    ).replace('<rss ', '<rss xmlns:dc="http://purl.org/dc/elements/1.1/" ');
    for (const text of [huge, xml]) {
      const [item] = (await parseFeed(text, opts)).items;
      expect(item).toBeDefined();
      expect(item?.title.length).toBeLessThanOrEqual(ITEM_LIMITS.titleChars);
      expect(item?.teaser?.length ?? 0).toBeLessThanOrEqual(ITEM_LIMITS.teaserChars);
      expect(item?.author?.length ?? 0).toBeLessThanOrEqual(ITEM_LIMITS.authorChars);
      expect(item?.categories.length).toBeLessThanOrEqual(ITEM_LIMITS.categories);
      for (const category of item?.categories ?? []) expect(category.length).toBeLessThanOrEqual(ITEM_LIMITS.categoryChars);
      expect(item?.html.length).toBeLessThanOrEqual(ITEM_LIMITS.htmlChars);
      expect(JSON.stringify(item).length).toBeLessThan(ITEM_LIMITS.htmlChars + 20_000);
    }
    const [item] = (await parseFeed(huge, opts)).items;
    expect(item?.title.endsWith('…')).toBe(true);
    expect(item?.categories).toHaveLength(ITEM_LIMITS.categories);
  });

  it('refuses a link longer than the cap instead of cutting it', async () => {
    const feed = await parseFeed(rss(`<item><title>long</title><link>https://limits.example/${'a'.repeat(3000)}</link></item>`), { ...opts, requireLink: true });
    expect(feed.items).toEqual([]);
    expect(feed.skipped).toEqual([expect.stringContaining('is not an http(s) address')]);
  });
});

describe('control characters and ANSI escapes are stripped when the item is read', () => {
  it('strips them from title, teaser, author, categories and the article text, keeping line breaks', async () => {
    // Raw in the XML (sax lets them through) and as HTML character references in escaped HTML.
    const esc = '\u001b';
    const feed = await parseFeed(
      rss(
        `<item><title>Red ${esc}[31malert${esc}[0m\u0007</title><link>https://limits.example/a</link>` +
          `<description>line one${esc}]0;pwned\u0007&lt;br&gt;line two\u0001&amp;#27;</description><author>a@b.example (Ed${esc}[2J)</author>` +
          `<category>Po${esc}[1mlitics</category><content:encoded>&lt;p&gt;body &amp;#27;[31mred&lt;/p&gt;</content:encoded></item>`,
      ).replace('<rss ', '<rss xmlns:content="http://purl.org/rss/1.0/modules/content/" '),
      opts,
    );
    const [item] = feed.items;
    expect(item).toMatchObject({ title: 'Red alert', teaser: 'line one\nline two', author: 'Ed', categories: ['Politics'] });
    const article = toArticle(item!, { feedId: 'limits' }, new Date());
    // eslint-disable-next-line no-control-regex -- looking for control characters
    expect(article.text).not.toMatch(/[\u0000-\u0008\u001b\u007f]/);
    expect(JSON.stringify(feed)).not.toMatch(/\\u001b|\\u0007/);
  });

  it('stripControls keeps tabs, newlines and ordinary text in every script', () => {
    expect(stripControls('a\tb\nc کراچی\u0085\u009b31m')).toBe('a\tb\nc کراچی31m');
    expect(stripControls('\u001b[38;5;196mred\u001b[0m \u001b]8;;https://x\u0007link\u001b]8;;\u001b\\')).toBe('red link');
  });

  it('capText never splits a surrogate pair', () => {
    expect(capText('ab😀cd', 4)).toBe('ab…');
  });
});

describe('links that are not http(s)', () => {
  const items = rss(
    '<item><title>script</title><link>javascript:alert(1)</link></item>' +
      '<item><title>data</title><link>data:text/html,x</link></item>' +
      '<item><title>file</title><link>file:///etc/passwd</link></item>' +
      '<item><title>none</title></item>' +
      '<item><title>creds</title><link>https://user:secret@limits.example/story</link></item>',
  );

  it('are skipped with a reason when a link is required (the poller default)', async () => {
    const feed = await parseFeed(items, { ...opts, requireLink: true });
    expect(feed.items.map((i) => i.title)).toEqual(['creds']);
    expect(feed.skipped).toEqual([
      'item 1 ("script") skipped: its link "javascript:alert(1)" is not an http(s) address',
      'item 2 ("data") skipped: its link "data:text/html,x" is not an http(s) address',
      'item 3 ("file") skipped: its link "file:///etc/passwd" is not an http(s) address',
      'item 4 ("none") skipped: it has no link',
    ]);
  });

  it('are kept without a link when the feed says postWithoutLink', async () => {
    const feed = await parseFeed(items, { ...opts, requireLink: false });
    expect(feed.items.map((i) => [i.title, i.link])).toEqual([
      ['script', undefined], ['data', undefined], ['file', undefined], ['none', undefined], ['creds', 'https://limits.example/story'],
    ]);
  });

  it('lose user:pass@ credentials', () => {
    expect(safeHttpUrl('https://user:secret@limits.example/a?b=1')).toBe('https://limits.example/a?b=1');
    expect(safeHttpUrl('javascript:alert(1)')).toBeUndefined();
    expect(toArticle({ title: 't', html: '', categories: [], guid: 'https://u:p@limits.example/g' }, { feedId: 'f' }, new Date()).url).toBe('https://limits.example/g');
  });
});
