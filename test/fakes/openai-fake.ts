/**
 * A fake OpenAI-compatible chat-completions server (`POST /v1/chat/completions`) that answers
 * from a script: each request takes the next scripted step (or the default). Steps cover what a
 * real endpoint does to a summariser: good JSON, JSON that breaks a guardrail, text that is not
 * JSON, 429 with Retry-After, 5xx, and a hang (for the client's timeout).
 */
import type { ServerResponse } from 'node:http';
import { FakeHttpServer, type RecordedRequest } from '../helpers/fake-http.js';

export type OpenAiStep =
  /** 200 with `content` = JSON.stringify(variants). */
  | { kind: 'variants'; variants: Record<string, string> }
  /** 200 with this exact message content (e.g. malformed JSON). */
  | { kind: 'content'; content: string; finishReason?: string }
  /** An error status with the OpenAI error envelope. */
  | { kind: 'status'; status: number; retryAfterSeconds?: number; message?: string }
  /** Never answers within `ms`, or at all without `ms` (the client times out first). */
  | { kind: 'hang'; ms?: number };

export const CHAT_ROUTE = '/v1/chat/completions';
const USAGE = { prompt_tokens: 1_000, completion_tokens: 200, total_tokens: 1_200 };

export class OpenAiFake {
  readonly server = new FakeHttpServer();
  private readonly steps: OpenAiStep[] = [];
  /** Hung requests whose connection the client closed before any answer (its timeout aborted them). */
  readonly abandoned: RecordedRequest[] = [];

  constructor(private readonly fallbackStep: (req: RecordedRequest) => OpenAiStep = () => ({ kind: 'status', status: 500, message: 'no scripted answer' })) {
    this.server.route('POST', CHAT_ROUTE, (req, res) => this.answer(req, res));
  }

  /** Queue the answers of the next requests, in order. */
  script(...steps: OpenAiStep[]): this {
    this.steps.push(...steps);
    return this;
  }

  /** `summariser.baseUrl` for this fake. */
  get baseUrl(): string {
    return `${this.server.url}/v1`;
  }

  get requests(): RecordedRequest[] {
    return this.server.requests.filter((r) => r.path === CHAT_ROUTE);
  }

  async start(): Promise<this> {
    await this.server.start();
    return this;
  }

  stop(): Promise<void> {
    return this.server.stop();
  }

  private async answer(req: RecordedRequest, res: ServerResponse): Promise<void> {
    const body = req.json as { model?: unknown; messages?: unknown } | undefined;
    if (typeof body?.model !== 'string' || !Array.isArray(body.messages)) {
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'model and messages are required', type: 'invalid_request_error' } }));
      return;
    }
    const step = this.steps.shift() ?? this.fallbackStep(req);
    if (step.kind === 'hang') {
      const gone = new Promise<void>((resolve) =>
        res.once('close', () => {
          if (!res.writableEnded) this.abandoned.push(req); // the client closed it before any answer
          resolve();
        }),
      );
      await (step.ms === undefined ? gone : new Promise((r) => setTimeout(r, step.ms)));
      if (!res.destroyed) res.writeHead(500).end();
      return;
    }
    if (step.kind === 'status') {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (step.retryAfterSeconds !== undefined) headers['retry-after'] = String(step.retryAfterSeconds);
      const type = step.status === 429 ? 'rate_limit_exceeded' : 'server_error';
      res.writeHead(step.status, headers).end(JSON.stringify({ error: { message: step.message ?? `scripted ${step.status}`, type, param: null, code: type } }));
      return;
    }
    const content = step.kind === 'variants' ? JSON.stringify(step.variants) : step.content;
    const finishReason = step.kind === 'content' ? (step.finishReason ?? 'stop') : 'stop';
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        id: `chatcmpl-${this.requests.length}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: body.model,
        choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: finishReason }],
        usage: USAGE,
      }),
    );
  }
}
