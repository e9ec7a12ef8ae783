import type { FastifyInstance } from 'fastify';
import type { WebContext } from '../web-context.js';
import { safeBack } from '../security.js';
import { cookieOptions, createLoginThrottle, endSession, LOGIN_CSRF_COOKIE, newToken, readSignedCookie, startSession } from '../session.js';
import { dummyPasswordHash, verifyPassword } from '../users.js';
import { loginPage } from '../views/layout.js';

const LOGIN_FORM_MAX_AGE_S = 3_600;

export function authRoutes(app: FastifyInstance, ctx: WebContext): void {
  const users = ctx.config.web.users;
  const throttle = createLoginThrottle();
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
    const lockedMs = throttle.lockedForMs(name);
    if (lockedMs > 0) return fail(429, `Too many failed attempts; try again in ${Math.ceil(lockedMs / 1000)} s.`);
    const user = users.find((u) => u.name === name);
    // Verify against a dummy hash for unknown names so timing does not reveal which names exist.
    const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash()));
    if (!user || !ok) {
      throttle.fail(name);
      ctx.log.warn({ user: name.slice(0, 64), ip: request.ip }, 'failed sign-in');
      return fail(401, 'Wrong name or password.');
    }
    throttle.succeed(name);
    startSession(request, reply, user.name, ctx.config.web.sessionHours);
    ctx.log.info({ user: user.name, role: user.role }, 'signed in');
    return reply.redirect(next, 303);
  });

  app.post('/logout', async (_request, reply) => {
    endSession(reply);
    return reply.redirect('/login', 303);
  });
}
