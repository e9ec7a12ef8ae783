import type { ChannelConfig, Config } from '../../src/config/load-config.js';
import { parsePostId } from '../../src/ledger/keys.js';
import { withAppContext } from './with-context.js';

/**
 * `crier swap <post-id> [n]` (#14): without n, the sentences the post uses and the article's other
 * candidates, numbered; with n, the desk's "Use this" on alternative n (same use case, same rules).
 */
export async function runSwap(config: Config, postId: string | undefined, which: string | undefined, out: (s: string) => void): Promise<number> {
  const n = which === undefined ? undefined : Number(which);
  if (!postId || !parsePostId(postId) || (n !== undefined && (!Number.isInteger(n) || n < 1))) {
    out('usage: crier swap <post-id> [n]   (no n: list the sentences; n: use alternative n)');
    return 1;
  }
  return withAppContext(config, async (ctx) => {
    const post = await ctx.posts.get(postId);
    if (!post) {
      out(`${postId}: no such post`);
      return 1;
    }
    const alternatives = post.draft.alternatives ?? [];
    if (n === undefined) {
      for (const s of post.draft.sentences ?? []) out(`used: ${s}`);
      if (post.draft.note) out(`note: ${post.draft.note}`);
      alternatives.forEach((s, i) => out(`${i + 1}: ${s}`));
      if (post.sentenceChoice) out(`chosen by ${post.sentenceChoice.by} at ${post.sentenceChoice.at}`);
      return 0;
    }
    const sentence = alternatives[n - 1];
    if (sentence === undefined) {
      out(`${postId}: there is no alternative ${n} (${alternatives.length} listed)`);
      return 1;
    }
    // Loaded here, not at start-up: the formatters pull in every network's code, which other commands skip.
    const [{ chooseSentences }, { networkRegistry }] = await Promise.all([import('../../src/desk/sentence-swap.js'), import('../../src/publishers/registry.js')]);
    const network = (channel: ChannelConfig) => {
      const def = networkRegistry[channel.network];
      if (!def) throw new Error(`unknown network ${channel.network}`);
      return def;
    };
    const result = await chooseSentences({ ...ctx, network }, postId, [sentence], 'an editor (cli)');
    out(`${postId}: ${result.message}`);
    return result.ok ? 0 : 1;
  });
}
