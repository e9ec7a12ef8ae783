import { createHash } from 'node:crypto';
import type { Draft } from '../../drafts/draft.js';
import { AuthError, PermanentError, RetryableError, UnknownOutcomeError } from '../errors.js';
import { type HttpResponse, sendHttp } from '../http-client.js';
import type { LivePublisher, PublishContext, PublishReceipt } from '../publisher.js';
import { webhookTarget } from '../webhook-url.js';
import { classify } from './discord-classify.js';
import { discordLifecycle } from './discord-lifecycle.js';

const NETWORK = 'discord';
/** `content` limit; Discord does not say its unit, and UTF-16 length is never below it. */
export const DISCORD_MAX_CONTENT_LENGTH = 2_000;
const EMBED_TITLE_MAX = 256;
const EMBED_DESCRIPTION_MAX = 4_096;
/** Message links open in the Discord web app; `@me` stands in when the guild is unknown. */
const DISCORD_APP_URL = 'https://discord.com';
/** Channel state: fingerprint of a webhook that answered 404, so it is never called again. */
const GONE_KEY = 'discord:goneWebhook';

export interface DiscordPublisherConfig {
  /** The secret: `https://discord.com/api/webhooks/<id>/<token>` (optionally `?thread_id=`). */
  webhookUrl: string;
  apiBaseUrl: string;
  defaultApiBaseUrl: string;
  now?: () => number;
}

interface DiscordMessage {
  id?: string;
  channel_id?: string;
  guild_id?: string;
}

/** The secret URL, its origin swapped for `apiBaseUrl` when that is overridden (tests, proxies). */
export function webhookUrl(cfg: Pick<DiscordPublisherConfig, 'webhookUrl' | 'apiBaseUrl' | 'defaultApiBaseUrl'>): URL {
  const target = webhookTarget('discord', cfg);
  try {
    return new URL(target);
  } catch {
    // URL's own error would quote the input, secret path included.
    throw new Error('discord: apiBaseUrl is not a valid base URL');
  }
}

/** Execute with `wait=true`: Discord then answers with the created message (id, channel) instead of 204. */
export function executeUrl(cfg: Pick<DiscordPublisherConfig, 'webhookUrl' | 'apiBaseUrl' | 'defaultApiBaseUrl'>): string {
  const url = webhookUrl(cfg);
  url.searchParams.set('wait', 'true');
  return url.toString();
}

function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = Array.from(text.slice(0, max - 1));
  // slice() may leave half a surrogate pair at the end; Array.from keeps it as a lone code unit.
  if (/[\uD800-\uDBFF]$/.test(cut.at(-1) ?? '')) cut.pop();
  return `${cut.join('').trimEnd()}…`;
}

/**
 * Execute-webhook body. Mentions are disabled: feed text containing "@everyone" must not ping a
 * whole server. The embed repeats the description only when the content does not already hold it.
 */
export function discordPayload(draft: Draft): Record<string, unknown> {
  const embed: Record<string, unknown> = { url: draft.url };
  if (draft.title) embed['title'] = clip(draft.title, EMBED_TITLE_MAX);
  if (draft.description && !draft.text.includes(draft.description)) embed['description'] = clip(draft.description, EMBED_DESCRIPTION_MAX);
  if (draft.imageUrl && /^https?:\/\//i.test(draft.imageUrl)) embed['image'] = { url: draft.imageUrl };
  return {
    ...(draft.text ? { content: draft.text } : {}),
    embeds: [embed],
    allowed_mentions: { parse: [] },
  };
}

export function messageUrl(message: DiscordMessage): string {
  return `${DISCORD_APP_URL}/channels/${message.guild_id ?? '@me'}/${message.channel_id}/${message.id}`;
}

export function createDiscordPublisher(cfg: DiscordPublisherConfig): LivePublisher {
  const url = executeUrl(cfg);
  const infoUrl = webhookUrl(cfg).toString();
  const now = cfg.now ?? Date.now;
  const fingerprint = createHash('sha256').update(cfg.webhookUrl).digest('hex').slice(0, 16);

  async function execute(body: string, signal: AbortSignal): Promise<HttpResponse> {
    try {
      return await sendHttp(NETWORK, url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal });
    } catch (err) {
      throw withoutCause(err);
    }
  }

  return {
    ...discordLifecycle({
      messageEndpoint: (id) => {
        const endpoint = webhookUrl(cfg);
        endpoint.pathname = `${endpoint.pathname.replace(/\/$/, '')}/messages/${id}`;
        return endpoint.toString();
      },
      payload: discordPayload,
      async send(method, target, body, signal) {
        try {
          return await sendHttp(NETWORK, target, { method, ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body }), signal, idempotent: true });
        } catch (err) {
          throw withoutCause(err);
        }
      },
      maxContentLength: DISCORD_MAX_CONTENT_LENGTH,
      now,
    }),
    async publish(draft: Draft, ctx: PublishContext): Promise<PublishReceipt> {
      if (draft.text.length > DISCORD_MAX_CONTENT_LENGTH) {
        throw new PermanentError(`discord: content is ${draft.text.length} characters, the limit is ${DISCORD_MAX_CONTENT_LENGTH}`, { network: NETWORK, reason: 'too-long' });
      }
      // Discord bans IPs that keep calling dead webhooks: once deleted, never call it again.
      let gone: string | null;
      try {
        gone = await ctx.channelState.get(GONE_KEY);
      } catch (err) {
        // Nothing sent yet: a plain retry, not an unexpected error the worker must treat as "maybe posted".
        throw new RetryableError(`discord: channel state unavailable (${(err as Error).message})`, { network: NETWORK });
      }
      if (gone === fingerprint) {
        throw new AuthError('discord: this webhook was deleted (404 earlier); replace DISCORD_WEBHOOK_URL', { network: NETWORK, keepPost: true });
      }
      const res = await execute(JSON.stringify(discordPayload(draft)), ctx.signal);
      if (res.status < 200 || res.status >= 300) {
        if (res.status === 404) await ctx.channelState.set(GONE_KEY, fingerprint).catch((err: Error) => ctx.log.warn({ err: err.message }, 'cannot remember the deleted webhook'));
        throw classify(res.status, res.headers, res.json ?? res.text, now());
      }
      const message = (res.json ?? {}) as DiscordMessage;
      if (!message.id || !message.channel_id) {
        return { confirmed: false, note: `Discord answered ${res.status} without the message (wait=true ignored?)` };
      }
      return { remoteId: message.id, remoteUrl: messageUrl(message), confirmed: true };
    },

    /** GET on the webhook URL returns the webhook (name, channel) without posting. */
    async verify(signal: AbortSignal) {
      let res: HttpResponse;
      try {
        res = await sendHttp(NETWORK, infoUrl, { signal });
      } catch (err) {
        throw withoutCause(err);
      }
      if (res.status !== 200) throw classify(res.status, res.headers, res.json ?? res.text, now());
      const hook = (res.json ?? {}) as { name?: string; channel_id?: string };
      return { account: `webhook "${hook.name ?? '?'}" → channel ${hook.channel_id ?? '?'}` };
    },
  };
}

/** The webhook URL is the secret; sendHttp's `cause` can hold the full URL (undici copies it for bad URLs). */
function withoutCause(err: unknown): unknown {
  if (err instanceof UnknownOutcomeError) return new UnknownOutcomeError(err.message, { network: err.network, status: err.status, detail: err.detail });
  if (err instanceof RetryableError) return new RetryableError(err.message, { network: err.network, status: err.status, detail: err.detail });
  return err;
}
