import { secretScrubber } from '../../shared/scrub-secrets.js';
import type { CredentialsExpiry, ExpiryCheckContext } from '../publisher.js';
import { createGraphClient, type GraphNetworkOptions } from './graph-client.js';

/**
 * Meta's token debugger (#16): `GET /debug_token?input_token=<token>` →
 * `{data:{app_id, type, is_valid, expires_at, data_access_expires_at, issued_at?, scopes, user_id, error?}}`,
 * times in Unix seconds, 0 = never (developers.facebook.com/docs/graph-api/reference/debug_token;
 * Threads serves the same on graph.threads.net). The caller's token goes in the Authorization
 * header as everywhere else (Graph accepts it there for any call), so it debugs itself. It reads
 * nothing of the Page and spends no publishing quota.
 */
interface DebugTokenData {
  is_valid?: unknown;
  expires_at?: unknown;
  data_access_expires_at?: unknown;
  type?: unknown;
  error?: { message?: unknown };
}

const MAX_REASON_CHARS = 200;
/** Year 3000 in seconds: anything beyond is not a time Meta meant. */
const MAX_EPOCH_S = 32_503_680_000;

function epochMs(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d{1,12}$/.test(v) ? Number(v) : NaN;
  return Number.isFinite(n) && n > 0 && n < MAX_EPOCH_S ? n * 1000 : undefined;
}

/** The earlier of the token's own expiry and its data-access expiry; both 0: never. */
export function graphExpiryFrom(data: DebugTokenData, tokenLabel: string, scrub: (s: string) => string): CredentialsExpiry {
  const token = epochMs(data.expires_at);
  const dataAccess = epochMs(data.data_access_expires_at);
  const first = token !== undefined && (dataAccess === undefined || token <= dataAccess) ? { at: token, what: tokenLabel } : dataAccess !== undefined ? { at: dataAccess, what: `${tokenLabel} data access` } : undefined;
  const reason = typeof data.error?.message === 'string' ? scrub(data.error.message).slice(0, MAX_REASON_CHARS) : 'the token is not valid';
  return {
    what: first?.what ?? tokenLabel,
    ...(first ? { expiresAtMs: first.at } : {}),
    ...(data.is_valid === false ? { invalid: `Meta says ${reason}` } : {}),
  };
}

export async function graphTokenExpiry(network: string, o: GraphNetworkOptions, token: string, tokenLabel: string, ctx: ExpiryCheckContext<unknown>): Promise<CredentialsExpiry> {
  const client = createGraphClient({ network, baseUrl: `${o.apiBaseUrl}/${o.graphVersion}`, token, policyBlockMs: o.policyBlockMinutes * 60_000, ...(o.requestTimeoutMs ? { timeoutMs: o.requestTimeoutMs } : {}) });
  const body = await client.get('debug_token', { input_token: token }, { signal: ctx.signal, log: ctx.log });
  const data = body.data && typeof body.data === 'object' ? (body.data as DebugTokenData) : {};
  return graphExpiryFrom(data, tokenLabel, secretScrubber([token]));
}
