/**
 * A fake Slack incoming webhook (network-apis.md §9): `POST /services/:team/:bot/:secret` with
 * a JSON `{ text, blocks }` body, answering 200 with the plain-text body `ok`, and Slack's
 * plain-text error codes (400 invalid_payload / no_text / invalid_blocks, 403, 404 no_service,
 * 410 channel_is_archived, 429 with Retry-After). It renders mrkdwn the way a reader sees it,
 * so an escaping bug in Crier shows up in `visibleText`.
 */
import type { ServerResponse } from 'node:http';
import { FakeHttpServer, type Fault } from '../helpers/fake-http.js';

export const SLACK_ROUTE = 'POST /services/:team/:bot/:secret';
const MAX_SECTION_TEXT = 3000;
const MAX_TEXT = 40_000;

export interface FakeSlackHook {
  path: string;
  archived?: boolean;
  revoked?: boolean;
}

export interface FakeSlackMessage {
  text: string;
  blocks: Array<{ type: string; text?: { type: string; text: string } }>;
  /** Each section's mrkdwn as a reader sees it (links shown by their label, entities decoded). */
  visibleBlocks: string[];
}

const plain = (status: number, body: string, headers: Record<string, string> = {}): Fault => ({
  kind: 'status',
  status,
  body,
  headers: { 'content-type': 'text/plain', ...headers },
});

/** Slack's answers, as FakeHttpServer faults for the next webhook posts. */
export const slackFaults = {
  pass: (): Fault => ({ kind: 'delay', ms: 0 }),
  rateLimited: (retryAfterSeconds: number): Fault => plain(429, 'rate_limited', { 'retry-after': String(retryAfterSeconds) }),
  serverError: (status = 500): Fault => plain(status, 'internal_error'),
  invalidToken: (): Fault => plain(403, 'invalid_token'),
  unauthorized: (): Fault => plain(401, 'invalid_auth'),
  invalidPayload: (): Fault => plain(400, 'invalid_payload'),
  noService: (): Fault => plain(404, 'no_service'),
  archived: (): Fault => plain(410, 'channel_is_archived'),
  dropBefore: (): Fault => ({ kind: 'drop-before' }),
  dropAfter: (): Fault => ({ kind: 'drop-after' }),
};

/** mrkdwn → what a reader sees: `<url|label>` shows the label, `<url>` the URL, entities decoded. */
export function renderMrkdwn(mrkdwn: string): string {
  return mrkdwn
    .replace(/<([^<>|]*)(?:\|([^<>]*))?>/g, (_m, target: string, label?: string) => label ?? target)
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Link targets in mrkdwn, decoded as Slack decodes them. */
export function mrkdwnLinks(mrkdwn: string): string[] {
  return [...mrkdwn.matchAll(/<([^<>|]*)(?:\|[^<>]*)?>/g)].map((m) => (m[1] ?? '').replace(/&amp;/g, '&'));
}

export interface SlackFake {
  server: FakeHttpServer;
  url: string;
  hooks: FakeSlackHook[];
  messages: FakeSlackMessage[];
  fail(...faults: Fault[]): void;
  stop(): Promise<void>;
}

export async function startSlackFake(opts: { hooks?: FakeSlackHook[] } = {}): Promise<SlackFake> {
  const server = new FakeHttpServer();
  const hooks: FakeSlackHook[] = opts.hooks ?? [{ path: '/services/T000/B000/XXXX' }];
  const messages: FakeSlackMessage[] = [];
  const answer = (res: ServerResponse, status: number, body: string) => {
    res.writeHead(status, { 'content-type': 'text/html' });
    res.end(body);
  };

  server.route('POST', '/services/:team/:bot/:secret', (req, res) => {
    const hook = hooks.find((h) => h.path === req.path);
    if (!hook) return answer(res, 404, 'no_service');
    if (hook.revoked) return answer(res, 403, 'invalid_token');
    if (hook.archived) return answer(res, 410, 'channel_is_archived');
    const body = req.json as { text?: string; blocks?: FakeSlackMessage['blocks'] } | undefined;
    if (!body || typeof body !== 'object') return answer(res, 400, 'invalid_payload');
    const blocks = body.blocks ?? [];
    if (!body.text && blocks.length === 0) return answer(res, 400, 'no_text');
    if ((body.text ?? '').length > MAX_TEXT) return answer(res, 400, 'msg_too_long');
    const sections = blocks.filter((b) => b.type === 'section');
    if (sections.some((b) => !b.text?.text || b.text.text.length > MAX_SECTION_TEXT)) return answer(res, 400, 'invalid_blocks');
    messages.push({ text: body.text ?? '', blocks, visibleBlocks: sections.map((b) => renderMrkdwn(b.text?.text ?? '')) });
    answer(res, 200, 'ok');
  });

  await server.start();
  return {
    server,
    url: server.url,
    hooks,
    messages,
    fail: (...faults) => void server.fault(SLACK_ROUTE, ...faults),
    stop: () => server.stop(),
  };
}
