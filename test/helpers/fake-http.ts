import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the fake server saw it (body already read). */
export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: Buffer;
  /** Parsed when the body is JSON or form-encoded. */
  json?: unknown;
  form?: URLSearchParams;
}

/** What a scripted fault does instead of a normal answer. */
export type Fault =
  | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
  /** Destroy the socket before reading the body: the request never "arrived". */
  | { kind: 'drop-before' }
  /** Read the body, let the handler act (the post is made), then destroy the socket: unknown outcome. */
  | { kind: 'drop-after' }
  /** Wait before answering normally. */
  | { kind: 'delay'; ms: number };

export type Handler = (req: RecordedRequest, res: ServerResponse) => void | Promise<void>;

/**
 * A tiny scriptable HTTP server for fake network APIs. Routes are `METHOD /path` with `:param`
 * segments; faults are queued per route and consumed one per request, so a test can say
 * "the next two tweets fail with 503, then succeed".
 */
export class FakeHttpServer {
  readonly requests: RecordedRequest[] = [];
  private readonly routes: { method: string; path: string; pattern: RegExp; keys: string[]; handler: Handler }[] = [];
  private readonly faults = new Map<string, Fault[]>();
  private server: Server | undefined;
  private inFlight = 0;
  private idleWaiters: (() => void)[] = [];

  route(method: string, path: string, handler: (req: RecordedRequest & { params: Record<string, string> }, res: ServerResponse) => void | Promise<void>): this {
    const keys: string[] = [];
    const pattern = new RegExp(`^${path.replace(/:([a-zA-Z_]+)/g, (_, k: string) => (keys.push(k), '([^/]+)'))}$`);
    this.routes.push({ method, path, pattern, keys, handler: handler as Handler });
    return this;
  }

  /** Queue faults for the next requests matching `METHOD /path` (same string as `route`, or '*'). */
  fault(routeKey: string, ...faults: Fault[]): this {
    this.faults.set(routeKey, [...(this.faults.get(routeKey) ?? []), ...faults]);
    return this;
  }

  get url(): string {
    const addr = this.server?.address() as AddressInfo | null;
    if (!addr) throw new Error('fake server not started');
    return `http://127.0.0.1:${addr.port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.track(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    const s = this.server;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  /**
   * Resolves once no request is being handled: a delayed or dropped answer has done all it will
   * (the post made, the socket closed), so a test waits for that instead of sleeping through the delay.
   */
  settled(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async track(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.inFlight += 1;
    try {
      await this.handle(req, res);
    } finally {
      this.inFlight -= 1;
      if (this.inFlight === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }

  private takeFault(key: string): Fault | undefined {
    for (const k of [key, '*']) {
      const list = this.faults.get(k);
      if (list?.length) return list.shift();
    }
    return undefined;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = req.method ?? 'GET';
    const match = this.routes.find((r) => r.method === method && r.pattern.test(url.pathname));
    const fault = this.takeFault(match ? `${method} ${match.path}` : `${method} ${url.pathname}`);
    if (fault?.kind === 'drop-before') {
      req.socket.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const recorded: RecordedRequest = { method, path: url.pathname, query: url.searchParams, headers: req.headers, body };
    const type = req.headers['content-type'] ?? '';
    if (type.includes('json') && body.length) recorded.json = safeJson(body.toString('utf8'));
    if (type.includes('x-www-form-urlencoded')) recorded.form = new URLSearchParams(body.toString('utf8'));
    this.requests.push(recorded);
    if (fault?.kind === 'delay') await new Promise((r) => setTimeout(r, fault.ms));
    if (fault?.kind === 'status') {
      res.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers });
      res.end(fault.body === undefined ? '' : typeof fault.body === 'string' ? fault.body : JSON.stringify(fault.body));
      return;
    }
    if (!match) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: `no fake route for ${method} ${url.pathname}` }));
      return;
    }
    const m = match.pattern.exec(url.pathname);
    const params = Object.fromEntries(match.keys.map((k, i) => [k, decodeURIComponent(m?.[i + 1] ?? '')]));
    if (fault?.kind === 'drop-after') {
      // Let the handler do its work (the post exists now) but never deliver the answer.
      const sink = { writeHead: () => sink, setHeader: () => sink, end: () => req.socket.destroy(), write: () => true } as unknown as ServerResponse;
      await match.handler({ ...recorded, params } as RecordedRequest, sink);
      req.socket.destroy();
      return;
    }
    await match.handler({ ...recorded, params } as RecordedRequest, res);
  }

}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
