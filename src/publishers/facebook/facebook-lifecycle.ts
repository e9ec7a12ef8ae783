import type { Draft } from '../../drafts/draft.js';
import { PermanentError } from '../errors.js';
import type { GraphClient } from '../graph/graph-client.js';
import { deleteGraphNode, graphNodeId, isGraphObjectMissing } from '../graph/graph-lifecycle.js';
import type { CorrectionCapabilities, LivePublisher, PublishContext, PublishReceipt, RemotePost } from '../publisher.js';

const NETWORK = 'facebook';

/**
 * A Page post is edited in place (`POST /{page-post-id}` with `message`) and deleted
 * (`DELETE /{page-post-id}`). A comment as the Page would be the reply path, but editing covers
 * corrections, and a comment has no idempotency, so it is not offered.
 */
export const FACEBOOK_CORRECTIONS: CorrectionCapabilities = { edit: true, reply: false, remove: true };

export interface FacebookLifecycleDeps {
  client: GraphClient;
  /** The Page id (checked before trusting a 100/33 on delete); throws AuthError when not configured. */
  pageId(): string;
  /** The text as it goes out: the URL added when the post was made without a link card. */
  message(draft: Draft): string;
}

export function facebookLifecycle(deps: FacebookLifecycleDeps): Required<Pick<LivePublisher, 'corrections' | 'edit' | 'remove'>> {
  return {
    corrections: FACEBOOK_CORRECTIONS,

    /**
     * `POST /{page-post-id}` form `message=…` → `{"success":true}` (Pages API "update a post";
     * SDK PagePost.update has no `link`, so the link card stays as posted). Retry-safe: it sets
     * the same message again.
     */
    async edit(remote: RemotePost, draft: Draft, ctx: PublishContext): Promise<PublishReceipt> {
      const pageId = deps.pageId();
      const id = graphNodeId(NETWORK, remote.remoteId);
      try {
        const body = await deps.client.post(id, { message: deps.message(draft) }, { ...ctx, idempotent: true });
        if (body.success === false) throw new PermanentError('facebook: the edit was refused (success:false)', { network: NETWORK });
      } catch (err) {
        if (!isGraphObjectMissing(err)) throw err;
        // Gone or no longer ours: tell which by checking the Page token (an AuthError if it is the token).
        await deps.client.get(pageId, { fields: 'id' }, ctx);
        throw new PermanentError('facebook: the post to edit does not exist (100/33)', { network: NETWORK, status: 400, reason: 'gone' });
      }
      return { remoteId: id, ...(remote.remoteUrl ? { remoteUrl: remote.remoteUrl } : {}), confirmed: true };
    },

    async remove(remote, ctx) {
      return deleteGraphNode(NETWORK, deps.client, remote.remoteId, deps.pageId(), ctx);
    },
  };
}
