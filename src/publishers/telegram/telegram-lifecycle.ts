import type { Draft } from '../../drafts/draft.js';
import { PermanentError, UnknownOutcomeError } from '../errors.js';
import type { HttpResponse } from '../http-client.js';
import type { CorrectionCapabilities, LivePublisher, PublishContext, PublishReceipt, RemotePost } from '../publisher.js';
import { asEnvelope, classify } from './telegram-classify.js';
import { TELEGRAM_MAX_CAPTION_LENGTH, TELEGRAM_MAX_TEXT_LENGTH, toTelegramHtml } from './telegram-html.js';

const NETWORK = 'telegram';

/** Bots edit (`editMessageText`/`editMessageCaption`), reply (`reply_parameters`) and delete (< 48 h) their own channel posts. */
export const TELEGRAM_CORRECTIONS: CorrectionCapabilities = { edit: true, reply: true, remove: true };

/** Set before a reply is sent, cleared once Telegram's answer is known: a retry that finds it must not send again. */
const REPLY_SENT_CHECKPOINT = 'telegram.replySent';

export interface TelegramLifecycleDeps {
  /** POST a Bot API method (token kept out of errors by the publisher). */
  call(method: string, payload: Record<string, unknown>, signal: AbortSignal, idempotent?: boolean): Promise<HttpResponse>;
  /** The body as classify may see it (token scrubbed). */
  scrubbedBody(res: HttpResponse): unknown;
  /** The chat the post went to: the receipt's `extra.chatId`, else the configured (or migrated) chat. */
  chatOf(remote: RemotePost, ctx: PublishContext): Promise<string | number>;
  messageUrl(messageId: number, chat: string | number): string | undefined;
  now(): number;
}

const description = (res: HttpResponse) => asEnvelope(res.json).description ?? '';
const NOT_MODIFIED = /message is not modified/i;
const EDIT_NOT_FOUND = /message to edit not found/i;
const NO_TEXT = /there is no text in the message to edit/i;
const DELETE_NOT_FOUND = /message to delete not found/i;
const CANT_DELETE = /message can't be deleted/i;

function messageId(remote: RemotePost): number {
  const id = Number(remote.remoteId);
  if (!Number.isSafeInteger(id) || id <= 0) throw new PermanentError(`telegram: "${remote.remoteId}" is not a message id`, { network: NETWORK });
  return id;
}

export function telegramLifecycle(deps: TelegramLifecycleDeps): Required<Pick<LivePublisher, 'corrections' | 'edit' | 'reply' | 'remove'>> {
  const fail = (res: HttpResponse) => classify(res.status, res.headers, deps.scrubbedBody(res), deps.now());
  const ok = (res: HttpResponse) => res.status >= 200 && res.status < 300;

  /**
   * `editMessageText {chat_id, message_id, text, parse_mode}`, or for a photo post
   * `editMessageCaption {chat_id, message_id, caption, parse_mode}` (`extra.kind = photo`, or
   * Telegram saying the message has no text). Retry-safe: the same text again answers
   * "message is not modified", which is success.
   */
  async function edit(remote: RemotePost, draft: Draft, ctx: PublishContext): Promise<PublishReceipt> {
    const chat = await deps.chatOf(remote, ctx);
    const id = messageId(remote);
    const html = toTelegramHtml(draft);
    const asCaption = async () => {
      if (draft.text.length > TELEGRAM_MAX_CAPTION_LENGTH) {
        throw new PermanentError(`telegram: the correction is ${draft.text.length} characters, a caption allows ${TELEGRAM_MAX_CAPTION_LENGTH}`, { network: NETWORK, reason: 'too-long' });
      }
      return deps.call('editMessageCaption', { chat_id: chat, message_id: id, caption: html, parse_mode: 'HTML' }, ctx.signal, true);
    };
    if (draft.text.length > TELEGRAM_MAX_TEXT_LENGTH) {
      throw new PermanentError(`telegram: the correction is ${draft.text.length} characters, the limit is ${TELEGRAM_MAX_TEXT_LENGTH}`, { network: NETWORK, reason: 'too-long' });
    }
    let res =
      remote.extra?.kind === 'photo'
        ? await asCaption()
        : await deps.call('editMessageText', { chat_id: chat, message_id: id, text: html, parse_mode: 'HTML', link_preview_options: { url: draft.url, prefer_large_media: true } }, ctx.signal, true);
    if (res.status === 400 && NO_TEXT.test(description(res))) res = await asCaption();
    const url = deps.messageUrl(id, chat);
    const done: PublishReceipt = { remoteId: String(id), ...(url ? { remoteUrl: url } : {}), confirmed: true };
    if (ok(res)) return done;
    if (res.status === 400 && NOT_MODIFIED.test(description(res))) return { ...done, note: 'Telegram: message is not modified (already says this)' };
    if (res.status === 400 && EDIT_NOT_FOUND.test(description(res))) {
      throw new PermanentError('telegram: message to edit not found (deleted?)', { network: NETWORK, status: 400, detail: description(res), reason: 'gone' });
    }
    throw fail(res);
  }

  /**
   * `sendMessage` with `reply_parameters: {message_id}`. Telegram has no idempotency key and no
   * duplicate check, so a reply whose answer was lost is an UnknownOutcomeError, and a checkpoint
   * set before sending keeps every later attempt from sending a second one.
   */
  async function reply(remote: RemotePost, draft: Draft, ctx: PublishContext): Promise<PublishReceipt> {
    if (draft.text.length > TELEGRAM_MAX_TEXT_LENGTH) {
      throw new PermanentError(`telegram: the reply is ${draft.text.length} characters, the limit is ${TELEGRAM_MAX_TEXT_LENGTH}`, { network: NETWORK, reason: 'too-long' });
    }
    if (await ctx.checkpoint.get(REPLY_SENT_CHECKPOINT)) {
      throw new UnknownOutcomeError('telegram: an earlier attempt sent this reply and its answer was lost; check the chat before sending again', { network: NETWORK });
    }
    const chat = await deps.chatOf(remote, ctx);
    await ctx.checkpoint.set(REPLY_SENT_CHECKPOINT, String(deps.now()));
    let res: HttpResponse;
    try {
      res = await deps.call('sendMessage', { chat_id: chat, text: toTelegramHtml(draft), parse_mode: 'HTML', reply_parameters: { message_id: messageId(remote) }, link_preview_options: { is_disabled: true } }, ctx.signal);
    } catch (err) {
      // Refused before sending (connection refused, DNS): nothing went out, a retry may send.
      if (!(err instanceof UnknownOutcomeError)) await ctx.checkpoint.set(REPLY_SENT_CHECKPOINT, '');
      throw err;
    }
    // An answer came back: whatever it says is definite, so the marker has done its job.
    await ctx.checkpoint.set(REPLY_SENT_CHECKPOINT, '');
    if (!ok(res)) throw fail(res);
    const id = (res.json as { result?: { message_id?: number } } | undefined)?.result?.message_id;
    if (typeof id !== 'number') return { confirmed: false, note: 'Telegram answered ok without a message id' };
    const url = deps.messageUrl(id, chat);
    return { remoteId: String(id), ...(url ? { remoteUrl: url } : {}), confirmed: true };
  }

  return {
    corrections: TELEGRAM_CORRECTIONS,
    edit,
    reply,
    /**
     * `deleteMessage {chat_id, message_id}` → `true`; only for messages under 48 hours old.
     * Retry-safe: a repeat answers "message to delete not found" = already gone.
     */
    async remove(remote, ctx) {
      const chat = await deps.chatOf(remote, ctx);
      const res = await deps.call('deleteMessage', { chat_id: chat, message_id: messageId(remote) }, ctx.signal, true);
      if (ok(res)) return { alreadyGone: false };
      if (res.status === 400 && DELETE_NOT_FOUND.test(description(res))) return { alreadyGone: true, note: 'Telegram: message to delete not found (already deleted)' };
      if (res.status === 400 && CANT_DELETE.test(description(res))) {
        throw new PermanentError('telegram: the message can no longer be deleted (bots may delete only within 48 hours); edit it into a retraction or remove it by hand', { network: NETWORK, status: 400, detail: description(res) });
      }
      throw fail(res);
    },
  };
}
