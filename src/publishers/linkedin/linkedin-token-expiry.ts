import { secretScrubber } from '../../shared/scrub-secrets.js';
import { AuthError, RetryableError } from '../errors.js';
import { sendHttp } from '../http-client.js';
import type { CredentialsExpiry, ExpiryCheckContext } from '../publisher.js';
import { LINKEDIN_DEFAULT_API_BASE_URL, type LinkedinOptions } from './linkedin-options.js';

/**
 * LinkedIn token introspection (#16): `POST https://www.linkedin.com/oauth/v2/introspectToken`,
 * form `client_id`, `client_secret`, `token` → `{active, status: active|expired|revoked,
 * expires_at (Unix seconds), scope, auth_type, …}` (learn.microsoft.com/linkedin/shared/
 * authentication/token-introspection). It needs the app's client id and secret
 * (`LINKEDIN_CLIENT_ID`, `LINKEDIN_CLIENT_SECRET`); without them the expiry is unknown. Access
 * tokens last 60 days. The OAuth host differs from the API's; a channel whose `apiBaseUrl` is
 * not the default (a proxy, a test) is asked there too.
 */
const OAUTH_BASE_URL = 'https://www.linkedin.com';
const TIMEOUT_MS = 20_000;
const MAX_EPOCH_S = 32_503_680_000;

export async function linkedinCredentialsExpiry(ctx: ExpiryCheckContext<LinkedinOptions>): Promise<CredentialsExpiry> {
  const { ACCESS_TOKEN: token, CLIENT_ID: clientId, CLIENT_SECRET: clientSecret } = ctx.secrets;
  if (!token) throw new AuthError('linkedin: no access token (the ACCESS_TOKEN secret is empty)', { network: 'linkedin' });
  if (!clientId || !clientSecret) return { what: 'access token (expiry unknown: set LINKEDIN_CLIENT_ID and LINKEDIN_CLIENT_SECRET to ask LinkedIn)' };
  const base = ctx.options.apiBaseUrl === LINKEDIN_DEFAULT_API_BASE_URL ? OAUTH_BASE_URL : ctx.options.apiBaseUrl;
  const res = await sendHttp('linkedin', `${base}/oauth/v2/introspectToken`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({ client_id: clientId, client_secret: clientSecret, token }),
    signal: ctx.signal,
    timeoutMs: TIMEOUT_MS,
    // Asking changes nothing: a lost answer is a plain retry.
    idempotent: true,
  });
  const scrub = secretScrubber([token, clientSecret]);
  const body = res.json && typeof res.json === 'object' ? (res.json as Record<string, unknown>) : undefined;
  if (res.status === 401 || res.status === 403) throw new AuthError(`linkedin: token introspection refused (${res.status}): check LINKEDIN_CLIENT_ID / LINKEDIN_CLIENT_SECRET`, { network: 'linkedin', status: res.status, detail: scrub(res.text) });
  if (res.status < 200 || res.status >= 300 || !body) throw new RetryableError(`linkedin: token introspection answered ${res.status}`, { network: 'linkedin', status: res.status, detail: scrub(res.text) });
  const expiresS = typeof body.expires_at === 'number' && body.expires_at > 0 && body.expires_at < MAX_EPOCH_S ? body.expires_at : undefined;
  const status = typeof body.status === 'string' ? body.status.slice(0, 40) : body.active === false ? 'inactive' : 'active';
  return {
    what: 'access token',
    ...(expiresS !== undefined ? { expiresAtMs: expiresS * 1000 } : {}),
    ...(body.active === false || (status !== 'active' && status !== '') ? { invalid: `LinkedIn says the token is ${scrub(status)}` } : {}),
  };
}
