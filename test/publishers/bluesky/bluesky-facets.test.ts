import { describe, expect, it } from 'vitest';
import { buildFacets, type Facet } from '../../../src/publishers/bluesky/bluesky-facets.js';
import { findLinks } from '../../../src/publishers/bluesky/bluesky-links.js';

const URL = 'https://news.example.com/2026/05/defence-ties?utm_source=bluesky&utm_medium=social';

/** What a Bluesky client does: slice the UTF-8 bytes of the text by the facet's range. */
function decode(text: string, facet: Facet): string {
  return Buffer.from(text, 'utf8').subarray(facet.index.byteStart, facet.index.byteEnd).toString('utf8');
}

describe('bluesky link facets use UTF-8 byte offsets', () => {
  it.each([
    ['ASCII', `Defence ties deepen\n\n${URL}`],
    ['emoji before the link (4-byte and ZWJ sequences)', `🇵🇰🤝🇹🇷 Defence ties 👨‍👩‍👧‍👦 deepen 🔥\n\n${URL}`],
    ['CJK before the link', `巴基斯坦与土耳其加强防务关系。\n\n${URL}`],
    ['Urdu before the link (RTL, 2-byte letters)', `پاکستان اور ترکی کے دفاعی تعلقات مزید گہرے ہو گئے۔\n\n${URL}`],
    ['link in the middle, text after it', `دفاع ${URL} 防务 🚀 end`],
  ])('%s: the byte range decodes back to the exact URL', (_name, text) => {
    const facets = buildFacets(text, { links: findLinks(text, [URL]) });
    expect(facets).toHaveLength(1);
    const [facet] = facets as [Facet];
    expect(decode(text, facet)).toBe(URL);
    expect(facet.features).toEqual([{ $type: 'app.bsky.richtext.facet#link', uri: URL }]);
    // The UTF-16 index is not the byte offset once non-ASCII precedes the link.
    if (Buffer.byteLength(text.slice(0, text.indexOf(URL))) !== text.indexOf(URL)) expect(facet.index.byteStart).toBeGreaterThan(text.indexOf(URL));
  });

  it('keeps a known URL whole even when it ends in ")"; trims sentence punctuation from other links', () => {
    const wiki = 'https://en.wikipedia.org/wiki/Bayraktar_(company)';
    const text = `🚀 See ${wiki} and https://example.org/page. Also (https://example.net/x).`;
    const facets = buildFacets(text, { links: findLinks(text, [wiki]) });
    expect(facets.map((f) => decode(text, f))).toEqual([wiki, 'https://example.org/page', 'https://example.net/x']);
  });

  it('tags every standalone hashtag in the text (not only the draft list: #14), in text order', () => {
    const text = `بڑی خبر #Pakistan #PakistanNavy x#Pakistan 🇹🇷 #Türkiye.\n${URL}`;
    const facets = buildFacets(text, { links: findLinks(text, [URL]), hashtags: ['Pakistan', 'Türkiye'] });
    expect(facets.map((f) => [decode(text, f), f.features[0]?.$type])).toEqual([
      ['#Pakistan', 'app.bsky.richtext.facet#tag'],
      ['#PakistanNavy', 'app.bsky.richtext.facet#tag'],
      ['#Türkiye', 'app.bsky.richtext.facet#tag'],
      [URL, 'app.bsky.richtext.facet#link'],
    ]);
    expect(facets[2]?.features[0]).toEqual({ $type: 'app.bsky.richtext.facet#tag', tag: 'Türkiye' });
  });

  it('finds every occurrence and never overlaps two facets', () => {
    const text = `${URL} 🔥 ${URL}`;
    const facets = buildFacets(text, { links: findLinks(text, [URL]) });
    expect(facets).toHaveLength(2);
    expect(facets.map((f) => decode(text, f))).toEqual([URL, URL]);
    expect(facets[0]!.index.byteEnd).toBeLessThanOrEqual(facets[1]!.index.byteStart);
  });
});
