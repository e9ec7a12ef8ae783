import type { FastifyInstance } from 'fastify';
import type { WebContext } from '../web-context.js';
import { safeBack } from '../security.js';
import { createHashLimiter } from '../hash-limiter.js';
import { createLoginThrottle } from '../login-throttle.js';
import { cookieOptions, endSession, LOGIN_CSRF_COOKIE, newToken, readSignedCookie, startSession } from '../session.js';
import type { SessionStore } from '../session-store.js';
import { dummyPasswordHash, verifyPassword } from '../users.js';
import { loginPage } from '../views/layout.js';

const LOGIN_FORM_MAX_AGE_S = 3_600;

export function authRoutes(app: FastifyInstance, ctx: WebContext, sessions: SessionStore, hooks: { onSignOut?: (sessionId: string) => void } = {}): void {
  const users = ctx.config.web.users;
  const throttle = createLoginThrottle(ctx.redis, { prefix: ctx.config.redis.prefix });
  const hashing = createHashLimiter();
  const publicationName = ctx.config.publication.name;

  const showLogin = (token: string, opts: { error?: string; next?: string } = {}) =>
    loginPage({ csrf: token, publicationName, noUsers: users.length === 0, ...opts }).value;

  app.get<{ Querystring: { next?: string } }>('/login', async (request, reply) => {
    if (request.session) return reply.redirect(safeBack(request.query.next), 303);
    const token = readSignedCookie(request, LOGIN_CSRF_COOKIE) ?? newToken();
    reply.setCookie(LOGIN_CSRF_COOKIE, token, cookieOptions(request, LOGIN_FORM_MAX_AGE_S));
    const next = request.query.next ? safeBack(request.query.next) : undefined;
    return reply.type('text/html; charset=utf-8').send(showLogin(token, next ? { next } : {}));
  });

  app.post<{ Body: { name?: string; password?: string; next?: string } }>('/login', async (request, reply) => {
    const name = String(request.body?.name ?? '').trim();
    const password = String(request.body?.password ?? '');
    const token = readSignedCookie(request, LOGIN_CSRF_COOKIE) ?? newToken();
    const next = safeBack(request.body?.next);
    const fail = (status: number, error: string) => reply.code(status).type('text/html; charset=utf-8').send(showLogin(token, { error, next }));
    // Counted before hashing: a refused attempt costs one Redis round trip, no scrypt work.
    const attempt = await throttle.attempt(request.ip, name);
    if (!attempt.ok) {
      const waitS = Math.ceil(attempt.retryAfterMs / 1000);
      reply.header('retry-after', String(waitS));
      return fail(429, `Too many failed sign-ins; try again in ${waitS} s.`);
    }
    const user = users.find((u) => u.name === name);
    // Verify against a dummy hash for unknown names so timing does not reveal which names exist.
    const stored = user?.passwordHash ?? (await dummyPasswordHash());
    const ok = await hashing.run(() => verifyPassword(password, stored), attempt.clean);
    if (ok === undefined) {
      await throttle.release(attempt);
      reply.header('retry-after', '2');
      return fail(503, 'Too many sign-ins at once; try again in a moment.');
    }
    if (!user || !ok) {
      ctx.log.warn({ user: name.slice(0, 64), ip: request.ip }, 'failed sign-in');
      return fail(401, 'Wrong name or password.');
    }
    await throttle.release(attempt);
    await startSession(request, reply, user, ctx.config.web.sessionHours, sessions);
    ctx.log.info({ user: user.name, role: user.role }, 'signed in');
    return reply.redirect(next, 303);
  });

  app.post('/logout', async (request, reply) => {
    await endSession(reply, request.session, sessions);
    if (request.session) hooks.onSignOut?.(request.session.id);
    ctx.log.info({ user: request.session?.user }, 'signed out');
    return reply.redirect('/login', 303);
  });
}
