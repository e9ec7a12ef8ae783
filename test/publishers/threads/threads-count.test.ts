import { describe, expect, it } from 'vitest';
import { threadsLength } from '../../../src/publishers/threads/threads-count.js';

const FAMILY = '👨‍👩‍👧‍👦';
const FLAG_PK = '🇵🇰';
const KEYCAP = '1️⃣';

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
