import type { Config } from '../../src/config/load-config.js';
import { parsePostId } from '../../src/ledger/keys.js';
import { markBreaking } from '../../src/desk/queue-actions.js';
import { withContext } from './with-context.js';

/**
 * `crier breaking <article-key|post-id>`: the story's waiting posts jump every channel's queue and
 * ignore spacing (not quiet hours unless `editorial.breaking.ignoresQuietHours`). Same use case as
 * the desk's Breaking button, recorded on each post's history as done from the CLI.
 */
export async function runBreaking(config: Config, target: string | undefined, out: (s: string) => void): Promise<number> {
  const articleKey = target && /^[a-z0-9]{1,64}$/.test(target) ? target : target ? parsePostId(target)?.articleKey : undefined;
  if (!articleKey) {
    out('usage: crier breaking <article-key|post-id>   (ids from `crier status --posts pending` or the desk)');
    return 1;
  }
  return withContext(config, async (ctx) => {
    const result = await markBreaking(ctx, articleKey, 'an editor (cli)');
    out(`${articleKey}: ${result.message}`);
    return result.ok ? 0 : 1;
  });
}
