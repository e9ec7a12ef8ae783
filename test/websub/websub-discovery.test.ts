import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../src/feeds/parse-feed.js';
import { discoverHub, MAX_LINK_HEADER_CHARS, parseLinkHeader } from '../../src/websub/websub-discovery.js';

const FETCHED = 'https://news.example/feed.xml';

describe('Link header parsing', () => {
  it('reads targets and rel lists, quoted commas and semicolons included', () => {
    const links = parseLinkHeader('<https://hub.example/>; rel="hub", <https://news.example/feed>; title="a, b; c"; rel=self, <x>; rel="alternate self"');
    expect(links).toEqual([
      { url: 'https://hub.example/', rels: ['hub'] },
      { url: 'https://news.example/feed', rels: ['self'] },
      { url: 'x', rels: ['alternate', 'self'] },
    ]);
  });

  it('survives junk and is capped in length and number of links', () => {
    expect(parseLinkHeader(undefined)).toEqual([]);
    expect(parseLinkHeader('rel=hub; <unclosed')).toEqual([]);
    const many = Array.from({ length: 500 }, (_, i) => `<https://h${i}.example/>; rel=hub`).join(', ');
    expect(parseLinkHeader(many).length).toBeLessThanOrEqual(32);
    // A hostile header: one linear pass over at most MAX_LINK_HEADER_CHARS whatever its length.
    const hostile = `<${'<'.repeat(1_000_000)}; rel="${'"'.repeat(1_000_000)}`;
    expect(parseLinkHeader(hostile).length).toBeLessThanOrEqual(1);
    expect(MAX_LINK_HEADER_CHARS).toBe(8_192);
  });
});

describe('hub discovery', () => {
  it('takes hub and self from the Link header, resolving relative targets against the fetched URL', () => {
    expect(discoverHub({ linkHeader: '</hub>; rel="hub", <https://news.example/topic>; rel="self"', fetchedUrl: FETCHED })).toEqual({ hub: 'https://news.example/hub', self: 'https://news.example/topic', from: 'link-header' });
  });

  it('prefers the Link header over the feed (WebSub §4 discovery priority)', () => {
    const found = discoverHub({ linkHeader: '<https://header-hub.example/>; rel=hub, <https://news.example/h-topic>; rel=self', feedHub: 'https://feed-hub.example/', feedSelf: 'https://news.example/f-topic', fetchedUrl: FETCHED });
    expect(found).toMatchObject({ hub: 'https://header-hub.example/', self: 'https://news.example/h-topic', from: 'link-header' });
  });

  it('falls back to the feed when the header lacks hub or self, and refuses non-http hubs', () => {
    expect(discoverHub({ linkHeader: '<https://header-hub.example/>; rel=hub', feedHub: 'https://feed-hub.example/', feedSelf: 'https://news.example/f', fetchedUrl: FETCHED })).toMatchObject({ from: 'feed', hub: 'https://feed-hub.example/' });
    expect(discoverHub({ feedHub: 'javascript:alert(1)', feedSelf: 'https://news.example/f', fetchedUrl: FETCHED })).toBeUndefined();
    expect(discoverHub({ feedHub: 'https://user:pw@hub.example/', feedSelf: 'https://news.example/f', fetchedUrl: FETCHED })).toBeUndefined();
    expect(discoverHub({ fetchedUrl: FETCHED })).toBeUndefined();
  });
});

describe('hub and self links in feeds', () => {
  it('Atom: <link rel="hub"> and <link rel="self">, relative ones resolved', async () => {
    const atom = `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><link rel="hub" href="https://hub.example/"/><link rel="self" href="/atom.xml"/><link href="https://news.example/"/><entry><title>a</title><link href="https://news.example/a"/><id>a</id></entry></feed>`;
    const parsed = await parseFeed(atom, { feedId: 'f', feedUrl: FETCHED });
    expect({ hub: parsed.hub, self: parsed.self, link: parsed.link }).toEqual({ hub: 'https://hub.example/', self: 'https://news.example/atom.xml', link: 'https://news.example/' });
  });

  it('RSS: <atom:link rel="hub"> and rel="self" in the channel', async () => {
    const rss = `<?xml version="1.0"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>t</title><link>https://news.example/</link><atom:link rel="self" href="https://news.example/rss"/><atom:link rel="hub" href="https://hub.example/"/><atom:link rel="hub" href="https://second-hub.example/"/><item><title>a</title><link>https://news.example/a</link></item></channel></rss>`;
    const parsed = await parseFeed(rss, { feedId: 'f', feedUrl: FETCHED });
    expect({ hub: parsed.hub, self: parsed.self }).toEqual({ hub: 'https://hub.example/', self: 'https://news.example/rss' });
  });

  it('a feed without them has neither', async () => {
    const rss = `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><link>https://news.example/</link><item><title>a</title><link>https://news.example/a</link></item></channel></rss>`;
    const parsed = await parseFeed(rss, { feedId: 'f', feedUrl: FETCHED });
    expect(parsed.hub).toBeUndefined();
    expect(parsed.self).toBeUndefined();
  });
});
