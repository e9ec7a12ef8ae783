import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  blueskyLength,
  graphemeLength,
  isValidXText,
  mastodonLength,
  threadsLength,
  urlWeightedLength,
  utf16Length,
  xWeightedLength,
} from '../../src/drafts/counters.js';

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });
const referenceGraphemes = (s: string): number => [...segmenter.segment(s)].length;

const FAMILY = '👨‍👩‍👧‍👦';
const FLAG_PK = '🇵🇰';
const KEYCAP = '1️⃣';

describe('xWeightedLength', () => {
  it('counts URLs as 23, emoji and CJK as 2', () => {
    expect(xWeightedLength('hello')).toBe(5);
    expect(xWeightedLength('https://example.com/a/very/long/path/that/goes/on/and/on/and/on')).toBe(23);
    expect(xWeightedLength(FAMILY)).toBe(2);
    expect(xWeightedLength(FLAG_PK)).toBe(2);
    expect(xWeightedLength('日本')).toBe(4);
    expect(xWeightedLength('…')).toBe(2);
  });

  it('isValidXText rejects empty, too long and invalid characters', () => {
    expect(isValidXText('ok')).toBe(true);
    expect(isValidXText('')).toBe(false);
    expect(isValidXText('a'.repeat(281))).toBe(false);
    expect(isValidXText('a\uFFFEb')).toBe(false);
  });
});

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

describe('blueskyLength', () => {
  it('is graphemes, unless the 3000-byte limit binds first', () => {
    expect(blueskyLength('abc')).toBe(3);
    expect(blueskyLength(FAMILY)).toBe(Math.ceil((new TextEncoder().encode(FAMILY).length * 300) / 3000));
    expect(blueskyLength(FAMILY.repeat(121))).toBe(303); // 121 graphemes, 3025 bytes
    expect(graphemeLength(FAMILY.repeat(120))).toBe(120);
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

describe('threadsLength', () => {
  it('counts emoji graphemes by UTF-8 bytes and other graphemes as 1', () => {
    expect(threadsLength('abc')).toBe(3);
    expect(threadsLength('😀')).toBe(4);
    expect(threadsLength(FLAG_PK)).toBe(8);
    expect(threadsLength(FAMILY)).toBe(new TextEncoder().encode(FAMILY).length);
    expect(threadsLength('日本')).toBe(2);
    expect(threadsLength(`a${KEYCAP}`)).toBe(1 + new TextEncoder().encode(KEYCAP).length);
  });
});

describe('utf16Length', () => {
  it('is String.length', () => {
    expect(utf16Length(FAMILY)).toBe(FAMILY.length);
    expect(utf16Length('abc')).toBe(3);
  });
});
