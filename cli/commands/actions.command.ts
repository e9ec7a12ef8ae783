import type { Config } from '../../src/config/load-config.js';
import { parsePostId } from '../../src/ledger/keys.js';
import { pollNow, setChannelPaused } from '../../src/desk/control-actions.js';
import { approvePost, retryPost, skipPost } from '../../src/desk/post-actions.js';
import { withContext } from './with-context.js';

/** Same actions as the desk's buttons (src/desk/), so the CLI and the desk never disagree. */
export async function runPostAction(config: Config, action: 'approve' | 'skip' | 'retry', postId: string | undefined, reason: string | undefined, out: (s: string) => void): Promise<number> {
  if (!postId || !parsePostId(postId)) {
    out(`usage: crier ${action} <post-id>   (post ids look like a1b2c3….x)`);
    return 1;
  }
  return withContext(config, async (ctx) => {
    const result =
      action === 'approve' ? await approvePost(ctx, postId) : action === 'skip' ? await skipPost(ctx, postId, reason, 'an editor (cli)') : await retryPost(ctx, postId);
    out(`${postId}: ${result.message}`);
    return result.ok ? 0 : 1;
  });
}

export async function runChannelAction(config: Config, action: 'pause' | 'resume', target: string | undefined, reason: string | undefined, out: (s: string) => void): Promise<number> {
  if (!target || (target !== 'all' && !config.channels.some((c) => c.id === target))) {
    out(`usage: crier ${action} <channel|all>; channels: ${config.channels.map((c) => c.id).join(', ')}`);
    return 1;
  }
  return withContext(config, async (ctx) => {
    const result = await setChannelPaused(ctx, target === 'all' ? null : target, action === 'pause', 'an operator (cli)', reason);
    out(result.message);
    return result.ok ? 0 : 1;
  });
}

export async function runPollNow(config: Config, feedId: string | undefined, out: (s: string) => void): Promise<number> {
  if (!feedId || !config.feeds.some((f) => f.id === feedId)) {
    out(`usage: crier poll <feed-id>; feeds: ${config.feeds.map((f) => f.id).join(', ')}`);
    return 1;
  }
  return withContext(config, async (ctx) => {
    const result = await pollNow(ctx, feedId);
    out(result.message);
    return result.ok ? 0 : 1;
  });
}
