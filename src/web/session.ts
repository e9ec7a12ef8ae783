import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type {} from '@fastify/cookie';
import type { Role } from './users.js';

/**
 * Stateless sessions: a signed (HMAC, @fastify/cookie), HttpOnly, SameSite=Strict cookie holding
 * the user name, expiry and a per-session CSRF token. The role is looked up in the config on
 * every request, so removing a user or demoting them takes effect at once.
 */
export const SESSION_COOKIE = 'crier_session';
/** Before sign-in there is no session: the login form carries its own double-submit token. */
export const LOGIN_CSRF_COOKIE = 'crier_login_csrf';
export const CSRF_HEADER = 'x-csrf-token';
export const CSRF_FIELD = '_csrf';

export interface Session {
  user: string;
  role: Role;
  csrf: string;
  expiresMs: number;
}

interface CookiePayload {
  u: string;
  c: string;
  e: number;
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

export function cookieOptions(request: FastifyRequest, maxAgeSeconds?: number) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: request.protocol === 'https',
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

export function readSession(request: FastifyRequest, users: readonly { name: string; role: Role }[], nowMs = Date.now()): Session | undefined {
  const value = readSignedCookie(request, SESSION_COOKIE);
  if (!value) return undefined;
  let payload: CookiePayload;
  try {
    payload = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as CookiePayload;
  } catch {
    return undefined;
  }
  if (typeof payload.u !== 'string' || typeof payload.c !== 'string' || typeof payload.e !== 'number' || payload.e <= nowMs) return undefined;
  const user = users.find((u) => u.name === payload.u);
  return user ? { user: user.name, role: user.role, csrf: payload.c, expiresMs: payload.e } : undefined;
}

export function startSession(request: FastifyRequest, reply: FastifyReply, user: string, sessionHours: number): void {
  const expiresMs = Date.now() + sessionHours * 3_600_000;
  const payload: CookiePayload = { u: user, c: newToken(), e: expiresMs };
  const value = Buffer.from(JSON.stringify(payload)).toString('base64url');
  reply.setCookie(SESSION_COOKIE, value, cookieOptions(request, Math.round(sessionHours * 3600)));
  reply.clearCookie(LOGIN_CSRF_COOKIE, { path: '/' });
}

export function endSession(reply: FastifyReply): void {
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
