import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSwap } from '../../cli/commands/swap.command.js';
import { LEDE, LONG_ALT, seedSwappable, SHORT_ALT } from '../web/sentence-seed.js';
import { startWebHarness, type WebHarness } from '../web/web-harness.js';

/** `crier swap` (#14) runs the desk's "Use this" use case against the same ledger. */
let h: WebHarness;
beforeAll(async () => {
  h = await startWebHarness();
});
afterAll(async () => h.close());

describe('crier swap', () => {
  it('lists the sentences, swaps alternative n in, and refuses one that does not fit', async () => {
    const { postIds } = await seedSwappable(h, ['x']);
    const postId = postIds['x'] ?? '';
    const lines: string[] = [];
    expect(await runSwap(h.ctx.config, postId, undefined, (s) => lines.push(s))).toBe(0);
    expect(lines).toEqual([`used: ${LEDE}`, `1: ${SHORT_ALT}`, `2: ${LONG_ALT}`]);

    lines.length = 0;
    expect(await runSwap(h.ctx.config, postId, '2', (s) => lines.push(s))).toBe(1);
    expect(lines[0]).toMatch(/does not fit x: \d+ \/ 280/);
    expect((await h.ctx.posts.get(postId))?.draft.sentences).toEqual([LEDE]);

    expect(await runSwap(h.ctx.config, postId, '1', () => undefined)).toBe(0);
    const post = await h.ctx.posts.get(postId);
    expect(post?.draft.sentences).toEqual([SHORT_ALT]);
    expect(post?.sentenceChoice?.by).toBe('an editor (cli)');
    expect(await runSwap(h.ctx.config, postId, '9', () => undefined)).toBe(1);
    expect(await runSwap(h.ctx.config, postId, 'x', () => undefined)).toBe(1);
  });
});
