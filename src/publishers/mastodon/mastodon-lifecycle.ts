import { correctionReplyKey } from '../corrections.js';
import { PermanentError } from '../errors.js';
import { sendHttp } from '../http-client.js';
import type { CorrectionCapabilities, LivePublisher, PublishContext, PublishReceipt, RemotePost } from '../publisher.js';
import { classify } from './mastodon-classify.js';

/** Mastodon can edit in place, reply and delete (docs: `content/en/methods/statuses.md`). */
export const MASTODON_CORRECTIONS: CorrectionCapabilities = { edit: true, reply: true, remove: true };

export interface MastodonLifecycleConfig {
  apiBaseUrl: string;
  token: string;
  visibility: string;
  language?: string;
}

type StatusJson = { id?: unknown; url?: unknown; uri?: unknown; media_attachments?: { id?: unknown }[] } | undefined;

function receipt(status: StatusJson, note?: string): PublishReceipt | undefined {
  if (typeof status?.id !== 'string') return undefined;
  const remoteUrl = typeof status.url === 'string' ? status.url : typeof status.uri === 'string' ? status.uri : undefined;
  return { remoteId: status.id, ...(remoteUrl ? { remoteUrl } : {}), confirmed: true, ...(note ? { note } : {}) };
}

/** `{"error":"Record not found"}`: the status is deleted, or not ours. */
const isRecordNotFound = (status: number) => status === 404;

export function mastodonLifecycle(cfg: MastodonLifecycleConfig): Required<Pick<LivePublisher, 'corrections' | 'edit' | 'reply' | 'remove'>> {
  const auth = { authorization: `Bearer ${cfg.token}` };
  const statusUrl = (id: string) => `${cfg.apiBaseUrl}/api/v1/statuses/${encodeURIComponent(id)}`;
  const gone = (remote: RemotePost, what: string) =>
    new PermanentError(`mastodon: status ${remote.remoteId} not found, cannot ${what} it`, { network: 'mastodon', status: 404, reason: 'gone' });

  /** The status's attachments: `PUT` is a full replace, and leaving out `media_ids` would drop the image. */
  async function currentMediaIds(remote: RemotePost, ctx: PublishContext): Promise<string[]> {
    const res = await sendHttp('mastodon', statusUrl(remote.remoteId), { headers: auth, signal: ctx.signal });
    if (isRecordNotFound(res.status)) throw gone(remote, 'edit');
    if (res.status !== 200) throw classify(res.status, res.headers, res.json, Date.now());
    return ((res.json as StatusJson)?.media_attachments ?? []).map((m) => m.id).filter((id): id is string => typeof id === 'string');
  }

  return {
    corrections: MASTODON_CORRECTIONS,

    /**
     * `PUT /api/v1/statuses/:id` (form: status, media_ids[], language; since 3.5) → the Status with
     * `edited_at`. Retry-safe: the same text again is a no-op on the instance (no new history entry).
     */
    async edit(remote, draft, ctx) {
      const mediaIds = await currentMediaIds(remote, ctx);
      const res = await sendHttp('mastodon', statusUrl(remote.remoteId), {
        method: 'PUT',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ status: draft.text, media_ids: mediaIds, ...(cfg.language ? { language: cfg.language } : {}) }),
        signal: ctx.signal,
        idempotent: true,
      });
      if (isRecordNotFound(res.status)) throw gone(remote, 'edit');
      const done = res.status === 200 ? receipt(res.json as StatusJson) : undefined;
      if (done) return done;
      throw classify(res.status === 200 ? 502 : res.status, res.headers, res.json, Date.now());
    },

    /**
     * `POST /api/v1/statuses` with `in_reply_to_id` and an `Idempotency-Key` (kept an hour by the
     * instance): post id + hash of the reply text, so a retry after a lost answer gets back the
     * reply already made instead of a second one.
     */
    async reply(remote, draft, ctx) {
      const res = await sendHttp('mastodon', `${cfg.apiBaseUrl}/api/v1/statuses`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': correctionReplyKey(ctx.postId, draft.text) },
        body: JSON.stringify({ status: draft.text, in_reply_to_id: remote.remoteId, visibility: cfg.visibility, ...(cfg.language ? { language: cfg.language } : {}) }),
        signal: ctx.signal,
        idempotent: true,
      });
      // 404 here: the status we answer is gone (Mastodon refuses a reply to a missing status).
      if (isRecordNotFound(res.status)) throw gone(remote, 'reply to');
      const done = res.status === 200 ? receipt(res.json as StatusJson) : undefined;
      if (done) return done;
      throw classify(res.status === 200 ? 502 : res.status, res.headers, res.json, Date.now());
    },

    /** `DELETE /api/v1/statuses/:id` → the deleted Status. Retry-safe: a repeat answers 404 `Record not found` = done. */
    async remove(remote, ctx) {
      const res = await sendHttp('mastodon', statusUrl(remote.remoteId), { method: 'DELETE', headers: auth, signal: ctx.signal, idempotent: true });
      if (res.status === 200) return { alreadyGone: false };
      if (isRecordNotFound(res.status)) return { alreadyGone: true, note: 'Mastodon: Record not found (already deleted)' };
      throw classify(res.status, res.headers, res.json, Date.now());
    },
  };
}
