import { describe, expect, it } from 'vitest';
import { isValidXText, xWeightedLength } from '../../../src/publishers/x/x-count.js';

const FAMILY = '👨‍👩‍👧‍👦';
const FLAG_PK = '🇵🇰';

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
