import { AuthError } from '../errors.js';
import { graphTokenExpiry } from '../graph/graph-token-expiry.js';
import type { CredentialsExpiry, ExpiryCheckContext } from '../publisher.js';
import type { InstagramOptions } from './instagram-options.js';

/**
 * Instagram publishing through Facebook Login uses a Page or user token that Meta's `debug_token`
 * describes (#16): long-lived user tokens last about 60 days. See graph-token-expiry.ts.
 */
export function instagramCredentialsExpiry(ctx: ExpiryCheckContext<InstagramOptions>): Promise<CredentialsExpiry> {
  const token = ctx.secrets.ACCESS_TOKEN;
  if (!token) throw new AuthError('instagram: no access token (the ACCESS_TOKEN secret is empty)', { network: 'instagram' });
  return graphTokenExpiry('instagram', ctx.options, token, 'access token', ctx);
}
