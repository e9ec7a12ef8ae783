import { describe, expect, it } from 'vitest';
import { graphemeLength } from '../../../src/text/length-counters.js';
import type { FormatInput } from '../../../src/drafts/draft.js';
import { shortenLinks } from '../../../src/publishers/bluesky/bluesky-links.js';
import { blueskyPostLength, blueskyNetwork } from '../../../src/publishers/bluesky/bluesky-network.js';

const URL = 'https://news.example.com/2026/05/04/pakistan-turkiye-defence-ties?utm_source=bluesky&utm_medium=social&utm_campaign=crier';

function input(title: string, sentences: string[], extra: Partial<FormatInput> = {}): FormatInput {
  return {
    summary: { articleKey: 'k1', title, url: URL, sentences, hashtags: ['Pakistan', 'Turkiye', 'Defence'], producedBy: 'test' },
    url: URL,
    template: blueskyNetwork.defaultTemplate,
    maxHashtags: blueskyNetwork.defaultMaxHashtags,
    network: 'bluesky',
    options: blueskyNetwork.optionsSchema.parse({}),
    ...extra,
  };
}

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
/** What Bluesky receives and counts: the text with each link in its short form. */
const posted = (text: string) => shortenLinks(text, [URL]).text;

describe('bluesky format', () => {
  it('fits a long English summary into 300 graphemes with the URL intact', () => {
    const sentences = Array.from({ length: 12 }, (_, i) => `Sentence number ${i + 1} explains another part of the agreement between the two navies in some detail.`);
    const draft = blueskyNetwork.format(input('Pakistan and Türkiye deepen defence ties with a new naval agreement', sentences));
    expect(graphemeLength(posted(draft.text))).toBeLessThanOrEqual(300);
    expect(draft.text).toContain(URL);
    expect(draft.length).toBe(blueskyPostLength(draft.text));
    expect(draft.limit).toBe(300);
    expect(draft.text).toContain('Sentence number 1 ');
  });

  it('counts Urdu and emoji by graphemes, not UTF-16 units or bytes', () => {
    const sentences = Array.from({ length: 8 }, () => 'پاکستان اور ترکی نے دفاعی تعاون بڑھانے پر اتفاق کیا ہے 🇵🇰🤝🇹🇷۔');
    const draft = blueskyNetwork.format(input('پاکستان ترکی دفاعی تعلقات', sentences));
    expect(graphemeLength(posted(draft.text))).toBeLessThanOrEqual(300);
    // More than 300 UTF-16 units: a UTF-16 counter would have cut more than needed.
    expect(posted(draft.text).length).toBeGreaterThan(graphemeLength(posted(draft.text)));
    expect(draft.text).toContain(URL);
  });

  it('also respects the 3000-byte cap when graphemes are heavy (ZWJ family emoji are 25 bytes each)', () => {
    const family = '👨‍👩‍👧‍👦';
    expect(blueskyPostLength(family.repeat(150))).toBeGreaterThan(300);
    expect(blueskyPostLength('a'.repeat(300))).toBe(300);
    const sentences = Array.from({ length: 20 }, () => `${family.repeat(10)} families.`);
    const draft = blueskyNetwork.format(input('Families', sentences));
    expect(bytes(posted(draft.text))).toBeLessThanOrEqual(3000);
    expect(graphemeLength(posted(draft.text))).toBeLessThanOrEqual(300);
    expect(draft.text).toContain(URL);
  });

  it('never cuts the URL even when it alone takes most of the limit', () => {
    const longUrl = `https://news.example.com/${'a'.repeat(250)}`;
    const draft = blueskyNetwork.format(input('A title that is fairly long for this tiny budget', ['One sentence of summary text here.'], { url: longUrl }));
    expect(draft.text).toContain(longUrl);
    expect(graphemeLength(posted(draft.text))).toBeLessThanOrEqual(300);
  });

  it('a long tracking URL costs only its short form, so more of the summary fits', () => {
    const sentences = Array.from({ length: 12 }, (_, i) => `Sentence number ${i + 1} explains another part of the agreement.`);
    // Length counting, not the one-sentence default (#14), is under test here: the channel allows them all.
    const draft = blueskyNetwork.format(input('Pakistan and Türkiye deepen defence ties', sentences, { options: { ...blueskyNetwork.optionsSchema.parse({}), sentences: sentences.length } }));
    expect(URL.length).toBeGreaterThan(100);
    // Counted as posted: the 117-character URL shows as 30 characters.
    expect(draft.length).toBe(graphemeLength(posted(draft.text)));
    expect(graphemeLength(draft.text) - draft.length).toBe(URL.length - 30);
    // With the full URL counted the same text would not fit: the short form made room for it.
    expect(graphemeLength(draft.text)).toBeGreaterThan(300);
    expect(posted(draft.text)).toContain('news.example.com/2026/05/04/p…');
  });

  it('accepts its options and rejects bad ones', () => {
    const ok = blueskyNetwork.optionsSchema.parse({ apiBaseUrl: 'http://127.0.0.1:2583/', langs: ['ur', 'en'] });
    expect(ok).toMatchObject({ apiBaseUrl: 'http://127.0.0.1:2583', linkCard: true, langs: ['ur', 'en'] });
    expect(blueskyNetwork.optionsSchema.parse({})).toMatchObject({ apiBaseUrl: 'https://bsky.social' });
    expect(blueskyNetwork.optionsSchema.safeParse({ langs: ['a', 'b', 'c', 'd'] }).success).toBe(false);
  });
});
