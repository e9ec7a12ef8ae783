import type { Draft } from '../../drafts/draft.js';
import { correctionReplyKey } from '../corrections.js';
import { PermanentError } from '../errors.js';
import { sendHttp } from '../http-client.js';
import type { CorrectionCapabilities, LivePublisher, PublishContext, PublishReceipt, RemotePost } from '../publisher.js';
import { classify, isSessionExpired, xrpcError } from './bluesky-classify.js';
import { buildFacets } from './bluesky-facets.js';
import { shortenLinks } from './bluesky-links.js';
import type { BlueskySession, SessionManager } from './bluesky-session.js';
import { tidForPostId } from './bluesky-tid.js';

const NETWORK = 'bluesky';
const COLLECTION = 'app.bsky.feed.post';

/**
 * No edit: putRecord is accepted by the PDS but bsky.app keeps showing the original, so a
 * correction is a reply. Delete is `com.atproto.repo.deleteRecord`.
 */
export const BLUESKY_CORRECTIONS: CorrectionCapabilities = { edit: false, reply: true, remove: true };

export interface BlueskyLifecycleDeps {
  apiBaseUrl: string;
  sessions: SessionManager;
  langs?: string[];
  publicUrl(session: BlueskySession, rkey: string): string;
}

interface StrongRef {
  uri: string;
  cid: string;
}

/** `at://<did>/app.bsky.feed.post/<rkey>` → its parts; anything else is not one of our posts. */
function parseUri(uri: string): { repo: string; rkey: string } {
  const m = /^at:\/\/(did:[a-z]+:[A-Za-z0-9._:%-]{1,200})\/app\.bsky\.feed\.post\/([A-Za-z0-9._:~-]{1,512})$/.exec(uri);
  if (!m?.[1] || !m[2]) throw new PermanentError(`bluesky: "${uri.slice(0, 120)}" is not a post URI`, { network: NETWORK });
  return { repo: m[1], rkey: m[2] };
}

/** `com.atproto.repo.getRecord`: the record's cid and value, or undefined when it does not exist. */
async function getRecord(deps: BlueskyLifecycleDeps, ctx: PublishContext, repo: string, rkey: string): Promise<{ uri: string; cid: string; value: Record<string, unknown> } | undefined> {
  const { res } = await deps.sessions.call(ctx.channelState, ctx.signal, (s) =>
    sendHttp(NETWORK, `${deps.apiBaseUrl}/xrpc/com.atproto.repo.getRecord?${new URLSearchParams({ repo, collection: COLLECTION, rkey })}`, { headers: { authorization: `Bearer ${s.accessJwt}` }, signal: ctx.signal }),
  );
  const body = res.json as { uri?: unknown; cid?: unknown; value?: unknown } | undefined;
  if (res.status === 200 && typeof body?.cid === 'string') return { uri: typeof body.uri === 'string' ? body.uri : `at://${repo}/${COLLECTION}/${rkey}`, cid: body.cid, value: (body.value ?? {}) as Record<string, unknown> };
  if (res.status === 404 || xrpcError(res.json).error === 'RecordNotFound') return undefined;
  throw classify(res.status, res.headers, res.json, Date.now());
}


export function blueskyLifecycle(deps: BlueskyLifecycleDeps): Required<Pick<LivePublisher, 'corrections' | 'reply' | 'remove'>> {
  const xrpc = (method: string) => `${deps.apiBaseUrl}/xrpc/${method}`;

  /** root and parent strongRefs: the post itself as parent; its own root if it is a reply, else itself. */
  async function replyRefs(remote: RemotePost, ctx: PublishContext): Promise<{ root: StrongRef; parent: StrongRef }> {
    const { repo, rkey } = parseUri(remote.remoteId);
    const cid = remote.extra?.cid;
    if (cid && !remote.extra?.rootUri) return { root: { uri: remote.remoteId, cid }, parent: { uri: remote.remoteId, cid } };
    const rec = await getRecord(deps, ctx, repo, rkey);
    if (!rec) throw new PermanentError('bluesky: the post to answer is gone (RecordNotFound)', { network: NETWORK, reason: 'gone' });
    const parent = { uri: rec.uri, cid: rec.cid };
    const root = (rec.value.reply as { root?: Partial<StrongRef> } | undefined)?.root;
    return { root: typeof root?.uri === 'string' && typeof root.cid === 'string' ? { uri: root.uri, cid: root.cid } : parent, parent };
  }

  /**
   * `com.atproto.repo.createRecord` with `record.reply = {root, parent}`. The rkey is a TID
   * derived from the post id + a hash of the reply text: a retry names the same record, so it
   * finds (getRecord) or collides with the reply already made instead of making a second one.
   */
  async function reply(remote: RemotePost, draft: Draft, ctx: PublishContext): Promise<PublishReceipt> {
    const rkey = tidForPostId(correctionReplyKey(ctx.postId, draft.text));
    const own = async (note?: string): Promise<PublishReceipt | undefined> => {
      const session = await deps.sessions.current(ctx.channelState, ctx.signal);
      const found = await getRecord(deps, ctx, session.did, rkey);
      return found ? { remoteId: found.uri, remoteUrl: deps.publicUrl(session, rkey), confirmed: true, ...(note ? { note } : {}) } : undefined;
    };
    if (ctx.afterUnknownOutcome || ctx.attempt > 1) {
      const found = await own('found the reply made by an earlier attempt');
      if (found) return found;
    }
    const refs = await replyRefs(remote, ctx);
    // Links go out short with full-URL facets, as in a first post.
    const posted = shortenLinks(draft.text, draft.url ? [draft.url] : []);
    const record = {
      $type: COLLECTION,
      text: posted.text,
      createdAt: new Date().toISOString(),
      facets: buildFacets(posted.text, { links: posted.links, hashtags: draft.hashtags }),
      reply: refs,
      ...(deps.langs?.length ? { langs: deps.langs } : {}),
    };
    const { res, session } = await deps.sessions.call(ctx.channelState, ctx.signal, (s) =>
      sendHttp(NETWORK, xrpc('com.atproto.repo.createRecord'), {
        method: 'POST',
        headers: { authorization: `Bearer ${s.accessJwt}`, 'content-type': 'application/json' },
        body: JSON.stringify({ repo: s.did, collection: COLLECTION, rkey, record }),
        signal: ctx.signal,
        // The fixed rkey makes a resend collide, never duplicate: a lost answer is a plain retry.
        idempotent: true,
      }),
    );
    if (res.status === 200) {
      const uri = (res.json as { uri?: unknown } | undefined)?.uri;
      return { remoteId: typeof uri === 'string' ? uri : `at://${session.did}/${COLLECTION}/${rkey}`, remoteUrl: deps.publicUrl(session, rkey), confirmed: true };
    }
    // A create on an existing rkey is refused in an undocumented way (400 or 5xx): look before failing.
    if ((res.status === 400 || res.status >= 500) && !isSessionExpired(res.status, res.json)) {
      const found = await own('found the reply made by an earlier attempt').catch(() => undefined);
      if (found) return found;
    }
    throw classify(res.status, res.headers, res.json, Date.now());
  }

  return {
    corrections: BLUESKY_CORRECTIONS,
    reply,
    /**
     * `com.atproto.repo.deleteRecord {repo, collection, rkey}`. Retry-safe: the PDS answers 200
     * with no `commit` ("no-op if record already doesn't exist"), reported as already gone.
     */
    async remove(remote, ctx) {
      const { repo, rkey } = parseUri(remote.remoteId);
      // deleteRecord acts on our repo: a URI of another account's post must not delete our record with that rkey.
      const current = await deps.sessions.current(ctx.channelState, ctx.signal);
      if (repo !== current.did) throw new PermanentError(`bluesky: ${remote.remoteId.slice(0, 120)} belongs to another account`, { network: NETWORK });
      const { res } = await deps.sessions.call(ctx.channelState, ctx.signal, (s) =>
        sendHttp(NETWORK, xrpc('com.atproto.repo.deleteRecord'), {
          method: 'POST',
          headers: { authorization: `Bearer ${s.accessJwt}`, 'content-type': 'application/json' },
          body: JSON.stringify({ repo: s.did, collection: COLLECTION, rkey }),
          signal: ctx.signal,
          idempotent: true,
        }),
      );
      if (res.status !== 200) throw classify(res.status, res.headers, res.json, Date.now());
      const commit = (res.json as { commit?: unknown } | undefined)?.commit;
      return commit ? { alreadyGone: false } : { alreadyGone: true, note: 'Bluesky: deleteRecord was a no-op (already deleted)' };
    },
  };
}
