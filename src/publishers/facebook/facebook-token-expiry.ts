import { AuthError } from '../errors.js';
import { graphTokenExpiry } from '../graph/graph-token-expiry.js';
import type { CredentialsExpiry, ExpiryCheckContext } from '../publisher.js';
import type { FacebookOptions } from './facebook-options.js';

/**
 * A Page token made from a long-lived user token says `expires_at: 0` (never) but may still carry
 * a data-access expiry; one from a short-lived user token dies within hours (#16). Meta's
 * `debug_token` tells both; see graph-token-expiry.ts.
 */
export function facebookCredentialsExpiry(ctx: ExpiryCheckContext<FacebookOptions>): Promise<CredentialsExpiry> {
  const token = ctx.secrets.PAGE_TOKEN;
  if (!token) throw new AuthError('facebook: no Page token (the PAGE_TOKEN secret is empty)', { network: 'facebook' });
  return graphTokenExpiry('facebook', ctx.options, token, 'Page token', ctx);
}
