import { describe, expect, it } from 'vitest';
import { BLUESKY_LINK_DISPLAY_MAX_CHARS, displayUrl, shortenLinks } from '../../../src/publishers/bluesky/bluesky-links.js';

const UTM = 'https://www.southasiandesk.example/news/2026/01/30/pakistan-turkiye-defence-ties?utm_source=bluesky&utm_medium=social&utm_campaign=crier#top';

describe('bluesky link display', () => {
  it('shows host and path without scheme, www, query or fragment, cut with … at the maximum', () => {
    expect(displayUrl('https://southasiandesk.example/')).toBe('southasiandesk.example');
    expect(displayUrl('http://example.org/a?b=1')).toBe('example.org/a');
    const shown = displayUrl(UTM);
    expect(shown).toBe('southasiandesk.example/news/2…');
    expect(Array.from(shown)).toHaveLength(BLUESKY_LINK_DISPLAY_MAX_CHARS);
    // Not a parseable URL: only the scheme goes.
    expect(displayUrl('https://[broken')).toBe('[broken');
  });

  it('replaces every link and reports where each now sits, with its full URL', () => {
    const text = `پاکستان 🇵🇰 ${UTM} and https://example.org/page. End`;
    const out = shortenLinks(text, [UTM]);
    expect(out.text).toBe('پاکستان 🇵🇰 southasiandesk.example/news/2… and example.org/page. End');
    expect(out.links.map((l) => [out.text.slice(l.start, l.end), l.uri])).toEqual([
      ['southasiandesk.example/news/2…', UTM],
      ['example.org/page', 'https://example.org/page'],
    ]);
  });

  it('matches a known URL only as a whole link, never as the start of a longer one', () => {
    const known = 'https://news.example/a1';
    const out = shortenLinks(`See https://news.example/a1/b2?x=1 and ${known}.`, [known]);
    expect(out.text).toBe('See news.example/a1/b2 and news.example/a1.');
    expect(out.links.map((l) => l.uri)).toEqual(['https://news.example/a1/b2?x=1', known]);
  });

  it('leaves a text without links as it is', () => {
    expect(shortenLinks('No link here, #Pakistan.')).toEqual({ text: 'No link here, #Pakistan.', links: [] });
  });
});
