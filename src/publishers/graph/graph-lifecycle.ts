import { PermanentError } from '../errors.js';
import type { PublishContext, RemoveResult } from '../publisher.js';
import type { GraphClient } from './graph-client.js';
import { graphFaultOf } from './graph-classify.js';

/**
 * Graph answers a missing object with code 100 / subcode 33 ("does not exist, cannot be loaded
 * due to missing permissions, or does not support this operation"): gone and no access look alike.
 */
export function isGraphObjectMissing(err: unknown): boolean {
  const f = graphFaultOf(err);
  return f?.code === 100 && f.subcode === 33;
}

/**
 * `DELETE /{node-id}` → `{"success":true}` (Facebook Page post, Threads media). Retry-safe: a
 * repeat answers 100/33. Because 100/33 also means "no access", the token is checked on
 * `ownerPath` (the Page or the Threads user) first: only when that still works is the post
 * reported as already gone; a dead token surfaces as the AuthError it is.
 */
export async function deleteGraphNode(network: string, client: GraphClient, nodeId: string, ownerPath: string, ctx: PublishContext): Promise<RemoveResult> {
  const id = graphNodeId(network, nodeId);
  try {
    const body = await client.delete(id, ctx);
    if (body.success === false) throw new PermanentError(`${network}: the delete was refused (success:false)`, { network });
    return { alreadyGone: false };
  } catch (err) {
    if (!isGraphObjectMissing(err)) throw err;
    await client.get(ownerPath, { fields: 'id' }, ctx);
    return { alreadyGone: true, note: `${network}: 100/33 object does not exist (already deleted, or no longer visible to this token)` };
  }
}

/** A Graph post id as it goes into a path: ids are digits and underscores (`{page}_{post}`). */
export function graphNodeId(network: string, remoteId: string): string {
  if (!/^[\w.-]{1,100}$/.test(remoteId)) throw new PermanentError(`${network}: "${remoteId.slice(0, 100)}" is not a post id`, { network });
  return remoteId;
}
