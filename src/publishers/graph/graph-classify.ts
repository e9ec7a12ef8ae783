import { AuthError, PermanentError, type PublishError, RateLimitedError, RetryableError } from '../errors.js';
import { GRAPH_THROTTLE_DEFAULT_WAIT_MS, throttleUntilMs } from './graph-usage.js';

/**
 * One pure classification of Graph API failures (Facebook Pages, Instagram, Threads), by
 * `error.code` / `error_subcode` first and HTTP status only as a fallback: Meta sends most errors
 * as 400 whatever they mean, throttles as 400/403, and some transient errors as 500.
 */

/** The Graph error envelope `{"error":{message,type,code,error_subcode,is_transient,fbtrace_id}}`. */
export class GraphApiFault extends Error {
  constructor(
    message: string,
    readonly code: number | undefined,
    readonly subcode: number | undefined,
    readonly isTransient: boolean,
    readonly fbtraceId: string | undefined,
  ) {
    super(message);
    this.name = 'GraphApiFault';
  }
}

export function parseGraphError(body: unknown): GraphApiFault | undefined {
  const e = (body as { error?: unknown } | undefined)?.error;
  if (!e || typeof e !== 'object') return undefined;
  const o = e as Record<string, unknown>;
  const int = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) ? v : typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : undefined);
  const message = [o.error_user_title, o.error_user_msg, o.message].filter((s) => typeof s === 'string' && s).join(': ') || 'Graph API error';
  return new GraphApiFault(message, int(o.code), int(o.error_subcode), o.is_transient === true, typeof o.fbtrace_id === 'string' ? o.fbtrace_id : undefined);
}

/** The GraphApiFault behind a classified error, for callers that act on a specific code. */
export function graphFaultOf(err: unknown): GraphApiFault | undefined {
  const cause = (err as { cause?: unknown } | undefined)?.cause;
  return cause instanceof GraphApiFault ? cause : undefined;
}

/** 1609005 arrives as the code, or as the subcode of a code-100 error. */
export function isLinkScrapeFailure(err: unknown): boolean {
  const f = graphFaultOf(err);
  return f !== undefined && (f.code === GRAPH_CODES.linkScrapeFailed || f.subcode === GRAPH_CODES.linkScrapeFailed);
}

export const GRAPH_CODES = {
  /** Facebook: the `link` could not be scraped for a preview. */
  linkScrapeFailed: 1_609_005,
  /** "Temporarily blocked for policy violations": Meta says wait; we wait long and alert. */
  policyBlock: 368,
  duplicate: 506,
  tokenInvalid: 190,
} as const;

const RETRY_CODES = new Set([1, 2]);
/** 4 app, 17 user, 32 page, 341 app limit, 613 custom; 80001+ business-use-case throttles. */
const THROTTLE_CODES = new Set([4, 17, 32, 341, 613]);
const isBucThrottle = (code: number): boolean => code >= 80_001 && code <= 80_014;
const AUTH_SUBCODES = new Set([458, 459, 460, 463, 464, 467, 492]);
const isPermissionCode = (code: number): boolean => code === 10 || (code >= 200 && code <= 299);

/** Instagram container subcodes. */
export const IG_SUBCODES = {
  retry: new Set([2_207_001, 2_207_003, 2_207_032]),
  /** The container is unusable: the next attempt must create a new one. */
  newContainer: new Set([2_207_020, 2_207_053]),
  permanent: new Set([2_207_004, 2_207_005, 2_207_009, 2_207_010, 2_207_050]),
  captionTooLong: 2_207_010,
  quota: 2_207_042,
} as const;
const IG_QUOTA_CODE = 9;

export interface ClassifyOptions {
  /** How long to hold a channel blocked for policy violations (code 368). */
  policyBlockMs?: number;
  /** Wait when a publishing quota is used up and the reset time is unknown. */
  quotaWaitMs?: number;
  throttleDefaultWaitMs?: number;
}

export const GRAPH_POLICY_BLOCK_MS = 3 * 60 * 60_000;
export const GRAPH_QUOTA_WAIT_MS = 60 * 60_000;

export function classifyGraph(network: string, status: number, headers: Headers, body: unknown, nowMs: number, opts: ClassifyOptions = {}): PublishError {
  const fault = parseGraphError(body);
  const code = fault?.code;
  const sub = fault?.subcode;
  const detail = fault ? `${fault.message} (code ${code ?? '?'}${sub !== undefined ? `/${sub}` : ''})` : String((body as unknown) ?? '').slice(0, 200) || undefined;
  const init = { network, status, ...(detail ? { detail } : {}), ...(fault ? { cause: fault } : {}) };
  const throttle = (what: string, untilMs: number) => new RateLimitedError(`${network}: ${what}`, { ...init, untilMs, scope: 'channel' });

  if (sub !== undefined && IG_SUBCODES.retry.has(sub)) return new RetryableError(`${network}: media processing failed; retrying`, init);
  if (sub !== undefined && IG_SUBCODES.newContainer.has(sub)) return new RetryableError(`${network}: media container unusable; retrying with a new one`, init);
  if (sub !== undefined && IG_SUBCODES.permanent.has(sub)) {
    return new PermanentError(`${network}: media or caption rejected`, { ...init, reason: sub === IG_SUBCODES.captionTooLong ? 'too-long' : 'rejected' });
  }
  if (sub === IG_SUBCODES.quota || code === IG_QUOTA_CODE) {
    return throttle('publishing quota used up', nowMs + (opts.quotaWaitMs ?? GRAPH_QUOTA_WAIT_MS));
  }
  if (code === GRAPH_CODES.tokenInvalid || (sub !== undefined && AUTH_SUBCODES.has(sub))) {
    // The post is fine; the token is not. Keep it queued until someone renews the token.
    return new AuthError(`${network}: access token invalid or expired; renew it, then crier resume`, { ...init, keepPost: true });
  }
  if (code === GRAPH_CODES.policyBlock) {
    return throttle('temporarily blocked for policy violations', nowMs + (opts.policyBlockMs ?? GRAPH_POLICY_BLOCK_MS));
  }
  if (code !== undefined && (THROTTLE_CODES.has(code) || isBucThrottle(code))) {
    return throttle('Graph API throttled', throttleUntilMs(headers, nowMs, opts.throttleDefaultWaitMs ?? GRAPH_THROTTLE_DEFAULT_WAIT_MS));
  }
  if (code === GRAPH_CODES.duplicate) return new PermanentError(`${network}: duplicate post`, { ...init, reason: 'duplicate' });
  if (code === GRAPH_CODES.linkScrapeFailed || sub === GRAPH_CODES.linkScrapeFailed) {
    return new RetryableError(`${network}: the link could not be scraped for a preview`, init);
  }
  if (code !== undefined && isPermissionCode(code)) return new PermanentError(`${network}: permission missing`, init);
  if (code !== undefined && RETRY_CODES.has(code)) return new RetryableError(`${network}: temporary Graph API error`, init);
  if (fault?.isTransient) return new RetryableError(`${network}: transient Graph API error`, init);

  // No code we know: fall back to the HTTP status.
  if (status >= 500) return new RetryableError(`${network}: server error ${status}`, init);
  if (status === 429) return throttle('HTTP 429', throttleUntilMs(headers, nowMs, opts.throttleDefaultWaitMs ?? GRAPH_THROTTLE_DEFAULT_WAIT_MS));
  if (status === 401) return new AuthError(`${network}: unauthorised (401)`, { ...init, keepPost: true });
  return new PermanentError(`${network}: request rejected (${status})`, init);
}
