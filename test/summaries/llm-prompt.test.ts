import { describe, expect, it } from 'vitest';
import { parseVariants } from '../../src/summaries/llm/prompt.js';
import { cpuMs } from '../text/cpu-time.js';

describe('parseVariants', () => {
  it('reads a bare object, a fenced one and one under "variants"', () => {
    expect(parseVariants('{"x":"a"}')).toEqual({ x: 'a' });
    expect(parseVariants('```json\n{"x":"a"}\n  ```')).toEqual({ x: 'a' });
    expect(parseVariants('{"variants":{"x":"a"}}')).toEqual({ x: 'a' });
  });

  it('stays linear on a reply with a megabyte of whitespace before a stray character', () => {
    let out: unknown = 'unset';
    const ms = cpuMs(() => (out = parseVariants(`{"x":"a"}${' '.repeat(1_000_000)}x`)));
    expect(out).toBeUndefined();
    expect(ms).toBeLessThan(1_000);
  });
});
