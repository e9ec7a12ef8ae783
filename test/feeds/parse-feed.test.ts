import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FeedFetchError } from '../../src/feeds/feed-errors.js';
import { parseFeed } from '../../src/feeds/parse-feed.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixture = (name: string) => readFileSync(path.join(repoRoot, 'test/fixtures/feeds', name), 'utf8');
const opts = { feedId: 'test', feedUrl: 'https://feeds.example/feed.xml' };

async function parseError(text: string): Promise<FeedFetchError> {
  const err: unknown = await parseFeed(text, opts).then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(FeedFetchError);
  return err as FeedFetchError;
}

const rss = (items: string, extra = '') =>
  `<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" ${extra}><channel><title>T</title><link>https://x.example/</link>${items}</channel></rss>`;

describe('parseFeed: formats', () => {
  it('reads RSS 0.91 with a Netscape DOCTYPE and HTML entities', async () => {
    const feed = await parseFeed(fixture('rss-091.xml'), opts);
    expect(feed).toMatchObject({ title: 'Old Desk', link: 'http://old.example/', language: 'en-gb' });
    expect(feed.items).toHaveLength(2);
    expect(feed.items[0]).toMatchObject({ title: 'First & oldest story', link: 'http://old.example/stories/1.html', teaser: 'Teaser with escaped HTML …', categories: [] });
    expect(feed.items[0]?.publishedAt).toBeUndefined();
  });

  it('reads RSS 1.0 (RDF) with Dublin Core and content:encoded', async () => {
    const feed = await parseFeed(fixture('rdf-10.xml'), opts);
    expect(feed).toMatchObject({ title: 'RDF Desk', language: 'ur' });
    expect(feed.items[0]).toMatchObject({
      title: 'RDF item',
      guid: 'https://rdf.example/a',
      link: 'https://rdf.example/a?utm_source=rss',
      html: '<p>Full <em>body</em></p><img src="/img/a.png">',
      teaser: 'Plain description',
      author: 'Ayesha Khan',
      categories: ['Politics'],
      publishedAt: '2026-01-30T04:15:00.000Z',
      imageUrl: 'https://rdf.example/img/a.png',
    });
  });

  it('reads Atom 1.0: xml:base, alternate link, typed titles and content, enclosure image', async () => {
    const feed = await parseFeed(fixture('atom-10.xml'), opts);
    expect(feed).toMatchObject({ title: 'Atom & Co', link: 'https://atom.example/', language: 'en-PK' });
    const [first, second] = feed.items;
    expect(first).toMatchObject({
      title: 'Budget passes',
      link: 'https://atom.example/news/2026/01/budget',
      guid: 'tag:atom.example,2026:1',
      html: '<p>The budget <strong>passed</strong>.</p>',
      teaser: 'Short summary',
      author: 'Bilal Ahmed',
      categories: ['Economy'],
      imageUrl: 'https://atom.example/img/budget.jpg',
      publishedAt: '2026-01-31T04:00:00.000Z',
    });
    expect(first?.language).toBeUndefined(); // inherited from the feed by toArticle, not copied here
    expect(second).toMatchObject({ title: 'Plain <text> title', link: 'https://atom.example/2026/01/text', imageUrl: 'https://cdn.atom.example/group.jpg' });
    expect(second?.html).toContain('<em>XHTML</em>');
    expect(second?.publishedAt).toBeUndefined();
  });

  it('reads Atom 0.3 with escaped content', async () => {
    const atom03 = `<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>Old Atom</title>
      <link rel="alternate" type="text/html" href="https://a03.example/"/>
      <entry><title>Entry</title><link rel="alternate" type="text/html" href="https://a03.example/1"/>
      <id>tag:a03,1</id><issued>2026-01-02T03:04:05Z</issued>
      <content type="text/html" mode="escaped">&lt;p&gt;Hi&lt;/p&gt;</content></entry></feed>`;
    const feed = await parseFeed(atom03, opts);
    expect(feed.items[0]).toMatchObject({ title: 'Entry', link: 'https://a03.example/1', html: '<p>Hi</p>', publishedAt: '2026-01-02T03:04:05.000Z' });
  });

  it('parses the demo sample feed', async () => {
    const feed = await parseFeed(fixture('../../../config/sample-feed.xml'), { feedId: 'sad', feedUrl: 'config/sample-feed.xml' });
    expect(feed).toMatchObject({ title: 'SouthAsianDesk', link: 'https://southasiandesk.example/', language: 'en' });
    expect(feed.items).toHaveLength(6);
    const [lead] = feed.items;
    expect(lead).toMatchObject({
      title: 'Pakistan and Turkiye reaffirm defence ties as army chiefs meet in Rawalpindi',
      categories: ['Pakistan', 'Turkiye', 'Defence'],
      imageUrl: 'https://southasiandesk.example/media/2026/01/munir-bayraktaroglu-ghq.jpg',
      publishedAt: '2026-01-31T06:30:00.000Z',
    });
    expect(lead?.html).toContain('<h2>Regional Security Landscape In Focus</h2>');
    expect(feed.items.map((i) => i.publishedAt)).toEqual([...feed.items.map((i) => i.publishedAt)].sort().reverse());
    expect(feed.items[2]?.title).toBe('Nepal & India agree to fast-track cross-border power line');
    expect(feed.items[2]?.imageUrl).toBe('https://southasiandesk.example/media/2026/01/butwal-substation.jpg');
    expect(feed.items[3]?.language).toBe('ur');
    expect(feed.items.every((i) => i.link?.startsWith('https://southasiandesk.example/'))).toBe(true);
  });
});

describe('parseFeed: RSS under a namespace prefix', () => {
  it('reads <rss:item> with the RSS 1.0 namespace bound to a prefix, Dublin Core alongside', async () => {
    const xml = `<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:rss="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <rss:channel rdf:about="https://southasiandesk.example/"><rss:title>SouthAsianDesk</rss:title><rss:link>https://southasiandesk.example/</rss:link></rss:channel>
  <rss:item rdf:about="https://southasiandesk.example/a"><rss:title>Pakistan and Türkiye reaffirm defence ties</rss:title><rss:link>https://southasiandesk.example/a</rss:link>
    <dc:creator>Desk</dc:creator><rss:description>Officials met in Rawalpindi.</rss:description></rss:item>
</rdf:RDF>`;
    const feed = await parseFeed(xml, opts);
    expect(feed.title).toBe('SouthAsianDesk');
    expect(feed.items.map((i) => [i.title, i.link, i.author])).toEqual([['Pakistan and Türkiye reaffirm defence ties', 'https://southasiandesk.example/a', 'Desk']]);
    expect(feed.items[0]?.teaser).toBe('Officials met in Rawalpindi.');
  });

  it('reads <r:rss> with the RSS 2.0 (userland) namespace bound to a prefix', async () => {
    const xml = `<r:rss version="2.0" xmlns:r="http://backend.userland.com/rss2"><r:channel><r:title>Desk</r:title><r:link>https://x.example/</r:link>
      <r:item><r:title>Story</r:title><r:link>https://x.example/s</r:link><r:guid>s-1</r:guid></r:item></r:channel></r:rss>`;
    const feed = await parseFeed(xml, opts);
    expect(feed.items.map((i) => [i.title, i.link])).toEqual([['Story', 'https://x.example/s']]);
  });
});

describe('parseFeed: images', () => {
  it('picks enclosure, media:content, media:thumbnail, then the first real <img>', async () => {
    const feed = await parseFeed(fixture('media-variants.xml'), opts);
    expect(feed.items.map((i) => i.imageUrl)).toEqual([
      'https://media.example/1.webp',
      'https://media.example/2.JPG?w=1200',
      'https://media.example/3-still',
      'https://media.example/4-thumb.png',
      'https://media.example/pics/5.jpg',
      undefined,
    ]);
  });
});

describe('parseFeed: normalisation', () => {
  it('collapses whitespace, strips tags and decodes entities in titles', async () => {
    const feed = await parseFeed(rss('<item><title>  Fish &amp;amp; chips\n\t<![CDATA[<b>now</b>]]> &#8217;24 </title><link>https://x.example/1</link></item>'), opts);
    expect(feed.items[0]?.title).toBe('Fish & chips now ’24');
  });

  it('derives missing titles from the text, then from the link', async () => {
    const body = 'One two three four five six seven eight nine ten eleven twelve thirteen fourteen';
    const feed = await parseFeed(rss(`<item><description>${body}</description><guid>g1</guid></item><item><link>https://x.example/news/pm-visits-karachi.html</link></item>`), opts);
    expect(feed.items[0]?.title).toBe('One two three four five six seven eight nine ten eleven twelve…');
    expect(feed.items[1]?.title).toBe('pm visits karachi');
  });

  it('drops items with neither title, link nor guid', async () => {
    const feed = await parseFeed(rss('<item><description>orphan</description></item><item><title>kept</title></item>'), opts);
    expect(feed.items.map((i) => i.title)).toEqual(['kept']);
  });

  it('uses a permalink guid as the link, resolves relative links and drops non-http ones', async () => {
    const feed = await parseFeed(
      rss(`<item><title>a</title><guid>https://x.example/a</guid></item>
           <item><title>b</title><guid isPermaLink="false">https://x.example/b</guid></item>
           <item><title>c</title><link>/c?id=1</link></item>
           <item><title>d</title><link>javascript:alert(1)</link></item>`),
      opts,
    );
    expect(feed.items.map((i) => i.link)).toEqual(['https://x.example/a', undefined, 'https://feeds.example/c?id=1', undefined]);
  });

  it('turns bad dates into undefined and falls through to the next date field', async () => {
    const feed = await parseFeed(
      rss(`<item><title>a</title><pubDate>Mon, 32 Jan 2026 25:00:00 GMT</pubDate></item>
           <item><title>b</title><pubDate>yesterday</pubDate><dc:date>2026-01-30T10:00:00Z</dc:date></item>
           <item><title>c</title><pubDate>Item 5</pubDate></item>
           <item><title>d</title><pubDate>31 Jan 2026 09:00 PKT</pubDate></item>
           <item><title>e</title><pubDate>2026-01-31 10:00:00</pubDate></item>`),
      opts,
    );
    expect(feed.items.map((i) => i.publishedAt)).toEqual([
      undefined,
      '2026-01-30T10:00:00.000Z',
      undefined,
      '2026-01-31T04:00:00.000Z',
      '2026-01-31T10:00:00.000Z',
    ]);
  });

  it('normalises odd shapes to strings: attributes on text, numbers, repeated elements', async () => {
    const feed = await parseFeed(
      rss(`<item><title type="text">42</title><link>https://x.example/42</link><link>https://x.example/other</link>
           <guid isPermaLink="false">  7  </guid><category domain="x">World</category><category>world</category><category/>
           <author>desk@x.example (Desk Editor)</author></item>
           <item><title>n</title><author>only@x.example</author><dc:creator><![CDATA[Sana &amp; Ali]]></dc:creator></item>`),
      opts,
    );
    expect(feed.items[0]).toMatchObject({ title: '42', link: 'https://x.example/42', guid: '7', categories: ['World'], author: 'Desk Editor' });
    expect(feed.items[1]?.author).toBe('Sana & Ali');
  });

  it('strips a BOM and junk before the first tag', async () => {
    const feed = await parseFeed(`\ufeff\n  Warning: PHP notice\n${rss('<item><title>t</title></item>')}`, opts);
    expect(feed.items).toHaveLength(1);
    const html = await parseFeed(`<br />\n<b>Warning</b>: x in y.php\n<?xml version="1.0"?>${rss('<item><title>t</title></item>')}`, opts);
    expect(html.items).toHaveLength(1);
  });

  it('reads <rss> without a version as RSS 2.0', async () => {
    const feed = await parseFeed('<rss><channel><item><title>t</title></item></channel></rss>', opts);
    expect(feed.items[0]?.title).toBe('t');
  });
});

describe('parseFeed: broken input', () => {
  it('repairs bare ampersands, unknown entities and DTD entities', async () => {
    const feed = await parseFeed(
      `<!DOCTYPE rss [<!ENTITY site "x.example">]><rss version="2.0"><channel><item><title>Q&A &hellip; &bogus; &site;</title></item></channel></rss>`,
      opts,
    );
    expect(feed.items[0]?.title).toBe('Q&A … &bogus; x.example');
  });

  it('recovers the items of a truncated feed', async () => {
    const full = rss('<item><title>one</title></item><item><title>two</title><description><![CDATA[<p>cut short</p>]]></description></item>');
    for (const cut of ['<p>cut', '</item></chann', '</rss']) {
      const truncated = full.slice(0, full.indexOf(cut) + cut.length);
      const recovered = await parseFeed(truncated, opts);
      expect(recovered.items.map((i) => i.title)).toEqual(['one', 'two']);
    }
  });

  it('survives an Atom date rss-parser cannot convert', async () => {
    const feed = await parseFeed('<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>A</title><published>garbage</published></entry></feed>', opts);
    expect(feed.items[0]).toMatchObject({ title: 'A' });
  });

  it('treats a feed without channel as empty', async () => {
    await expect(parseFeed('<rss version="2.0"></rss>', opts)).resolves.toEqual({ items: [], warnings: [], skipped: [], itemsDropped: 0 });
  });

  it.each([
    ['', 'the feed is empty'],
    ['{"version":"https://jsonfeed.org/version/1"}', 'JSON'],
    ['<!DOCTYPE html><html><head><title>Home</title></head><body><p>Hi<br></body></html>', 'web page'],
    ['<?xml version="1.0"?><opml version="2.0"><body/></opml>', '<opml>'],
    ['<!-- nothing -->', 'no XML elements'],
  ])('rejects %j as not-a-feed', async (text, message) => {
    const err = await parseError(text);
    expect(err.reason).toBe('not-a-feed');
    expect(err.message).toContain(message);
  });

  it('reports unreadable XML as malformed with the parser message', async () => {
    const err = await parseError('<rss version="2.0"><channel><item><title>a</item></channel></rss>');
    expect(err.reason).toBe('malformed');
    expect(err.message).toMatch(/not valid XML: unexpected close tag \(line 1, column \d+\)/);
  });
});
