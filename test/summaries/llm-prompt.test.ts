import { describe, expect, it } from 'vitest';
import { parseVariants } from '../../src/summaries/llm/prompt.js';
import { useBoundedRunner } from '../helpers/bounded-run.js';

const PROMPT = new URL('../../src/summaries/llm/prompt.ts', import.meta.url);
const run = useBoundedRunner([PROMPT]);

describe('parseVariants', () => {
  it('reads a bare object, a fenced one and one under "variants"', () => {
    expect(parseVariants('{"x":"a"}')).toEqual({ x: 'a' });
    expect(parseVariants('```json\n{"x":"a"}\n  ```')).toEqual({ x: 'a' });
    expect(parseVariants('{"variants":{"x":"a"}}')).toEqual({ x: 'a' });
  });

  it('stays linear on a reply with a megabyte of whitespace before a stray character (aborted after 10 s)', async () => {
    const out = await run<unknown>(PROMPT, 'parseVariants', [`{"x":"a"}${' '.repeat(1_000_000)}x`]);
    expect(out).toBeUndefined();
  });
});
