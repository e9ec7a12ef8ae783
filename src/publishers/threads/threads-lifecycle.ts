import type { Draft } from '../../drafts/draft.js';
import type { GraphClient } from '../graph/graph-client.js';
import { deleteGraphNode, graphNodeId } from '../graph/graph-lifecycle.js';
import type { CorrectionCapabilities, LivePublisher, PublishContext, PublishReceipt, RemotePost } from '../publisher.js';

const NETWORK = 'threads';

/** No edit endpoint in the Threads API; replies (`reply_to_id`) and deletes (100 a day) exist. */
export const THREADS_CORRECTIONS: CorrectionCapabilities = { edit: false, reply: true, remove: true };

export interface ThreadsLifecycleDeps {
  client: GraphClient;
  /** The Threads user id (checked before trusting a 100/33 on delete); throws AuthError when not set. */
  userId(): string;
  /**
   * The container publisher (create → poll → `threads_publish`) with these create fields. It
   * checkpoints the container id and, on a retry, reads its status and does not publish a
   * PUBLISHED container again: that is what makes a retried reply safe.
   */
  containerPublisher(fields: (draft: Draft) => Record<string, string>): LivePublisher;
}

export function threadsLifecycle(deps: ThreadsLifecycleDeps): Required<Pick<LivePublisher, 'corrections' | 'reply' | 'remove'>> {
  return {
    corrections: THREADS_CORRECTIONS,

    /**
     * `POST /me/threads` `media_type=TEXT&text=…&reply_to_id=<our media id>`, then
     * `POST /{user}/threads_publish?creation_id=` (Threads "create replies"; needs threads_manage_replies).
     */
    async reply(remote: RemotePost, draft: Draft, ctx: PublishContext): Promise<PublishReceipt> {
      const replyTo = graphNodeId(NETWORK, remote.remoteId);
      return deps.containerPublisher((d) => ({ media_type: 'TEXT', text: d.text, reply_to_id: replyTo })).publish(draft, ctx);
    },

    /** `DELETE /{threads-media-id}` → `{"success":true,"deleted_id":…}` (threads_delete; 100 deletes a day). */
    async remove(remote, ctx) {
      return deleteGraphNode(NETWORK, deps.client, remote.remoteId, deps.userId(), ctx);
    },
  };
}
