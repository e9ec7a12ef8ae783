import type { Config } from '../../src/config/load-config.js';
import { retractArticle } from '../../src/desk/retract-actions.js';
import { withContext } from './with-context.js';

/**
 * `crier retract <article> [--reason text]` (#16): the desk's Retract button from a shell (same use
 * case, same rules). The story is never posted again; posts not out yet are cancelled at once, and
 * the running workers delete the posts already out, or flag them where the network cannot.
 */
export async function runRetract(config: Config, articleKey: string | undefined, reason: string | undefined, out: (s: string) => void): Promise<number> {
  if (!articleKey) {
    out('usage: crier retract <article-key> [--reason "why"]   (the key is in the desk\'s article link, /articles/<key>)');
    return 1;
  }
  return withContext(config, async (ctx) => {
    const by = 'crier retract (CLI)';
    const result = await retractArticle(ctx, articleKey, by, reason ?? '');
    out(`${articleKey}: ${result.message}`);
    return result.ok ? 0 : 1;
  });
}
