import { describe, expect, it } from 'vitest';
import { blueskyLength } from '../../../src/publishers/bluesky/bluesky-count.js';
import { graphemeLength } from '../../../src/text/length-counters.js';

const FAMILY = '👨‍👩‍👧‍👦';

describe('blueskyLength', () => {
  it('is graphemes, unless the 3000-byte limit binds first', () => {
    expect(blueskyLength('abc')).toBe(3);
    expect(blueskyLength(FAMILY)).toBe(Math.ceil((new TextEncoder().encode(FAMILY).length * 300) / 3000));
    expect(blueskyLength(FAMILY.repeat(121))).toBe(303); // 121 graphemes, 3025 bytes
    expect(graphemeLength(FAMILY.repeat(120))).toBe(120);
  });
});
