import type { Draft } from '../../drafts/draft.js';
import { PermanentError } from '../errors.js';
import type { HttpResponse } from '../http-client.js';
import type { CorrectionCapabilities, LivePublisher, PublishContext, PublishReceipt, RemotePost } from '../publisher.js';
import { classify } from './discord-classify.js';

const NETWORK = 'discord';

/**
 * A webhook can edit and delete the messages it sent (with the id from `?wait=true`), but it
 * cannot reply: Execute Webhook has no `message_reference` (webhook.mdx).
 */
export const DISCORD_CORRECTIONS: CorrectionCapabilities = { edit: true, reply: false, remove: true };

/** Discord's JSON error code for "Unknown Message" (10015 is "Unknown Webhook": a dead credential). */
const UNKNOWN_MESSAGE = 10008;

export interface DiscordLifecycleDeps {
  /** `…/webhooks/{id}/{token}/messages/{message_id}` (keeping `?thread_id=`). The URL is the secret. */
  messageEndpoint(messageId: string): string;
  /** The execute body for a draft (content, embeds, `allowed_mentions` sent again so an edit pings no one). */
  payload(draft: Draft): Record<string, unknown>;
  /** sendHttp with the secret URL kept out of errors; always idempotent here. */
  send(method: 'PATCH' | 'DELETE', url: string, body: string | undefined, signal: AbortSignal): Promise<HttpResponse>;
  maxContentLength: number;
  now(): number;
}

const isUnknownMessage = (res: HttpResponse) => res.status === 404 && (res.json as { code?: unknown } | undefined)?.code === UNKNOWN_MESSAGE;

function messageId(remote: RemotePost): string {
  // Snowflakes only: anything else would change the path of a URL that carries the token.
  if (!/^\d{1,25}$/.test(remote.remoteId)) throw new PermanentError(`discord: "${remote.remoteId}" is not a message id`, { network: NETWORK });
  return remote.remoteId;
}

export function discordLifecycle(deps: DiscordLifecycleDeps): Required<Pick<LivePublisher, 'corrections' | 'edit' | 'remove'>> {
  return {
    corrections: DISCORD_CORRECTIONS,

    /**
     * `PATCH /webhooks/{id}/{token}/messages/{message_id}` with content, embeds and
     * allowed_mentions → the message object. Retry-safe: the same PATCH again leaves the same message.
     */
    async edit(remote: RemotePost, draft: Draft, ctx: PublishContext): Promise<PublishReceipt> {
      if (draft.text.length > deps.maxContentLength) {
        throw new PermanentError(`discord: content is ${draft.text.length} characters, the limit is ${deps.maxContentLength}`, { network: NETWORK, reason: 'too-long' });
      }
      const id = messageId(remote);
      const res = await deps.send('PATCH', deps.messageEndpoint(id), JSON.stringify(deps.payload(draft)), ctx.signal);
      if (res.status === 200) return { remoteId: id, ...(remote.remoteUrl ? { remoteUrl: remote.remoteUrl } : {}), confirmed: true };
      if (isUnknownMessage(res)) throw new PermanentError('discord: message to edit not found (10008 Unknown Message)', { network: NETWORK, status: 404, reason: 'gone' });
      throw classify(res.status, res.headers, res.json ?? res.text, deps.now());
    },

    /** `DELETE /webhooks/{id}/{token}/messages/{message_id}` → 204. Retry-safe: a repeat answers 404 code 10008 = already gone. */
    async remove(remote, ctx) {
      const res = await deps.send('DELETE', deps.messageEndpoint(messageId(remote)), undefined, ctx.signal);
      if (res.status === 204 || res.status === 200) return { alreadyGone: false };
      if (isUnknownMessage(res)) return { alreadyGone: true, note: 'Discord: 10008 Unknown Message (already deleted)' };
      throw classify(res.status, res.headers, res.json ?? res.text, deps.now());
    },
  };
}
