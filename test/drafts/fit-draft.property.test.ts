import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { graphemeLength, urlWeightedLength, utf16Length } from '../../src/text/length-counters.js';
import { blueskyLength } from '../../src/publishers/bluesky/bluesky-count.js';
import { MASTODON_URL_LENGTH } from '../../src/publishers/mastodon/mastodon-count.js';
import { networkRegistry } from '../../src/publishers/registry.js';
import { threadsLength } from '../../src/publishers/threads/threads-count.js';
import { isValidXText, xWeightedLength } from '../../src/publishers/x/x-count.js';
import type { FormatInput, LengthCounter } from '../../src/drafts/draft.js';
import { fitDraft } from '../../src/drafts/fit-draft.js';
import { withUtm } from '../../src/drafts/utm.js';

/** Hostile building blocks: long words, emoji (ZWJ, flags, skin tones, keycaps), CJK, RTL, entities, URLs. */
const hostilePiece = fc.oneof(
  fc.constantFrom(
    'Pakistan', 'Turkiye', 'defence', 'cooperation', 'the', 'a', 'Gen.', 'U.S.', '1.5', '—', '…', '“quoted”', '(aside)',
    '👨‍👩‍👧‍👦', '🇵🇰', '🇹🇷', '👍🏽', '1️⃣', '❤️', '🏳️‍🌈', '😀',
    '巴基斯坦和土耳其重申加强国防关系', '東京', 'テスト', '한국어',
    'پاکستان', 'ترکیہ', 'دفاعی تعاون', 'العربية', '؟', '۔', 'हिंदी', 'বাংলা',
    '&amp;', '&lt;b&gt;', '&#x1F600;', '&nbsp;', '<b>bold</b>', '<script>x</script>',
    'https://example.com/a/b?c=d', 'http://short.ly/x', 'www.example.org', '@handle', '#tag',
    '{url}', '{title}', '\u200B', '\uFEFF', '\u00AD', 'e\u0301',
  ),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 6 }),
  fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'x'), minLength: 30, maxLength: 400 }), // a very long "word"
);
const hostileText = (maxPieces: number) => fc.array(hostilePiece, { minLength: 0, maxLength: maxPieces }).map((p) => p.join(' '));

const urlArb = fc
  .record({
    slug: fc.stringMatching(/^[a-z0-9-]{0,120}$/),
    query: fc.option(fc.stringMatching(/^[a-z]{1,8}=[a-z0-9]{0,12}$/), { nil: undefined }),
    fragment: fc.option(fc.stringMatching(/^[a-z]{1,10}$/), { nil: undefined }),
    utm: fc.boolean(),
  })
  .map(({ slug, query, fragment, utm }) => {
    const url = `https://southasiandesk.com/${slug}${query ? `?${query}` : ''}${fragment ? `#${fragment}` : ''}`;
    return utm ? withUtm(url, true, 'x') : url;
  });

const templateArb = fc.constantFrom(
  '{title}\n\n{summary}\n\n{url}\n{hashtags}',
  '{title} — {summary} {url} {hashtags}',
  '{summary}\n{url}',
  '📰 {title}\n{summary}\n\n{hashtags}\n{url}\n— {feed} ({domain})',
  '{title}',
  '{hashtags} {title}: {summary} {url} by {author} in {category}',
);

const inputArb: fc.Arbitrary<FormatInput> = fc.record({
  summary: fc.record({
    articleKey: fc.constant('k'),
    title: fc.oneof(hostileText(8), hostileText(80)),
    url: fc.constant('https://southasiandesk.com/'),
    sentences: fc.array(hostileText(30), { maxLength: 8 }),
    hashtags: fc.array(fc.oneof(hostilePiece, fc.constantFrom('Pakistan', 'SouthAsia', 'AsimMunir', 'دفاعی_تعاون', '2026')), { maxLength: 12 }),
    producedBy: fc.constant('extractive'),
  }),
  url: urlArb,
  template: templateArb,
  maxHashtags: fc.integer({ min: 0, max: 6 }),
  feedTitle: fc.option(hostileText(3), { nil: undefined }),
  author: fc.option(hostileText(3), { nil: undefined }),
  category: fc.option(hostileText(2), { nil: undefined }),
  options: fc.constant({}),
});

interface Rule {
  network: string;
  limit: number;
  count: LengthCounter;
}

/** Each network's published limit, as its folder declares it (the registry is the one source). */
function limitOf(id: string): number {
  const def = networkRegistry[id];
  if (!def) throw new Error(`no network ${id} in the registry`);
  return def.limit;
}

const RULES: Rule[] = [
  { network: 'x', limit: limitOf('x'), count: xWeightedLength },
  { network: 'bluesky', limit: limitOf('bluesky'), count: graphemeLength },
  { network: 'bluesky-bytes', limit: limitOf('bluesky'), count: blueskyLength },
  { network: 'mastodon', limit: limitOf('mastodon'), count: urlWeightedLength(MASTODON_URL_LENGTH) },
  { network: 'threads', limit: limitOf('threads'), count: threadsLength },
  { network: 'instagram', limit: limitOf('instagram'), count: utf16Length },
  { network: 'telegram', limit: limitOf('telegram'), count: utf16Length },
  { network: 'discord', limit: limitOf('discord'), count: utf16Length },
  { network: 'linkedin', limit: limitOf('linkedin'), count: utf16Length },
];

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe.each(RULES)('fitDraft property: $network ($limit)', ({ network, limit, count }) => {
  it('stays within the limit, keeps the URL intact, emits well-formed text', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const draft = fitDraft(input, { limit, count });
        expect(draft.length).toBe(count(draft.text));
        expect(draft.length).toBeLessThanOrEqual(limit);
        expect(draft.limit).toBe(limit);
        expect(draft.text).toContain(input.url);
        expect(draft.url).toBe(input.url);
        expect(draft.text).not.toMatch(LONE_SURROGATE);
        expect(draft.text).not.toMatch(/[\uFEFF\uFFFE\uFFFF]/);
        expect(draft.hashtags.length).toBeLessThanOrEqual(input.maxHashtags);
        for (const tag of draft.hashtags) expect(tag).toMatch(/^[\p{L}\p{M}\p{N}_]+$/u);
        if (network === 'x') expect(isValidXText(draft.text)).toBe(true);
      }),
      { numRuns: network === 'x' || network === 'bluesky' ? 300 : 120 },
    );
  });
});

describe('fitDraft property: never a cut sentence (#14)', () => {
  it('the summary part is the whole sentence or nothing, never a shortened one', () => {
    const wordArb = fc.constantFrom('Pakistan', 'defence', 'ties', '👨‍👩‍👧‍👦', '🇵🇰', 'پاکستان', 'हिंदी', 'e\u0301te', 'U.S.', '1.5');
    fc.assert(
      fc.property(fc.array(wordArb, { minLength: 8, maxLength: 60 }), fc.integer({ min: 60, max: 200 }), (words, limit) => {
        const sentence = words.join(' ');
        const input: FormatInput = {
          summary: { articleKey: 'k', title: '', url: 'https://e.com/', sentences: [sentence], hashtags: [], producedBy: 'p' },
          url: 'https://e.com/a',
          template: '{summary} {url}',
          maxHashtags: 0,
          options: {},
        };
        const draft = fitDraft(input, { limit, count: graphemeLength });
        const body = draft.text.slice(0, draft.text.length - 'https://e.com/a'.length).trim();
        expect(body === sentence || body === '').toBe(true);
        expect(draft.sentences).toEqual(body === '' ? [] : [sentence]);
      }),
      { numRuns: 300 },
    );
  });
});
