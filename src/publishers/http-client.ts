import { readCappedBody } from '../shared/http/capped-body.js';
import { RetryableError, UnknownOutcomeError } from './errors.js';

export interface HttpResponse {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed body when it is JSON; undefined otherwise. */
  json: unknown;
}

export interface HttpRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array | FormData | URLSearchParams;
  signal?: AbortSignal;
  timeoutMs?: number;
}

/**
 * Bodies we keep are capped while they stream (decoded bytes counted, fetch decompresses): an
 * error page or a compression bomb never costs more than this, and the rest is never read.
 */
export const MAX_RESPONSE_BYTES = 2 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 30_000;

/** Errors that prove the request never left this machine. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT', 'ERR_INVALID_URL', 'ERR_TLS_CERT_ALTNAME_INVALID', 'DEPTH_ZERO_SELF_SIGNED_CERT']);

function errorCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let i = 0; i < 4 && e; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * fetch with a real timeout and the failure classification every publisher needs:
 * a request that provably never left (refused, DNS) is retryable; one that may have reached
 * the network (reset, timeout after connecting) is an unknown outcome unless the caller says
 * the request is idempotent (GET, or a POST with an idempotency key).
 */
export async function sendHttp(network: string, url: string, req: HttpRequest & { idempotent?: boolean } = {}): Promise<HttpResponse> {
  const method = req.method ?? 'GET';
  const idempotent = req.idempotent ?? (method === 'GET' || method === 'HEAD');
  const timeout = AbortSignal.timeout(req.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
  let res: Response;
  try {
    res = await fetch(url, { method, ...(req.headers ? { headers: req.headers } : {}), ...(req.body !== undefined ? { body: req.body } : {}), signal, redirect: 'follow' });
  } catch (err) {
    throw classifyTransportError(network, method, url, err, idempotent);
  }
  let text: string;
  try {
    const body = res.body ? await readCappedBody(res.body, { maxBytes: MAX_RESPONSE_BYTES, overflow: 'truncate' }) : undefined;
    text = body?.ok ? new TextDecoder().decode(body.bytes) : '';
  } catch (err) {
    // The server answered (so it got the request) but the body was cut off.
    const cause = { name: (err as Error)?.name, code: errorCode(err) };
    if (res.ok && !idempotent) throw new UnknownOutcomeError(`${network}: response body lost after ${res.status}`, { network, status: res.status, cause });
    throw new RetryableError(`${network}: response body lost (${res.status})`, { network, status: res.status, cause });
  }
  let json: unknown;
  if (text && /json/i.test(res.headers.get('content-type') ?? '')) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  } else if (text.startsWith('{') || text.startsWith('[')) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  return { status: res.status, headers: res.headers, text, json };
}

export function classifyTransportError(network: string, method: string, url: string, err: unknown, idempotent: boolean): RetryableError | UnknownOutcomeError {
  const code = errorCode(err);
  const host = safeHost(url);
  const name = (err as Error)?.name;
  // undici copies the full URL (bot tokens, webhook secrets) into its error causes: keep only the code.
  const cause = { name, code };
  if (code && NOT_SENT_CODES.has(code)) {
    return new RetryableError(`${network}: cannot reach ${host} (${code})`, { network, cause });
  }
  const what = name === 'TimeoutError' || name === 'AbortError' ? 'timed out' : `connection failed (${code ?? 'unknown error'})`;
  if (idempotent) return new RetryableError(`${network}: ${method} ${host} ${what}`, { network, cause });
  return new UnknownOutcomeError(`${network}: ${method} ${host} ${what} after the request was sent; it may have been posted`, { network, cause });
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '(invalid url)';
  }
}
