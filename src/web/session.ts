import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type {} from '@fastify/cookie';
import { passwordFingerprint, type SessionStore } from './session-store.js';
import type { Role, UserEntry } from './users.js';

/**
 * Sessions: a signed (HMAC, @fastify/cookie), HttpOnly, SameSite=Strict cookie holding the user
 * name, expiry, a per-session CSRF token, the session id (live only while it exists in Redis, see
 * session-store.ts) and a fingerprint of the password hash it was opened with. The role is looked
 * up in the config on every request, so removing a user or demoting them takes effect at once.
 */
export const SESSION_COOKIE = 'crier_session';
/** Before sign-in there is no session: the login form carries its own double-submit token. */
export const LOGIN_CSRF_COOKIE = 'crier_login_csrf';
export const CSRF_HEADER = 'x-csrf-token';
export const CSRF_FIELD = '_csrf';

export interface Session {
  id: string;
  user: string;
  role: Role;
  csrf: string;
  expiresMs: number;
}

interface CookiePayload {
  u: string;
  c: string;
  e: number;
  s: string;
  h: string;
}

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

export function tokensEqual(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/** https directly, or (with `web.trustProxy`) as the proxy's X-Forwarded-Proto says; proxies differ in case and spacing. */
function overHttps(request: FastifyRequest): boolean {
  return String(request.protocol ?? '').trim().toLowerCase() === 'https';
}

export function cookieOptions(request: FastifyRequest, maxAgeSeconds?: number) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: overHttps(request),
    signed: true,
    ...(maxAgeSeconds !== undefined ? { maxAge: maxAgeSeconds } : {}),
  };
}

export function readSignedCookie(request: FastifyRequest, name: string): string | undefined {
  const raw = request.cookies[name];
  if (!raw) return undefined;
  const res = request.unsignCookie(raw);
  return res.valid && res.value !== null ? res.value : undefined;
}

function parsePayload(value: string): CookiePayload | undefined {
  try {
    const p = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as Partial<CookiePayload> | null;
    if (!p || typeof p.u !== 'string' || typeof p.c !== 'string' || typeof p.e !== 'number' || typeof p.s !== 'string' || typeof p.h !== 'string') return undefined;
    return p as CookiePayload;
  } catch {
    return undefined;
  }
}

export async function readSession(request: FastifyRequest, users: readonly UserEntry[], store: SessionStore, nowMs = Date.now()): Promise<Session | undefined> {
  const value = readSignedCookie(request, SESSION_COOKIE);
  const payload = value ? parsePayload(value) : undefined;
  if (!payload || payload.e <= nowMs) return undefined;
  const user = users.find((u) => u.name === payload.u);
  // A changed password (a new hash in the config) ends every session opened with the old one.
  if (!user || passwordFingerprint(user.passwordHash) !== payload.h) return undefined;
  if (!(await store.isLive(payload.s, user.name))) return undefined;
  return { id: payload.s, user: user.name, role: user.role, csrf: payload.c, expiresMs: payload.e };
}

export async function startSession(request: FastifyRequest, reply: FastifyReply, user: UserEntry, sessionHours: number, store: SessionStore): Promise<void> {
  const ttlMs = sessionHours * 3_600_000;
  const id = await store.create(user.name, ttlMs);
  const payload: CookiePayload = { u: user.name, c: newToken(), e: Date.now() + ttlMs, s: id, h: passwordFingerprint(user.passwordHash) };
  const value = Buffer.from(JSON.stringify(payload)).toString('base64url');
  reply.setCookie(SESSION_COOKIE, value, cookieOptions(request, Math.round(sessionHours * 3600)));
  reply.clearCookie(LOGIN_CSRF_COOKIE, { path: '/' });
}

/** Revokes the session server-side (every copy of the cookie stops working) and clears it here. */
export async function endSession(reply: FastifyReply, session: Session | undefined, store: SessionStore): Promise<void> {
  if (session) await store.revoke(session.id);
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

/** The token a state-changing request presented: header (fetch) or form field. */
export function presentedCsrf(request: FastifyRequest): string | undefined {
  const header = request.headers[CSRF_HEADER];
  if (typeof header === 'string') return header;
  const body = request.body as Record<string, unknown> | undefined;
  return body && typeof body[CSRF_FIELD] === 'string' ? (body[CSRF_FIELD] as string) : undefined;
}

/** Browsers send Origin on cross-site POSTs: refuse any that is not us (defence in depth beside the token). */
export function originAllowed(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (!origin || origin === 'null') return origin !== 'null';
  try {
    return new URL(origin).host === request.host;
  } catch {
    return false;
  }
}
