import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { graphemeLength, urlWeightedLength, utf16Length } from '../../src/text/length-counters.js';
import { mastodonLength } from '../../src/publishers/mastodon/mastodon-count.js';

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });
const referenceGraphemes = (s: string): number => [...segmenter.segment(s)].length;

const FAMILY = '👨‍👩‍👧‍👦';
const FLAG_PK = '🇵🇰';
const KEYCAP = '1️⃣';

describe('graphemeLength', () => {
  it('counts what a reader sees', () => {
    expect(graphemeLength('abc')).toBe(3);
    expect(graphemeLength(FAMILY)).toBe(1);
    expect(graphemeLength(`${FLAG_PK}${KEYCAP}`)).toBe(2);
    expect(graphemeLength('नमस्ते')).toBe(referenceGraphemes('नमस्ते'));
    expect(graphemeLength('e\u0301 x')).toBe(3);
    expect(graphemeLength('a\r\nb')).toBe(3);
  });

  it('matches Intl.Segmenter on arbitrary text (the fast paths are exact)', () => {
    const pieces = fc.constantFrom('a', ' ', '\n', '\r', '\r\n', 'é', 'e\u0301', ' \u0301', FAMILY, FLAG_PK, '🇵', KEYCAP, '👍🏽', '日本', 'ก', 'ำ', '한', 'ᄀ', 'ᅡ', '\u200D', '\u200C', 'ی', '\u0600', 'ि', 'क्ष', '\uFE0F', 'x');
    fc.assert(
      fc.property(fc.array(fc.oneof(pieces, fc.string({ unit: 'grapheme', maxLength: 5 }), fc.string({ unit: 'binary', maxLength: 5 })), { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        expect(graphemeLength(text)).toBe(referenceGraphemes(text));
      }),
      { numRuns: 500 },
    );
  });
});

describe('urlWeightedLength (Mastodon)', () => {
  it('counts each http(s) URL as the given weight and the rest by graphemes', () => {
    const long = 'https://example.com/' + 'x'.repeat(100);
    expect(mastodonLength(`read ${long} now ${FAMILY}`)).toBe(5 + 23 + 5 + 1);
    expect(urlWeightedLength(10)(`a https://example.com b`)).toBe(2 + 10 + 2);
    expect(mastodonLength('https://a.co')).toBe(23); // short URLs also count 23
    expect(mastodonLength('example.com')).toBe(11); // no protocol: plain text
  });
});

describe('utf16Length', () => {
  it('is String.length', () => {
    expect(utf16Length(FAMILY)).toBe(FAMILY.length);
    expect(utf16Length('abc')).toBe(3);
  });
});
