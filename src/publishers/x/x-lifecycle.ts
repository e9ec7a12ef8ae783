import { isValidXText } from './x-count.js';
import type { Draft } from '../../drafts/draft.js';
import { PermanentError, UnknownOutcomeError, type PublishError } from '../errors.js';
import type { CorrectionCapabilities, LivePublisher, PublishContext, PublishReceipt, RemotePost } from '../publisher.js';
import type { XApi } from './x-client.js';

const NETWORK = 'x';

/**
 * X corrects by replying: an edit (`POST /2/tweets` + `edit_options.previous_post_id`) works
 * only for 30 minutes, makes a new post id each time, may need Premium, and a retried edit burns
 * one of five edits (no idempotency), so it is not offered. Delete is `DELETE /2/tweets/:id`.
 */
export const X_CORRECTIONS: CorrectionCapabilities = { edit: false, reply: true, remove: true };

/** The reply's id once X gave it; a retry returns it instead of posting. */
const REPLY_ID = 'x.correction.replyId';
/** Set when the reply may have gone out unanswered (lost answer, 5xx): a later "duplicate" is then ours. */
const REPLY_MAYBE_POSTED = 'x.correction.maybePosted';

export interface XLifecycleDeps {
  api(signal: AbortSignal): XApi;
  statusUrl(id: string): string;
}

function postId(remote: RemotePost): string {
  if (!/^\d{1,25}$/.test(remote.remoteId)) throw new PermanentError(`x: "${remote.remoteId}" is not a post id`, { network: NETWORK });
  return remote.remoteId;
}

export function xLifecycle(deps: XLifecycleDeps): Required<Pick<LivePublisher, 'corrections' | 'reply' | 'remove'>> {
  /**
   * `POST /2/tweets {"text", "reply": {"in_reply_to_tweet_id"}}`. X has no idempotency key; what
   * makes a retry safe is its duplicate-content rejection (403 "duplicate content"): after a lost
   * answer or a 5xx, a retry that X calls a duplicate means the earlier attempt posted the reply,
   * so it is reported (unconfirmed, id unknown) rather than posted again.
   */
  async function reply(remote: RemotePost, draft: Draft, ctx: PublishContext): Promise<PublishReceipt> {
    if (!isValidXText(draft.text)) {
      throw new PermanentError('x: the correction is not a valid X post (over 280 weighted characters or empty)', { network: NETWORK, reason: 'too-long' });
    }
    const done = await ctx.checkpoint.get(REPLY_ID);
    if (done) return { remoteId: done, remoteUrl: deps.statusUrl(done), confirmed: true };
    try {
      const res = await deps.api(ctx.signal).post<{ data?: { id?: string } }>('tweets', { text: draft.text, reply: { in_reply_to_tweet_id: postId(remote) } });
      const id = res?.data?.id;
      if (typeof id !== 'string' || id === '') {
        await ctx.checkpoint.set(REPLY_MAYBE_POSTED, '1');
        throw new UnknownOutcomeError('x: correction reply answered without an id', { network: NETWORK });
      }
      await ctx.checkpoint.set(REPLY_ID, id);
      return { remoteId: id, remoteUrl: deps.statusUrl(id), confirmed: true };
    } catch (err) {
      const e = err as PublishError;
      if (e.kind === 'unknown-outcome' || (e.kind === 'retryable' && (e.status ?? 0) >= 500)) await ctx.checkpoint.set(REPLY_MAYBE_POSTED, '1');
      const maybePosted = ctx.afterUnknownOutcome || (await ctx.checkpoint.get(REPLY_MAYBE_POSTED)) === '1';
      if (e.kind === 'permanent' && (e as PermanentError).reason === 'duplicate' && maybePosted) {
        return { confirmed: false, note: 'X called this correction a duplicate after an earlier attempt lost its answer: that attempt posted it (reply id unknown)' };
      }
      throw e;
    }
  }

  return {
    corrections: X_CORRECTIONS,
    reply,
    /**
     * `DELETE /2/tweets/:id` → `{"data":{"deleted":true}}`. Retry-safe: deleting again finds
     * nothing; a 404 or `deleted:false` is reported as already gone.
     */
    async remove(remote, ctx) {
      try {
        const res = await deps.api(ctx.signal).delete<{ data?: { deleted?: boolean } }>(`tweets/${postId(remote)}`);
        if (res?.data?.deleted === true) return { alreadyGone: false };
        return { alreadyGone: true, note: 'X answered deleted:false (already deleted)' };
      } catch (err) {
        const e = err as PublishError;
        if (e.kind === 'permanent' && e.status === 404) return { alreadyGone: true, note: `X: not found (already deleted)${e.detail ? `: ${e.detail}` : ''}` };
        throw e;
      }
    },
  };
}
