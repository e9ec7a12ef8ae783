import type { Draft } from '../../drafts/draft.js';
import { secretScrubber, type Scrubber } from '../../shared/scrub-secrets.js';
import { PermanentError, RetryableError, UnknownOutcomeError } from '../errors.js';
import { type HttpResponse, sendHttp } from '../http-client.js';
import type { LivePublisher, PublishContext, PublishReceipt } from '../publisher.js';
import { asEnvelope, classify, isPhotoRejection, migrateTarget } from './telegram-classify.js';
import { TELEGRAM_MAX_CAPTION_LENGTH, TELEGRAM_MAX_TEXT_LENGTH, toTelegramHtml } from './telegram-html.js';
import { telegramLifecycle } from './telegram-lifecycle.js';

const NETWORK = 'telegram';
const PUBLIC_LINK_BASE = 'https://t.me';
/** Bot tokens look like `123456:AA…`; anything else could break out of the URL path. */
const BOT_TOKEN_RE = /^\d+:[A-Za-z0-9_-]+$/;

export interface TelegramPublisherConfig {
  apiBaseUrl: string;
  /** As configured: `@channel` or a numeric id. A migration recorded in channel state overrides it. */
  chatId: string;
  sendPhoto: boolean;
  botToken: string;
  now?: () => number;
}

interface SentMessage {
  message_id?: number;
  chat?: { id?: number; username?: string };
}

/** Where a group's migration to a supergroup is remembered (channel state, keyed by the configured id). */
export const migratedChatKey = (configured: string): string => `telegram:migratedChatId:${configured}`;

/** The Bot API as this publisher uses it: calls with the token kept out of errors, and scrubbed answers. */
interface TelegramClient {
  call(method: string, payload: Record<string, unknown>, signal: AbortSignal, idempotent?: boolean): Promise<HttpResponse>;
  scrubbedBody(res: HttpResponse): unknown;
  now: () => number;
}

function telegramClient(cfg: TelegramPublisherConfig): TelegramClient {
  // The token is in the URL path: it must never reach an error message, a log line or the ledger.
  const methodUrl = (method: string) => `${cfg.apiBaseUrl}/bot${cfg.botToken}/${method}`;
  // Scrubbed here already (not only in the worker) because classify copies the body into notes and errors.
  const scrub = secretScrubber([cfg.botToken]);
  return {
    now: cfg.now ?? Date.now,
    /** `idempotent`: repeating the call cannot do it twice (edits, deletes), so a lost answer is a plain retry. */
    async call(method, payload, signal, idempotent = false) {
      try {
        return await sendHttp(NETWORK, methodUrl(method), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(payload),
          signal,
          idempotent,
        });
      } catch (err) {
        throw withoutSecret(err, scrub);
      }
    },
    /** What classify sees (and may copy into the ledger): the body with the token cut out, should a proxy echo the URL. */
    scrubbedBody(res) {
      const text = scrub(res.text);
      if (text === res.text) return res.json ?? res.text;
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return text;
      }
    },
  };
}

async function publishToTelegram(client: TelegramClient, cfg: TelegramPublisherConfig, draft: Draft, ctx: PublishContext): Promise<PublishReceipt> {
  const { call, scrubbedBody, now } = client;
  if (draft.text.length > TELEGRAM_MAX_TEXT_LENGTH) {
    throw new PermanentError(`telegram: text is ${draft.text.length} characters, the limit is ${TELEGRAM_MAX_TEXT_LENGTH}`, { network: NETWORK, reason: 'too-long' });
  }
  let chatId = (await beforeSending(ctx.channelState.get(migratedChatKey(cfg.chatId)))) ?? cfg.chatId;
  const html = toTelegramHtml(draft);
  const photo = cfg.sendPhoto && draft.imageUrl && draft.text.length <= TELEGRAM_MAX_CAPTION_LENGTH ? draft.imageUrl : undefined;
  const notes: string[] = [];
  if (cfg.sendPhoto && draft.imageUrl && !photo) notes.push('text too long for a photo caption; sent as a text message');

  const send = (chat: string, withPhoto: boolean) =>
    withPhoto && photo
      ? call('sendPhoto', { chat_id: chatParam(chat), photo, caption: html, parse_mode: 'HTML' }, ctx.signal)
      : call('sendMessage', { chat_id: chatParam(chat), text: html, parse_mode: 'HTML', link_preview_options: { url: draft.url, prefer_large_media: true } }, ctx.signal);

  const usePhoto = photo !== undefined;
  let res = await send(chatId, usePhoto);
  const migrated = migrateTarget(res.status, res.json);
  if (migrated) {
    // The group became a supergroup: nothing was posted; remember the new id and send there once, now.
    await beforeSending(ctx.channelState.set(migratedChatKey(cfg.chatId), migrated));
    ctx.log.warn({ from: chatId, to: migrated }, 'telegram chat migrated to a supergroup; using the new chat id');
    notes.push(`chat migrated from ${chatId} to ${migrated}`);
    chatId = migrated;
    res = await send(chatId, usePhoto);
  }
  if (usePhoto && isPhotoRejection(res.status, res.json)) {
    // Telegram could not use the image: a 400 means nothing was posted, so the text can go alone.
    notes.push(`photo rejected (${asEnvelope(res.json).description ?? res.status}); sent as a text message`);
    res = await send(chatId, false);
  }
  if (res.status < 200 || res.status >= 300) throw classify(res.status, res.headers, scrubbedBody(res), now());
  const result = (res.json as { result?: SentMessage } | undefined)?.result;
  const note = notes.length > 0 ? notes.join('; ') : undefined;
  if (typeof result?.message_id !== 'number') {
    return { confirmed: false, note: ['Telegram answered ok without a message id', note].filter(Boolean).join('; ') };
  }
  const remoteUrl = messageUrl(result, chatId);
  return {
    remoteId: String(result.message_id),
    ...(remoteUrl ? { remoteUrl } : {}),
    confirmed: true,
    ...(note ? { note } : {}),
  };
}

export function createTelegramPublisher(cfg: TelegramPublisherConfig): LivePublisher {
  if (!BOT_TOKEN_RE.test(cfg.botToken)) throw new Error('TELEGRAM_BOT_TOKEN does not look like a bot token (digits, ":", then letters)');
  if (!cfg.chatId) throw new Error('telegram: chatId is required in live mode');
  const client = telegramClient(cfg);
  const { call, scrubbedBody, now } = client;

  return {
    ...telegramLifecycle({
      call,
      scrubbedBody,
      // message_id is per chat: the receipt's chat if it kept one, else where posts go now.
      chatOf: async (remote, ctx) => chatParam(remote.extra?.chatId ?? (await beforeSending(ctx.channelState.get(migratedChatKey(cfg.chatId)))) ?? cfg.chatId),
      messageUrl: (messageId, chat) => messageUrl({ message_id: messageId }, String(chat)),
      now,
    }),
    publish: (draft: Draft, ctx: PublishContext): Promise<PublishReceipt> => publishToTelegram(client, cfg, draft, ctx),

    async verify(signal: AbortSignal) {
      const res = await call('getMe', {}, signal);
      if (res.status !== 200) throw classify(res.status, res.headers, scrubbedBody(res), now());
      const username = (res.json as { result?: { username?: string } } | undefined)?.result?.username ?? 'bot';
      return { account: `@${username} → ${cfg.chatId}` };
    },
  };
}

/**
 * State reads and writes happen while nothing has been posted: a Redis hiccup there must be a
 * plain retry, not an unexpected error (which the worker has to treat as "maybe posted").
 */
async function beforeSending<T>(op: Promise<T>): Promise<T> {
  try {
    return await op;
  } catch (err) {
    throw new RetryableError(`telegram: channel state unavailable (${(err as Error).message})`, { network: NETWORK });
  }
}

/** Numeric ids go as numbers (they fit: Telegram keeps them within 52 bits); usernames as strings. */
function chatParam(chatId: string): string | number {
  return /^-?\d+$/.test(chatId) ? Number(chatId) : chatId;
}

/**
 * Public link to a message: `t.me/<username>/<id>` for public channels, `t.me/c/<id without
 * -100>/<id>` for private channels and supergroups (members only). Basic groups and private
 * chats have no message links.
 */
export function messageUrl(message: SentMessage, chatId: string): string | undefined {
  const id = message.message_id;
  const username = message.chat?.username ?? (chatId.startsWith('@') ? chatId.slice(1) : undefined);
  if (username) return `${PUBLIC_LINK_BASE}/${username}/${id}`;
  const numeric = String(message.chat?.id ?? chatId);
  return numeric.startsWith('-100') ? `${PUBLIC_LINK_BASE}/c/${numeric.slice(4)}/${id}` : undefined;
}

/**
 * sendHttp keeps the fetch failure as `cause`, and for an unparsable URL undici copies the whole
 * URL (token included) into it. Rebuild transport errors without the cause and scrub the text.
 */
function withoutSecret(err: unknown, scrub: Scrubber): unknown {
  if (err instanceof UnknownOutcomeError || err instanceof RetryableError) {
    const Ctor = err instanceof UnknownOutcomeError ? UnknownOutcomeError : RetryableError;
    return new Ctor(scrub(err.message), { network: err.network, status: err.status, ...(err.detail === undefined ? {} : { detail: scrub(err.detail) }) });
  }
  return err;
}
