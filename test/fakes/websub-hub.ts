/**
 * A spec-following WebSub hub (W3C WebSub §5–§7) for tests and the latency benchmark.
 * - `POST /` with `hub.mode=subscribe|unsubscribe`, `hub.callback`, `hub.topic`,
 *   `hub.lease_seconds`, `hub.secret` (< 200 bytes): answers 202, then verifies intent with a GET
 *   to the callback (`hub.challenge` must come back in a 2xx body) or, when `deny` says so, sends
 *   `hub.mode=denied` with the reason.
 * - `publish(topic, body)`: delivers to every verified, unexpired subscriber of the topic with
 *   `Link: <hub>; rel="hub", <topic>; rel="self"` and `X-Hub-Signature` (sha1 or sha256).
 * - A re-subscription (renewal) is verified again and extends the lease.
 * Every step is in `requests`; `waitFor` resolves on the entry a test waits for (an event, never a sleep).
 */
import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type HubLogKind = 'subscribe' | 'unsubscribe' | 'refused' | 'verified' | 'verify-failed' | 'denied' | 'delivered';

export interface HubLogEntry {
  kind: HubLogKind;
  atMs: number;
  topic: string;
  callback: string;
  /** verified: the lease granted, and when it ends. */
  leaseSeconds?: number;
  expiresAtMs?: number;
  /** delivered: the subscriber's answer; refused: why. */
  status?: number;
  detail?: string;
}

export interface HubSubscription {
  callback: string;
  topic: string;
  secret?: string;
  leaseSeconds: number;
  expiresAtMs: number;
}

export interface WebSubHubOptions {
  /** Lease granted whatever the subscriber asks (a short one tests renewal). Default: as asked, else 10 days. */
  leaseSeconds?: number;
  signature?: 'sha1' | 'sha256';
  /** A reason to deny a subscription to this topic with (`hub.mode=denied`), or undefined to verify it. */
  deny?: (topic: string) => string | undefined;
  /** Answer subscription requests with this HTTP status instead of 202 (a failing hub). */
  failWith?: number;
}

/** Deliberate mistakes, for forged-delivery tests: another secret, no signature, another topic in the Link header. */
export interface ForgeOptions {
  secret?: string;
  noSignature?: boolean;
  selfLink?: string;
  contentType?: string;
}

export interface WebSubHub {
  readonly url: string;
  readonly requests: HubLogEntry[];
  options: WebSubHubOptions;
  start(): Promise<WebSubHub>;
  /** Delivers `body` to the topic's subscribers; resolves with each subscriber's HTTP status. */
  publish(topic: string, body: string, forge?: ForgeOptions): Promise<{ callback: string; status: number }[]>;
  subscriptions(topic?: string): HubSubscription[];
  /** The first log entry (from index `from`) matching `match`, now or when it happens. */
  waitFor(match: (entry: HubLogEntry) => boolean, opts?: { from?: number; timeoutMs?: number }): Promise<HubLogEntry>;
  stop(): Promise<void>;
}

const MAX_FORM_BYTES = 64 * 1024;

function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_FORM_BYTES) req.destroy(new Error('form too large'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
  });
}

export function createWebSubHub(options: WebSubHubOptions = {}): WebSubHub {
  let server: Server | undefined;
  const subs = new Map<string, HubSubscription>(); // by callback + topic
  const requests: HubLogEntry[] = [];
  const listeners = new Set<() => void>();
  const log = (entry: Omit<HubLogEntry, 'atMs'>) => {
    requests.push({ ...entry, atMs: Date.now() });
    for (const l of [...listeners]) l();
  };
  const hub: WebSubHub = {
    get url() {
      return `http://127.0.0.1:${(server?.address() as AddressInfo).port}/`;
    },
    requests,
    options,
    async start() {
      server = createServer((req, res) => void handle(req).then(([status, text]) => res.writeHead(status, { 'content-type': 'text/plain' }).end(text)));
      await new Promise<void>((r) => server?.listen(0, '127.0.0.1', r));
      return hub;
    },
    async publish(topic, body, forge = {}) {
      const out: { callback: string; status: number }[] = [];
      for (const sub of hub.subscriptions(topic)) {
        const secret = forge.secret ?? sub.secret;
        const alg = hub.options.signature ?? 'sha256';
        const headers: Record<string, string> = {
          'content-type': forge.contentType ?? 'application/rss+xml; charset=utf-8',
          link: `<${hub.url}>; rel="hub", <${forge.selfLink ?? topic}>; rel="self"`,
        };
        if (secret && !forge.noSignature) headers['x-hub-signature'] = `${alg}=${createHmac(alg, secret).update(body).digest('hex')}`;
        const res = await fetch(sub.callback, { method: 'POST', headers, body });
        await res.arrayBuffer();
        out.push({ callback: sub.callback, status: res.status });
        log({ kind: 'delivered', topic, callback: sub.callback, status: res.status });
      }
      return out;
    },
    subscriptions(topic) {
      const now = Date.now();
      return [...subs.values()].filter((s) => s.expiresAtMs > now && (topic === undefined || s.topic === topic));
    },
    waitFor(match, opts = {}) {
      const timeoutMs = opts.timeoutMs ?? 15_000;
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = requests.slice(opts.from ?? 0).find(match);
          if (!found) return;
          listeners.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`hub: no matching request within ${timeoutMs} ms; log: ${JSON.stringify(requests.map((r) => r.kind))}`));
        }, timeoutMs);
        listeners.add(check);
        check();
      });
    },
    async stop() {
      server?.closeAllConnections();
      await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    },
  };

  async function handle(req: IncomingMessage): Promise<[number, string]> {
    if (req.method !== 'POST') return [405, 'POST a subscription request'];
    const form = await readForm(req);
    const mode = form.get('hub.mode') ?? '';
    const callback = form.get('hub.callback') ?? '';
    const topic = form.get('hub.topic') ?? '';
    const secret = form.get('hub.secret') ?? undefined;
    const refuse = (detail: string): [number, string] => {
      log({ kind: 'refused', topic, callback, detail });
      return [400, detail];
    };
    if (mode !== 'subscribe' && mode !== 'unsubscribe') return refuse('hub.mode must be subscribe or unsubscribe');
    if (!URL.canParse(callback) || !URL.canParse(topic)) return refuse('hub.callback and hub.topic must be URLs');
    if (secret !== undefined && Buffer.byteLength(secret) >= 200) return refuse('hub.secret must be under 200 bytes');
    log({ kind: mode, topic, callback });
    if (hub.options.failWith) return [hub.options.failWith, 'hub unavailable'];
    const asked = Number(form.get('hub.lease_seconds'));
    const leaseSeconds = hub.options.leaseSeconds ?? (Number.isInteger(asked) && asked > 0 ? asked : 864_000);
    // Verification is asynchronous (§5.3): after the 202.
    setImmediate(() => void verify(mode, callback, topic, secret, leaseSeconds));
    return [202, ''];
  }

  async function verify(mode: 'subscribe' | 'unsubscribe', callback: string, topic: string, secret: string | undefined, leaseSeconds: number): Promise<void> {
    const url = new URL(callback);
    const reason = mode === 'subscribe' ? hub.options.deny?.(topic) : undefined;
    if (reason !== undefined) {
      url.searchParams.set('hub.mode', 'denied');
      url.searchParams.set('hub.topic', topic);
      url.searchParams.set('hub.reason', reason);
      await fetch(url).then((r) => r.arrayBuffer()).catch(() => undefined);
      log({ kind: 'denied', topic, callback, detail: reason });
      return;
    }
    const challenge = randomBytes(16).toString('hex');
    url.searchParams.set('hub.mode', mode);
    url.searchParams.set('hub.topic', topic);
    url.searchParams.set('hub.challenge', challenge);
    if (mode === 'subscribe') url.searchParams.set('hub.lease_seconds', String(leaseSeconds));
    const answer = await fetch(url).then(async (r) => ({ status: r.status, text: await r.text() })).catch((err: Error) => ({ status: 0, text: err.message }));
    if (answer.status < 200 || answer.status > 299 || answer.text !== challenge) {
      log({ kind: 'verify-failed', topic, callback, status: answer.status, detail: answer.text.slice(0, 200) });
      return;
    }
    const key = `${callback} ${topic}`;
    if (mode === 'unsubscribe') subs.delete(key);
    else subs.set(key, { callback, topic, ...(secret ? { secret } : {}), leaseSeconds, expiresAtMs: Date.now() + leaseSeconds * 1000 });
    log({ kind: 'verified', topic, callback, ...(mode === 'subscribe' ? { leaseSeconds, expiresAtMs: Date.now() + leaseSeconds * 1000 } : { detail: 'unsubscribed' }) });
  }

  return hub;
}

/** Starts a hub: `const hub = await startWebSubHub({ signature: 'sha1' })`. */
export function startWebSubHub(options: WebSubHubOptions = {}): Promise<WebSubHub> {
  return createWebSubHub(options).start();
}
