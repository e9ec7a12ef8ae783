/**
 * A fake Discord webhook (network-apis.md §9): `POST /api/webhooks/:id/:token[?wait=true]` and
 * `GET` of the same, with Discord's JSON errors (`{ message, code, errors? }`), its 429 body
 * (`retry_after` float seconds, `global`) plus `Retry-After` and `X-RateLimit-*` headers, and
 * 404 "Unknown Webhook" once a webhook is deleted. Content and embed limits are enforced.
 */
import type { ServerResponse } from 'node:http';
import { FakeHttpServer, sendJson, type Fault, type RecordedRequest } from '../helpers/fake-http.js';

export const DISCORD_ROUTE = 'POST /api/webhooks/:id/:token';
const MAX_CONTENT = 2000;
const MAX_EMBED_TITLE = 256;
const MAX_EMBED_DESCRIPTION = 4096;

export interface FakeWebhook {
  id: string;
  token: string;
  channelId: string;
  /** Absent: the fake's messages carry no guild_id (as for some webhook executes). */
  guildId?: string;
  deleted?: boolean;
}

export interface FakeDiscordMessage {
  id: string;
  webhookId: string;
  content: string;
  embeds: Array<{ title?: string; description?: string; url?: string; image?: { url?: string } }>;
  allowedMentions: unknown;
  waited: boolean;
  edited?: boolean;
}

const errorBody = (message: string, code: number, errors?: unknown) => ({ message, code, ...(errors ? { errors } : {}) });
const maxLength = (n: number) => ({ _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${n} or fewer in length.` }] });

/** Discord's answers, as FakeHttpServer faults for the next webhook executes. */
export const discordFaults = {
  pass: (): Fault => ({ kind: 'delay', ms: 0 }),
  /** 429 with the float wait in the body and the same wait in the headers (Retry-After rounded up). */
  rateLimited(retryAfterSeconds: number, opts: { global?: boolean } = {}): Fault {
    return {
      kind: 'status',
      status: 429,
      body: { message: 'You are being rate limited.', retry_after: retryAfterSeconds, global: opts.global ?? false },
      get headers(): Record<string, string> {
        return {
          'retry-after': String(Math.ceil(retryAfterSeconds)),
          'x-ratelimit-limit': '5',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': ((Date.now() + retryAfterSeconds * 1000) / 1000).toFixed(3),
          'x-ratelimit-reset-after': retryAfterSeconds.toFixed(3),
          'x-ratelimit-bucket': 'abcd1234',
          'x-ratelimit-scope': opts.global ? 'global' : 'user',
          ...(opts.global ? { 'x-ratelimit-global': 'true' } : {}),
        };
      },
    };
  },
  serverError: (status = 502): Fault => ({ kind: 'status', status, body: errorBody('502: Bad Gateway', 0) }),
  unauthorized: (): Fault => ({ kind: 'status', status: 401, body: errorBody('Invalid Webhook Token', 50027) }),
  badRequest: (): Fault => ({ kind: 'status', status: 400, body: errorBody('Invalid Form Body', 50035, { content: maxLength(MAX_CONTENT) }) }),
  unknownWebhook: (): Fault => ({ kind: 'status', status: 404, body: errorBody('Unknown Webhook', 10015) }),
  dropBefore: (): Fault => ({ kind: 'drop-before' }),
  dropAfter: (): Fault => ({ kind: 'drop-after' }),
};

export interface DiscordFake {
  server: FakeHttpServer;
  url: string;
  webhooks: FakeWebhook[];
  messages: FakeDiscordMessage[];
  fail(...faults: Fault[]): void;
  executeRequests(): RecordedRequest[];
  stop(): Promise<void>;
}

export async function startDiscordFake(opts: { webhooks?: FakeWebhook[] } = {}): Promise<DiscordFake> {
  const server = new FakeHttpServer();
  const webhooks: FakeWebhook[] = opts.webhooks ?? [{ id: '1', token: 'abc', channelId: '222', guildId: '111' }];
  const messages: FakeDiscordMessage[] = [];
  let nextId = 1_300_000_000_000_000_000n;

  const find = (req: RecordedRequest & { params: Record<string, string> }, res: ServerResponse): FakeWebhook | undefined => {
    const hook = webhooks.find((w) => w.id === req.params.id);
    if (!hook || hook.deleted) return void sendJson(res, 404, errorBody('Unknown Webhook', 10015));
    if (hook.token !== req.params.token) return void sendJson(res, 401, errorBody('Invalid Webhook Token', 50027));
    return hook;
  };

  server.route('GET', '/api/webhooks/:id/:token', (req, res) => {
    const hook = find(req, res);
    if (hook) sendJson(res, 200, { id: hook.id, type: 1, name: 'Crier', channel_id: hook.channelId, ...(hook.guildId ? { guild_id: hook.guildId } : {}), token: hook.token });
  });

  server.route('POST', '/api/webhooks/:id/:token', (req, res) => {
    const hook = find(req, res);
    if (!hook) return;
    const body = req.json as { content?: string; embeds?: FakeDiscordMessage['embeds']; allowed_mentions?: unknown } | undefined;
    if (!body) return sendJson(res, 400, errorBody('Cannot send an empty message', 50006));
    const content = body.content ?? '';
    const embeds = body.embeds ?? [];
    if (content === '' && embeds.length === 0) return sendJson(res, 400, errorBody('Cannot send an empty message', 50006));
    if (content.length > MAX_CONTENT) return sendJson(res, 400, errorBody('Invalid Form Body', 50035, { content: maxLength(MAX_CONTENT) }));
    const badEmbed = embeds.findIndex((e) => (e.title?.length ?? 0) > MAX_EMBED_TITLE || (e.description?.length ?? 0) > MAX_EMBED_DESCRIPTION);
    if (badEmbed !== -1) return sendJson(res, 400, errorBody('Invalid Form Body', 50035, { embeds: { [badEmbed]: maxLength(MAX_EMBED_TITLE) } }));
    const waited = req.query.get('wait') === 'true';
    const id = String((nextId += 1n));
    messages.push({ id, webhookId: hook.id, content, embeds, allowedMentions: body.allowed_mentions, waited });
    if (!waited) return void res.writeHead(204).end();
    sendJson(res, 200, {
      id,
      type: 0,
      content,
      embeds,
      channel_id: hook.channelId,
      ...(hook.guildId ? { guild_id: hook.guildId } : {}),
      webhook_id: hook.id,
      author: { id: hook.id, username: 'Crier', bot: true },
      timestamp: new Date().toISOString(),
    });
  });

  const message = (req: RecordedRequest & { params: Record<string, string> }, res: ServerResponse): FakeDiscordMessage | undefined => {
    const hook = find(req, res);
    if (!hook) return undefined;
    const m = messages.find((x) => x.id === req.params.messageId && x.webhookId === hook.id);
    if (!m) sendJson(res, 404, errorBody('Unknown Message', 10008));
    return m;
  };

  // Edit Webhook Message: every field optional; the message object comes back with edited_timestamp.
  server.route('PATCH', '/api/webhooks/:id/:token/messages/:messageId', (req, res) => {
    const m = message(req, res);
    if (!m) return;
    const body = (req.json ?? {}) as { content?: string; embeds?: FakeDiscordMessage['embeds']; allowed_mentions?: unknown };
    if ((body.content ?? '').length > MAX_CONTENT) return sendJson(res, 400, errorBody('Invalid Form Body', 50035, { content: maxLength(MAX_CONTENT) }));
    if (body.content !== undefined) m.content = body.content;
    if (body.embeds !== undefined) m.embeds = body.embeds;
    if (body.allowed_mentions !== undefined) m.allowedMentions = body.allowed_mentions;
    m.edited = true;
    sendJson(res, 200, { id: m.id, type: 0, content: m.content, embeds: m.embeds, webhook_id: m.webhookId, edited_timestamp: new Date().toISOString() });
  });

  server.route('DELETE', '/api/webhooks/:id/:token/messages/:messageId', (req, res) => {
    const m = message(req, res);
    if (!m) return;
    messages.splice(messages.indexOf(m), 1);
    res.writeHead(204).end();
  });

  await server.start();
  return {
    server,
    url: server.url,
    webhooks,
    messages,
    fail: (...faults) => void server.fault(DISCORD_ROUTE, ...faults),
    executeRequests: () => server.requests.filter((r) => r.method === 'POST'),
    stop: () => server.stop(),
  };
}
