/**
 * Crier's Bluesky facets against the reference: `RichText.detectFacetsWithoutResolution()` from
 * @atproto/api (what Bluesky's own clients run). Every hashtag in a post must be a clickable tag
 * facet, including one that came with the headline, at the same UTF-8 byte offsets (#14).
 */
import { RichText } from '@atproto/api';
import { describe, expect, it } from 'vitest';
import { buildFacets, type Facet } from '../../../src/publishers/bluesky/bluesky-facets.js';
import { shortenLinks } from '../../../src/publishers/bluesky/bluesky-links.js';

function tagFacets(facets: readonly Facet[] | undefined): Array<{ byteStart: number; byteEnd: number; tag: string }> {
  const out: Array<{ byteStart: number; byteEnd: number; tag: string }> = [];
  for (const f of facets ?? []) {
    for (const feature of f.features) {
      if (feature.$type === 'app.bsky.richtext.facet#tag') out.push({ byteStart: f.index.byteStart, byteEnd: f.index.byteEnd, tag: (feature as { tag: string }).tag });
    }
  }
  return out;
}

function reference(text: string): Array<{ byteStart: number; byteEnd: number; tag: string }> {
  const rt = new RichText({ text });
  rt.detectFacetsWithoutResolution();
  return tagFacets(rt.facets as Facet[] | undefined);
}

const URL = 'https://southasiandesk.com/pakistan-turkiye-defence-ties?utm_source=bluesky&utm_medium=social&utm_campaign=crier';

const POSTS = [
  // A tag that came with the headline, and the draft's own tags after the link.
  `Pakistan hosts Turkish army chief for talks with officials #Defence\n\nThe two armies agreed to expand training.\n\n${URL} #Pakistan #Turkiye`,
  // Urdu text before the tags moves byte offsets far from UTF-16 indices.
  `پاکستان اور ترکیہ کا دفاعی تعاون بڑھانے پر اتفاق۔\n\n${URL} #پاکستان #دفاعی_تعاون`,
  // Emoji, trailing punctuation, a digits-only "tag", a tag glued to a word, full-width ＃.
  `🇵🇰 Budget 2026: what changes #Budget2026, #2026 and x#NotATag ＃Economy!\n\n${URL}`,
  // Devanagari and a tag at the very start.
  `#मानसून मानसून ने दिल्ली में दस्तक दी।\n\n${URL} #Delhi`,
];

describe('Bluesky tag facets match @atproto/api detectFacetsWithoutResolution', () => {
  for (const text of POSTS) {
    it(`same tags at the same byte offsets: ${text.slice(0, 40)}…`, () => {
      const posted = shortenLinks(text, [URL]);
      const ours = tagFacets(buildFacets(posted.text, { links: posted.links }));
      expect(ours.length).toBeGreaterThan(0);
      expect(ours).toEqual(reference(posted.text));
    });
  }

  it('a headline tag is clickable even when the draft lists other tags only', () => {
    const posted = shortenLinks(POSTS[0] ?? '', [URL]);
    const tags = tagFacets(buildFacets(posted.text, { links: posted.links, hashtags: ['Pakistan', 'Turkiye'] })).map((t) => t.tag);
    expect(tags).toEqual(['Defence', 'Pakistan', 'Turkiye']);
  });

  it('the link keeps its own facet and no tag facet overlaps it', () => {
    const text = `Read it at ${URL}#section now #News`;
    const posted = shortenLinks(text, [`${URL}#section`]);
    const facets = buildFacets(posted.text, { links: posted.links });
    const link = facets.find((f) => f.features[0]?.$type === 'app.bsky.richtext.facet#link');
    expect(link).toBeDefined();
    for (const t of tagFacets(facets)) expect(t.byteStart >= (link?.index.byteEnd ?? 0) || t.byteEnd <= (link?.index.byteStart ?? 0)).toBe(true);
    expect(tagFacets(facets).map((t) => t.tag)).toEqual(['News']);
  });
});
