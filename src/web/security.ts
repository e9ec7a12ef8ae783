import helmet from '@fastify/helmet';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { LOGIN_CSRF_COOKIE, originAllowed, presentedCsrf, readSession, readSignedCookie, tokensEqual, type Session } from './session.js';
import type { SessionStore } from './session-store.js';
import type { UserEntry } from './users.js';
import { CARD_ROUTE_PREFIX } from '../media/card-store.js';
import { HOOKS_PREFIX } from './routes/hook-routes.js';
import { WEBSUB_ROUTE_PREFIX } from '../websub/websub-jobs.js';

declare module 'fastify' {
  interface FastifyRequest {
    session?: Session;
  }
}

/**
 * Everything needs a session except probes and metrics; every state-changing request needs the
 * session's CSRF token (or, for sign-in, the login form's double-submit token) and a same-origin
 * Origin when the browser sends one; only editors may change anything.
 */
export const BULL_BOARD_PATH = '/ops/queues';
const PUBLIC_PATHS = new Set(['/healthz', '/readyz', '/metrics', '/login', '/favicon.ico']);
/** State-changing for the session but not for the newsroom: viewers may do these. */
const VIEWER_POSTS = new Set(['/logout', '/api/count']);
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Strict CSP: our own script and stylesheet only, nothing inline, no framing. */
export const CSP_DIRECTIVES = {
  defaultSrc: ["'none'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  fontSrc: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
  upgradeInsecureRequests: null,
};

/** Bull Board's bundle sets inline styles and uses <base>; scripts stay 'self' only. */
export const BULL_BOARD_CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'";

export function wantsJson(request: FastifyRequest): boolean {
  return (request.headers.accept ?? '').includes('application/json') && !(request.headers.accept ?? '').includes('text/html');
}

function pathOf(request: FastifyRequest): string {
  return request.url.split('?')[0] ?? '/';
}

function deny(request: FastifyRequest, reply: FastifyReply, status: number, message: string) {
  return reply.code(status).type(wantsJson(request) ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8').send(wantsJson(request) ? { ok: false, message } : message);
}

/** Headers on every answer (registered first, so even a 503 carries them). */
export async function registerHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'same-origin' },
    // HSTS only means something over https; helmet adds it regardless, browsers ignore it on http.
    strictTransportSecurity: { maxAge: 15_552_000, includeSubDomains: false },
  });
  app.addHook('onSend', async (request, reply, payload) => {
    if (pathOf(request).startsWith(BULL_BOARD_PATH)) reply.header('content-security-policy', BULL_BOARD_CSP);
    return payload;
  });
}

function isPublic(path: string): boolean {
  // Cards must be fetchable by Meta's servers, which cannot sign in; their ids are unguessable hashes.
  // Hooks carry their own bearer token (a CMS has no session); see routes/hook-routes.ts.
  // WebSub callbacks carry their subscription's random token; hubs have no session (routes/websub-routes.ts).
  return PUBLIC_PATHS.has(path) || path.startsWith('/static/') || path.startsWith(`${CARD_ROUTE_PREFIX}/`) || path.startsWith(`${HOOKS_PREFIX}/`) || path === HOOKS_PREFIX || path.startsWith(`${WEBSUB_ROUTE_PREFIX}/`);
}

/** Sessions, CSRF and roles. */
export function registerAccess(app: FastifyInstance, users: readonly UserEntry[], sessions: SessionStore): void {
  app.addHook('onRequest', async (request, reply) => {
    const path = pathOf(request);
    // Public paths skip the session lookup (one Redis GET), except the sign-in page, which redirects the signed-in.
    if (isPublic(path) && path !== '/login') return;
    const session = await readSession(request, users, sessions);
    if (session) request.session = session;
    if (isPublic(path)) return;
    if (!session) {
      if (request.method === 'GET' && !wantsJson(request) && !path.startsWith('/fragments/') && path !== '/events' && !path.startsWith(`${BULL_BOARD_PATH}/api`)) {
        return reply.redirect(`/login?next=${encodeURIComponent(request.url)}`, 303);
      }
      return deny(request, reply, 401, 'sign in first');
    }
    if (!SAFE_METHODS.has(request.method) && !originAllowed(request)) return deny(request, reply, 403, 'cross-origin request refused');
    // Bull Board is read-only: every change goes through the desk so the ledger stays the truth.
    if (path.startsWith(BULL_BOARD_PATH) && !SAFE_METHODS.has(request.method)) return deny(request, reply, 403, 'the queue board is read-only; act from the desk');
  });

  // After body parsing: the token may come in a form field.
  app.addHook('preHandler', async (request, reply) => {
    if (SAFE_METHODS.has(request.method)) return;
    const path = pathOf(request);
    if (path === '/login') {
      if (!originAllowed(request) || !tokensEqual(presentedCsrf(request), readSignedCookie(request, LOGIN_CSRF_COOKIE))) {
        return deny(request, reply, 403, 'the sign-in form expired; reload the page and try again');
      }
      return;
    }
    const session = request.session;
    if (!session) return;
    if (!tokensEqual(presentedCsrf(request), session.csrf)) return deny(request, reply, 403, 'missing or invalid CSRF token; reload the page');
    if (session.role !== 'editor' && !VIEWER_POSTS.has(path)) return deny(request, reply, 403, 'viewers cannot change anything; ask an editor');
  });
}

/** The origin local paths are resolved against: only its path, query and fragment are ever kept. */
const LOCAL_ORIGIN = 'http://desk.invalid';
/** Unicode spaces beyond Latin-1 (line/paragraph separators, the no-break and zero-width ones). */
const UNICODE_SPACES = new Set([0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff]);

/** C0/C1 controls, DEL, every space and the backslash: browsers strip some (tab, newline) from a URL, so `/\t/host` would become `//host`. */
function hasUnsafeChar(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c <= 0x20 || (c >= 0x7f && c <= 0xa0) || c === 0x5c || (c >= 0x2000 && c <= 0x200f) || UNICODE_SPACES.has(c)) return true;
  }
  return false;
}

/** Decodes ASCII escapes only (`%09`, `%2F`, `%5C`): enough to see a hidden control or slash, and never throws. */
function decodeAscii(value: string): string {
  return value.replace(/%([0-7][0-9a-f])/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

function unsafeText(value: string): boolean {
  const decoded = decodeAscii(value);
  return hasUnsafeChar(value) || hasUnsafeChar(decoded) || decoded.startsWith('//');
}

/**
 * A local path to return to after sign-in or an action; anything else becomes `/`. Accepted: one
 * leading `/` (not `//`), no backslash, control or space character before or after percent-decoding,
 * and still on this origin once parsed. Returned re-serialised (non-ASCII percent-encoded), so it is
 * always a valid Location header.
 */
export function safeBack(value: unknown): string {
  if (typeof value !== 'string' || value.length > 2_000 || !value.startsWith('/') || value.startsWith('//') || unsafeText(value)) return '/';
  let url: URL;
  try {
    url = new URL(value, LOCAL_ORIGIN);
  } catch {
    return '/';
  }
  if (url.origin !== LOCAL_ORIGIN || url.username || url.password) return '/';
  const path = `${url.pathname}${url.search}${url.hash}`;
  return path.startsWith('/') && !path.startsWith('//') ? path : '/';
}
