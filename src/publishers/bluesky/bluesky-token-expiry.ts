import type { CredentialsExpiry, ExpiryCheckContext } from '../publisher.js';
import type { BlueskyOptions } from './bluesky-options.js';
import { SESSION_STATE_KEY } from './bluesky-session.js';

/**
 * Bluesky app passwords do not expire; the session made from one does (#16): the PDS issues a
 * refresh JWT for 90 days (atproto `packages/pds/src/account-manager/helpers/auth.ts`). Its `exp`
 * is read locally from the cached session, without verifying the signature (we only want the
 * date) and without a call. When it lapses the publisher logs in again with the app password,
 * so the expiry is shown but never halts the channel.
 */
const MAX_JWT_CHARS = 8_192;
const MAX_EPOCH_S = 32_503_680_000;

/** The `exp` claim of a JWT in ms, or undefined for anything that is not one. */
export function jwtExpiryMs(jwt: string): number | undefined {
  if (jwt.length > MAX_JWT_CHARS) return undefined;
  const payload = jwt.split('.')[1];
  if (!payload || !/^[A-Za-z0-9_-]+$/.test(payload)) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof claims.exp === 'number' && claims.exp > 0 && claims.exp < MAX_EPOCH_S ? claims.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

export async function blueskyCredentialsExpiry(ctx: ExpiryCheckContext<BlueskyOptions>): Promise<CredentialsExpiry> {
  const raw = await ctx.channelState?.get(SESSION_STATE_KEY);
  let refreshJwt: unknown;
  try {
    refreshJwt = raw ? (JSON.parse(raw) as { refreshJwt?: unknown }).refreshJwt : undefined;
  } catch {
    refreshJwt = undefined;
  }
  const expiresAtMs = typeof refreshJwt === 'string' ? jwtExpiryMs(refreshJwt) : undefined;
  if (expiresAtMs === undefined) return { what: 'session (none yet: made from the app password at the first post)', selfRenewing: true };
  return { what: 'session refresh token', expiresAtMs, selfRenewing: true };
}
