import { AuthError } from '../errors.js';
import { graphTokenExpiry } from '../graph/graph-token-expiry.js';
import type { CredentialsExpiry, ExpiryCheckContext } from '../publisher.js';
import type { ThreadsOptions } from './threads-options.js';

/**
 * Threads long-lived tokens last 60 days and cannot be refreshed once expired (#16); the Threads
 * host serves `GET /debug_token` with Meta's shape (developers.facebook.com/docs/threads/reference/debug).
 */
export function threadsCredentialsExpiry(ctx: ExpiryCheckContext<ThreadsOptions>): Promise<CredentialsExpiry> {
  const token = ctx.secrets.ACCESS_TOKEN;
  if (!token) throw new AuthError('threads: no access token (the ACCESS_TOKEN secret is empty)', { network: 'threads' });
  return graphTokenExpiry('threads', ctx.options, token, 'access token', ctx);
}
