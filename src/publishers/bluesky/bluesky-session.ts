import type { Logger } from 'pino';
import { sendHttp, type HttpResponse } from '../http-client.js';
import type { StateStore } from '../publisher.js';
import { classify, isSessionExpired } from './bluesky-classify.js';

/**
 * createSession is limited to 30 per 5 minutes and 300 (observed: 100) per day per account, so
 * a session is created once, cached in the channel's Redis state (shared by every worker),
 * refreshed with refreshSession when the access token expires, and re-created only when the
 * refresh token itself is dead. The JWTs live in Redis because that is where a session cache
 * must live; they are never logged nor put in an error.
 */
export interface BlueskySession {
  did: string;
  handle: string;
  accessJwt: string;
  refreshJwt: string;
  /** The login it belongs to: a changed BLUESKY_IDENTIFIER must not reuse another account's session. */
  identifier: string;
}

export const SESSION_STATE_KEY = 'bluesky.session';
/** Refresh tokens of app-password sessions last about two months; an unused cache may go. */
const SESSION_TTL_SECONDS = 60 * 86_400;

export interface SessionOptions {
  apiBaseUrl: string;
  identifier: string;
  password: string;
  log: Logger;
}

function parseSession(raw: unknown, identifier: string): BlueskySession | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const r = raw as Record<string, unknown>;
  const { did, handle, accessJwt, refreshJwt } = r;
  if (typeof did !== 'string' || typeof accessJwt !== 'string' || typeof refreshJwt !== 'string') return undefined;
  return { did, handle: typeof handle === 'string' ? handle : did, accessJwt, refreshJwt, identifier };
}

export function createSessionManager(opts: SessionOptions) {
  const xrpc = (method: string) => `${opts.apiBaseUrl}/xrpc/${method}`;

  async function cached(store: StateStore): Promise<BlueskySession | undefined> {
    const raw = await store.get(SESSION_STATE_KEY);
    if (!raw) return undefined;
    try {
      const s = JSON.parse(raw) as BlueskySession;
      return s.identifier === opts.identifier ? parseSession(s, opts.identifier) : undefined;
    } catch {
      return undefined;
    }
  }

  async function save(store: StateStore, session: BlueskySession): Promise<BlueskySession> {
    await store.set(SESSION_STATE_KEY, JSON.stringify(session), SESSION_TTL_SECONDS);
    return session;
  }

  async function login(store: StateStore, signal: AbortSignal): Promise<BlueskySession> {
    const res = await sendHttp('bluesky', xrpc('com.atproto.server.createSession'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ identifier: opts.identifier, password: opts.password }),
      signal,
      // Logging in twice is harmless; only the daily login budget counts it.
      idempotent: true,
    });
    const session = res.status === 200 ? parseSession(res.json, opts.identifier) : undefined;
    if (!session) throw classify(res.status === 200 ? 502 : res.status, res.headers, res.json, Date.now());
    opts.log.info({ handle: session.handle }, 'bluesky: created a new session');
    return save(store, session);
  }

  /** A fresh access token from the refresh token, or undefined when the refresh token is dead too. */
  async function refresh(store: StateStore, session: BlueskySession, signal: AbortSignal): Promise<BlueskySession | undefined> {
    const res = await sendHttp('bluesky', xrpc('com.atproto.server.refreshSession'), {
      method: 'POST',
      headers: { authorization: `Bearer ${session.refreshJwt}` },
      signal,
      idempotent: true,
    });
    if (res.status === 200) {
      const next = parseSession(res.json, opts.identifier);
      if (next) return save(store, next);
    }
    if (isSessionExpired(res.status, res.json) || res.status === 400) return undefined;
    throw classify(res.status, res.headers, res.json, Date.now());
  }

  return {
    /** The cached session, or a new one (one createSession call). */
    async current(store: StateStore, signal: AbortSignal): Promise<BlueskySession> {
      return (await cached(store)) ?? login(store, signal);
    },

    /**
     * Runs an authenticated request; on an expired token refreshes (or, failing that, logs in
     * again) and runs it once more. The answer is returned as is for the caller to classify.
     */
    async call(store: StateStore, signal: AbortSignal, request: (s: BlueskySession) => Promise<HttpResponse>): Promise<{ res: HttpResponse; session: BlueskySession }> {
      let session = await cached(store);
      const fresh = session === undefined;
      session ??= await login(store, signal);
      const res = await request(session);
      if (!isSessionExpired(res.status, res.json) || fresh) return { res, session };
      // Another worker may have refreshed already: refresh tokens rotate, so reusing a stale one would fail.
      const latest = await cached(store);
      let next = latest && latest.accessJwt !== session.accessJwt ? latest : await refresh(store, session, signal);
      if (!next) {
        opts.log.warn('bluesky: session refresh failed; logging in again');
        next = await login(store, signal);
      }
      return { res: await request(next), session: next };
    },
  };
}

export type SessionManager = ReturnType<typeof createSessionManager>;
