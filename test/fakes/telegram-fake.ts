/**
 * A fake Telegram Bot API (network-apis.md §8): `POST /bot<token>/{getMe,sendMessage,sendPhoto}`
 * with Telegram's envelope `{ ok, error_code, description, parameters }`. It parses HTML
 * parse mode the way Telegram does (unescaped `<`, `>`, `&` or an unknown tag is a 400 "can't
 * parse entities") and checks the 4,096 / 1,024 limits on the text *after* entity parsing, so
 * an escaping or counting bug in Crier shows up as a 400 here.
 */
import type { ServerResponse } from 'node:http';
import { FakeHttpServer, sendJson, type Fault, type RecordedRequest } from '../helpers/fake-http.js';

export const TELEGRAM_ROUTE = 'POST /bot:token/:method';
const MAX_TEXT = 4096;
const MAX_CAPTION = 1024;
const ALLOWED_TAGS = new Set(['b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'a', 'code', 'pre', 'span', 'tg-spoiler', 'blockquote', 'tg-emoji']);
const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

export interface FakeChat {
  id: number;
  type: 'channel' | 'supergroup' | 'group';
  username?: string;
  /** A group upgraded to a supergroup: sends answer 400 with `migrate_to_chat_id`. */
  migratedTo?: number;
  /** The bot was removed or lost its admin rights: 403. */
  botKicked?: boolean;
}

export interface FakeTelegramMessage {
  chatId: number;
  messageId: number;
  method: 'sendMessage' | 'sendPhoto';
  /** What was sent (HTML source). */
  html: string;
  /** What a reader sees: the HTML after entity parsing. */
  visibleText: string;
  photo?: string;
  linkPreviewUrl?: string;
  /** `reply_parameters.message_id`: the message this one answers. */
  replyTo?: number;
  /** Unix seconds: deleteMessage refuses messages older than 48 hours. */
  date: number;
  edited?: boolean;
}

const envelope = (error_code: number, description: string, parameters?: Record<string, number>) => ({ ok: false, error_code, description, ...(parameters ? { parameters } : {}) });

/** Telegram's answers, as FakeHttpServer faults for the next requests. */
export const telegramFaults = {
  pass: (): Fault => ({ kind: 'delay', ms: 0 }),
  /** Flood control; the wait is in the body (`parameters.retry_after`, whole seconds). */
  tooManyRequests: (retryAfterSeconds: number): Fault => ({
    kind: 'status',
    status: 429,
    body: envelope(429, `Too Many Requests: retry after ${retryAfterSeconds}`, { retry_after: retryAfterSeconds }),
  }),
  serverError: (status = 502): Fault => ({ kind: 'status', status, body: envelope(status, 'Bad Gateway') }),
  unauthorized: (): Fault => ({ kind: 'status', status: 401, body: envelope(401, 'Unauthorized') }),
  forbidden: (): Fault => ({ kind: 'status', status: 403, body: envelope(403, 'Forbidden: bot is not a member of the channel chat') }),
  badRequest: (description = "Bad Request: can't parse entities: Unsupported start tag \"x\" at byte offset 0"): Fault => ({ kind: 'status', status: 400, body: envelope(400, description) }),
  dropBefore: (): Fault => ({ kind: 'drop-before' }),
  dropAfter: (): Fault => ({ kind: 'drop-after' }),
};

/** Telegram's HTML parser, strict enough for tests: returns the visible text or an error description. */
export function parseTelegramHtml(html: string): { text: string } | { error: string } {
  let text = '';
  const open: string[] = [];
  const bytesTo = (i: number) => Buffer.byteLength(html.slice(0, i));
  for (let i = 0; i < html.length; ) {
    const ch = html[i] ?? '';
    if (ch === '<') {
      const tag = /^<(\/?)([a-z-]+)(\s[^<>]*)?>/i.exec(html.slice(i));
      const name = tag?.[2]?.toLowerCase() ?? '';
      if (!tag || !ALLOWED_TAGS.has(name)) return { error: `Bad Request: can't parse entities: Unsupported start tag "${name || html.slice(i + 1, i + 6)}" at byte offset ${bytesTo(i)}` };
      if (tag[1]) {
        if (open.pop() !== name) return { error: `Bad Request: can't parse entities: Unmatched end tag at byte offset ${bytesTo(i)}, expected "</${open.at(-1) ?? ''}>", found "</${name}>"` };
      } else open.push(name);
      i += tag[0].length;
    } else if (ch === '&') {
      const ent = /^&(lt|gt|amp|quot|#\d+|#x[0-9a-f]+);/i.exec(html.slice(i));
      if (!ent?.[1]) return { error: `Bad Request: can't parse entities: Character entity expected at byte offset ${bytesTo(i)}` };
      const name = ent[1];
      text += NAMED_ENTITIES[name.toLowerCase()] ?? String.fromCodePoint(name[1]?.toLowerCase() === 'x' ? parseInt(name.slice(2), 16) : Number(name.slice(1)));
      i += ent[0].length;
    } else if (ch === '>') {
      return { error: `Bad Request: can't parse entities: Unexpected end tag at byte offset ${bytesTo(i)}` };
    } else {
      text += ch;
      i += 1;
    }
  }
  if (open.length) return { error: `Bad Request: can't parse entities: Can't find end tag corresponding to start tag "${open.at(-1)}"` };
  return { text };
}

export interface TelegramFake {
  server: FakeHttpServer;
  url: string;
  token: string;
  chats: FakeChat[];
  messages: FakeTelegramMessage[];
  /** Photo URLs Telegram "cannot fetch" (sendPhoto answers 400 wrong file identifier/HTTP URL). */
  unfetchablePhotos: Set<string>;
  /** Queue faults for the next Bot API requests (any method). */
  fail(...faults: Fault[]): void;
  /** Message requests (sendMessage/sendPhoto) that reached the fake, faulted or not. */
  sendRequests(): RecordedRequest[];
  stop(): Promise<void>;
}

export async function startTelegramFake(opts: { token?: string; chats?: FakeChat[] } = {}): Promise<TelegramFake> {
  const server = new FakeHttpServer();
  const token = opts.token ?? '123456:TEST-token_abc';
  const chats: FakeChat[] = opts.chats ?? [{ id: -1001234567890, type: 'channel', username: 'crier_news' }];
  const messages: FakeTelegramMessage[] = [];
  const unfetchablePhotos = new Set<string>();
  const nextMessageId = new Map<number, number>();

  const findChat = (chatId: unknown): FakeChat | undefined =>
    chats.find((c) => (typeof chatId === 'string' && chatId.startsWith('@') ? `@${c.username}` === chatId : String(c.id) === String(chatId)));

  const send = (req: RecordedRequest, res: ServerResponse, method: 'sendMessage' | 'sendPhoto') => {
    const body = (req.json ?? Object.fromEntries(req.form ?? [])) as Record<string, unknown>;
    const chat = findChat(body['chat_id']);
    if (!chat) return sendJson(res, 400, envelope(400, 'Bad Request: chat not found'));
    if (chat.migratedTo !== undefined) return sendJson(res, 400, envelope(400, 'Bad Request: group chat was upgraded to a supergroup chat', { migrate_to_chat_id: chat.migratedTo }));
    if (chat.botKicked) return sendJson(res, 403, envelope(403, 'Forbidden: bot was kicked from the channel chat'));
    const html = String((method === 'sendPhoto' ? body['caption'] : body['text']) ?? '');
    const parsed = body['parse_mode'] === 'HTML' ? parseTelegramHtml(html) : { text: html };
    if ('error' in parsed) return sendJson(res, 400, envelope(400, parsed.error));
    if (method === 'sendMessage' && parsed.text.trim() === '') return sendJson(res, 400, envelope(400, 'Bad Request: message text is empty'));
    if (method === 'sendMessage' && parsed.text.length > MAX_TEXT) return sendJson(res, 400, envelope(400, 'Bad Request: message is too long'));
    if (method === 'sendPhoto' && parsed.text.length > MAX_CAPTION) return sendJson(res, 400, envelope(400, 'Bad Request: message caption is too long'));
    const photo = method === 'sendPhoto' ? String(body['photo'] ?? '') : undefined;
    if (photo !== undefined && (photo === '' || unfetchablePhotos.has(photo))) return sendJson(res, 400, envelope(400, 'Bad Request: wrong file identifier/HTTP URL specified'));
    const messageId = (nextMessageId.get(chat.id) ?? 0) + 1;
    nextMessageId.set(chat.id, messageId);
    const preview = (body['link_preview_options'] as { url?: string } | undefined)?.url;
    const replyTo = (body['reply_parameters'] as { message_id?: number } | undefined)?.message_id;
    if (replyTo !== undefined && !messages.some((m) => m.chatId === chat.id && m.messageId === replyTo)) return sendJson(res, 400, envelope(400, 'Bad Request: message to be replied not found'));
    const date = Math.floor(Date.now() / 1000);
    messages.push({ chatId: chat.id, messageId, method, html, visibleText: parsed.text, date, ...(photo ? { photo } : {}), ...(preview ? { linkPreviewUrl: preview } : {}), ...(replyTo !== undefined ? { replyTo } : {}) });
    const result = {
      message_id: messageId,
      chat: { id: chat.id, type: chat.type, title: 'Crier test', ...(chat.username ? { username: chat.username } : {}) },
      date,
      ...(replyTo !== undefined ? { reply_to_message: { message_id: replyTo } } : {}),
      ...(photo ? { photo: [{ file_id: `photo-${messageId}`, width: 800, height: 600 }], caption: parsed.text } : { text: parsed.text }),
    };
    sendJson(res, 200, { ok: true, result });
  };

  const target = (req: RecordedRequest, res: ServerResponse, missing: string): FakeTelegramMessage | undefined => {
    const body = (req.json ?? {}) as Record<string, unknown>;
    const chat = findChat(body['chat_id']);
    if (!chat) return void sendJson(res, 400, envelope(400, 'Bad Request: chat not found'));
    const found = messages.find((m) => m.chatId === chat.id && m.messageId === body['message_id']);
    if (!found) sendJson(res, 400, envelope(400, `Bad Request: ${missing}`));
    return found;
  };

  /** editMessageText / editMessageCaption: the edited Message, or "message is not modified" for the same content. */
  const edit = (req: RecordedRequest, res: ServerResponse, method: 'editMessageText' | 'editMessageCaption') => {
    const m = target(req, res, 'message to edit not found');
    if (!m) return;
    const body = (req.json ?? {}) as Record<string, unknown>;
    if ((method === 'editMessageText') !== (m.method === 'sendMessage')) {
      return sendJson(res, 400, envelope(400, method === 'editMessageText' ? 'Bad Request: there is no text in the message to edit' : 'Bad Request: there is no caption in the message to edit'));
    }
    const html = String((method === 'editMessageCaption' ? body['caption'] : body['text']) ?? '');
    const parsed = body['parse_mode'] === 'HTML' ? parseTelegramHtml(html) : { text: html };
    if ('error' in parsed) return sendJson(res, 400, envelope(400, parsed.error));
    if (parsed.text.length > (method === 'editMessageCaption' ? MAX_CAPTION : MAX_TEXT)) return sendJson(res, 400, envelope(400, 'Bad Request: message is too long'));
    if (html === m.html) {
      return sendJson(res, 400, envelope(400, 'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message'));
    }
    m.html = html;
    m.visibleText = parsed.text;
    m.edited = true;
    sendJson(res, 200, { ok: true, result: { message_id: m.messageId, chat: { id: m.chatId }, date: m.date, edit_date: Math.floor(Date.now() / 1000), [method === 'editMessageCaption' ? 'caption' : 'text']: parsed.text } });
  };

  const remove = (req: RecordedRequest, res: ServerResponse) => {
    const m = target(req, res, 'message to delete not found');
    if (!m) return;
    if (Date.now() / 1000 - m.date > 48 * 3600) return sendJson(res, 400, envelope(400, "Bad Request: message can't be deleted for everyone"));
    messages.splice(messages.indexOf(m), 1);
    sendJson(res, 200, { ok: true, result: true });
  };

  server.route('POST', '/bot:token/:method', (req, res) => {
    if (req.params.token !== token) return sendJson(res, 401, envelope(401, 'Unauthorized'));
    switch (req.params.method) {
      case 'getMe':
        return sendJson(res, 200, { ok: true, result: { id: 123456, is_bot: true, first_name: 'Crier', username: 'crier_test_bot' } });
      case 'sendMessage':
      case 'sendPhoto':
        return send(req, res, req.params.method);
      case 'editMessageText':
      case 'editMessageCaption':
        return edit(req, res, req.params.method);
      case 'deleteMessage':
        return remove(req, res);
      default:
        return sendJson(res, 404, envelope(404, 'Not Found: method not found'));
    }
  });

  await server.start();
  return {
    server,
    url: server.url,
    token,
    chats,
    messages,
    unfetchablePhotos,
    fail: (...faults) => void server.fault(TELEGRAM_ROUTE, ...faults),
    sendRequests: () => server.requests.filter((r) => /\/(sendMessage|sendPhoto)$/.test(r.path)),
    stop: () => server.stop(),
  };
}
