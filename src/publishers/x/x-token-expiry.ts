import type { CredentialsExpiry, ExpiryCheckContext } from '../publisher.js';
import type { XOptions } from './x-options.js';

/**
 * X (#16): OAuth 1.0a user tokens do not expire until revoked. An OAuth 2.0 user token lasts
 * 2 hours and only a refresh (single-use refresh token, ~6 months) renews it; X has no
 * introspection endpoint, and `GET /2/users/me` is billed, so nothing is asked: Crier does not
 * run the refresh flow today, and the expiry of a pasted OAuth 2.0 token is reported as unknown.
 */
export function xCredentialsExpiry(ctx: ExpiryCheckContext<XOptions>): Promise<CredentialsExpiry> {
  if (ctx.secrets.ACCESS_SECRET) return Promise.resolve({ what: 'OAuth 1.0a user token (does not expire; revocable)' });
  return Promise.resolve({ what: 'OAuth 2.0 user token (expiry unknown: X has no introspection endpoint, and Crier does not refresh it)' });
}
