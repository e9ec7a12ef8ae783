import type { Draft } from '../../drafts/draft.js';
import { PermanentError } from '../errors.js';
import { sendHttp } from '../http-client.js';
import type { CorrectionCapabilities, LivePublisher, PublishContext, PublishReceipt, RemotePost } from '../publisher.js';
import { classify } from './linkedin-classify.js';
import { commentaryFor } from './linkedin-little-text.js';

const NETWORK = 'linkedin';

/**
 * Posts API: `commentary` can be changed in place (PARTIAL_UPDATE) and a post deleted. A comment
 * through socialActions would be the reply path, but its body for organisation authors is not
 * documented well enough to rely on, so it is not offered.
 */
export const LINKEDIN_CORRECTIONS: CorrectionCapabilities = { edit: true, reply: false, remove: true };

export interface LinkedinLifecycleConfig {
  apiBaseUrl: string;
  /** Authorization, Linkedin-Version, X-Restli-Protocol-Version. */
  headers: Record<string, string>;
}

function postUrn(remote: RemotePost): string {
  if (!/^urn:li:(share|ugcPost):\d{1,30}$/.test(remote.remoteId)) throw new PermanentError(`linkedin: "${remote.remoteId.slice(0, 80)}" is not a post URN`, { network: NETWORK });
  return remote.remoteId;
}

export function linkedinLifecycle(cfg: LinkedinLifecycleConfig): Required<Pick<LivePublisher, 'corrections' | 'edit' | 'remove'>> {
  const postUrl = (urn: string) => `${cfg.apiBaseUrl}/rest/posts/${encodeURIComponent(urn)}`;
  const gone = (what: string) => new PermanentError(`linkedin: the post to ${what} does not exist (404)`, { network: NETWORK, status: 404, reason: 'gone' });

  /** `GET /rest/posts/{urn}`: the commentary LinkedIn now holds (one public report has a 204 that changed nothing). */
  async function storedCommentary(urn: string, ctx: PublishContext): Promise<string | undefined> {
    const res = await sendHttp(NETWORK, postUrl(urn), { headers: cfg.headers, signal: ctx.signal });
    if (res.status !== 200) return undefined;
    const commentary = (res.json as { commentary?: unknown } | undefined)?.commentary;
    return typeof commentary === 'string' ? commentary : undefined;
  }

  return {
    corrections: LINKEDIN_CORRECTIONS,

    /**
     * `POST /rest/posts/{encoded URN}` with `X-RestLi-Method: PARTIAL_UPDATE` and
     * `{"patch":{"$set":{"commentary":…}}}` → 204, then read back. Retry-safe: `$set` of the same
     * commentary is repeatable.
     */
    async edit(remote: RemotePost, draft: Draft, ctx: PublishContext): Promise<PublishReceipt> {
      const urn = postUrn(remote);
      const commentary = commentaryFor(draft.text, draft.hashtags);
      const res = await sendHttp(NETWORK, postUrl(urn), {
        method: 'POST',
        headers: { ...cfg.headers, 'content-type': 'application/json', 'x-restli-method': 'PARTIAL_UPDATE' },
        body: JSON.stringify({ patch: { $set: { commentary } } }),
        signal: ctx.signal,
        idempotent: true,
      });
      if (res.status === 404) throw gone('edit');
      if (res.status !== 204 && res.status !== 200) throw classify(res.status, res.headers, res.json ?? res.text, Date.now());
      const done = { remoteId: urn, ...(remote.remoteUrl ? { remoteUrl: remote.remoteUrl } : {}) };
      const stored = await storedCommentary(urn, ctx).catch(() => undefined);
      if (stored === commentary) return { ...done, confirmed: true };
      return { ...done, confirmed: false, note: stored === undefined ? 'LinkedIn accepted the edit (204); the post could not be read back' : 'LinkedIn accepted the edit (204) but the post still shows other text' };
    },

    /**
     * `DELETE /rest/posts/{encoded URN}` → 204. Retry-safe: "deletion requests for a previously
     * deleted post return a 204"; a 404 (never there, or not visible) is reported as already gone.
     */
    async remove(remote, ctx) {
      const res = await sendHttp(NETWORK, postUrl(postUrn(remote)), { method: 'DELETE', headers: cfg.headers, signal: ctx.signal, idempotent: true });
      if (res.status === 204 || res.status === 200) return { alreadyGone: false };
      if (res.status === 404) return { alreadyGone: true, note: 'LinkedIn: 404 (already deleted)' };
      throw classify(res.status, res.headers, res.json ?? res.text, Date.now());
    },
  };
}
