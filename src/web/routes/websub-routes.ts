import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { tokensEqual } from '../session.js';
import type { WebContext } from '../web-context.js';
import { createWebsubQueue, WEBSUB_ROUTE_PREFIX, type WebsubJobData } from '../../websub/websub-jobs.js';
import { parseLinkHeader } from '../../websub/websub-discovery.js';
import { checkSignature } from '../../websub/websub-signature.js';
import { cleanReason, createWebsubStore, type Subscription } from '../../websub/websub-store.js';

/**
 * The WebSub callback, `/websub/<feed-id>/<token>`: hubs call it, so no session (security.ts), but
 * the token is the subscription's own random one. GET is the hub verifying intent (W3C WebSub
 * §5.3) or reporting a denial (§5.2); POST is a delivery (§7), answered at once and processed in a
 * `websub` job. A delivery whose signature is missing or wrong is acknowledged with 202 and dropped
 * (the spec lets subscribers answer 2xx so a forger learns nothing and a hub does not retry it);
 * an unknown callback answers 404.
 */

type Params = { feedId: string; token: string };
type VerifyQuery = Record<string, string | undefined>;

const MAX_CHALLENGE_CHARS = 1_024;
const MAX_LEASE_SECONDS = 365 * 86_400;

export function websubRoutes(app: FastifyInstance, ctx: WebContext): void {
  const store = createWebsubStore(ctx.redis, ctx.config.redis.prefix);
  const queue = createWebsubQueue(ctx.redis, ctx.config.redis.prefix);
  const log = ctx.log.child({ role: 'websub-callback' });
  const enqueue = (data: WebsubJobData) => queue.add(data.kind, data, { jobId: `${data.kind}-${data.feedId}-${randomUUID()}` });
  const counts = new Map<string, { minute: number; n: number }>();
  const overRate = (feedId: string) => {
    const minute = Math.floor(Date.now() / 60_000);
    const c = counts.get(feedId);
    if (!c || c.minute !== minute) counts.set(feedId, { minute, n: 1 });
    else c.n += 1;
    // Ids of unknown feeds count too; a bounded map, cleared when full.
    if (counts.size > 10_000) counts.clear();
    return (counts.get(feedId)?.n ?? 0) > ctx.config.websub.maxCallbacksPerMinute;
  };
  const subscriptionFor = async (params: Params): Promise<Subscription | undefined> => {
    if (params.feedId.length > 63 || params.token.length > 64) return undefined;
    const sub = await store.get(params.feedId);
    return sub && tokensEqual(params.token, sub.token) ? sub : undefined;
  };

  void app.register(async (scope) => {
    scope.addHook('onClose', async () => queue.close());
    scope.removeAllContentTypeParsers();
    // The signature covers the raw bytes: keep them, whatever the content type says.
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: ctx.config.websub.maxBodyBytes }, (_request, body, done) => done(null, body));

    scope.get<{ Params: Params; Querystring: VerifyQuery }>(`${WEBSUB_ROUTE_PREFIX}/:feedId/:token`, async (request, reply) => {
      if (overRate(request.params.feedId)) return reply.code(429).header('retry-after', '60').send('too many requests');
      const sub = await subscriptionFor(request.params);
      const q = request.query;
      const outcome = sub ? await verify(sub, q) : { status: 404, body: 'no such subscription' };
      if (outcome.status !== 200) log.warn({ feed: request.params.feedId, mode: cleanReason(q['hub.mode']), status: outcome.status }, 'WebSub verification refused');
      return reply.code(outcome.status).type('text/plain; charset=utf-8').send(outcome.body);
    });

    scope.post<{ Params: Params }>(`${WEBSUB_ROUTE_PREFIX}/:feedId/:token`, { bodyLimit: ctx.config.websub.maxBodyBytes }, async (request, reply) => {
      // Counted before the lookup, so a flood of guessed tokens costs no Redis read past the cap.
      if (overRate(request.params.feedId)) return reply.code(429).header('retry-after', '60').send('too many requests');
      const sub = await subscriptionFor(request.params);
      if (!sub || sub.state === 'unsubscribing') return notFound(reply);
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const refused = refusal(request, sub, body);
      if (refused) {
        log.warn({ feed: sub.feedId, reason: refused }, 'WebSub delivery ignored (not processed)');
        return reply.code(202).send('');
      }
      const contentType = request.headers['content-type']?.slice(0, 200);
      await enqueue({ kind: 'deliver', feedId: sub.feedId, bodyBase64: body.toString('base64'), receivedAt: new Date().toISOString(), ...(contentType ? { contentType } : {}) });
      return reply.code(202).send('');
    });
  });

  async function verify(sub: Subscription, q: VerifyQuery): Promise<{ status: number; body: string }> {
    const mode = q['hub.mode'];
    if (q['hub.topic'] !== sub.topic) return { status: 404, body: 'topic does not match the subscription' };
    if (mode === 'denied') {
      await store.denied(sub.feedId, q['hub.reason'] ?? '');
      log.warn({ feed: sub.feedId, reason: cleanReason(q['hub.reason']) }, 'WebSub hub denied the subscription: polling carries on');
      await enqueue({ kind: 'changed', feedId: sub.feedId });
      return { status: 200, body: '' };
    }
    const challenge = q['hub.challenge'];
    if (!challenge || challenge.length > MAX_CHALLENGE_CHARS) return { status: 404, body: 'missing challenge' };
    const wanted = mode === 'subscribe' ? sub.state !== 'unsubscribing' && sub.state !== 'denied' : mode === 'unsubscribe' && sub.state === 'unsubscribing';
    if (!wanted) return { status: 404, body: `no ${cleanReason(mode).slice(0, 20)} pending` };
    if (mode === 'unsubscribe') {
      await store.remove(sub.feedId);
    } else {
      const lease = Number(q['hub.lease_seconds']);
      const leaseSeconds = Number.isInteger(lease) && lease > 0 ? Math.min(lease, MAX_LEASE_SECONDS) : (sub.requestedLeaseSeconds ?? ctx.config.websub.leaseSeconds);
      const leaseExpiresAt = await store.verified(sub.feedId, leaseSeconds);
      log.info({ feed: sub.feedId, hub: sub.hub, leaseExpiresAt }, 'WebSub subscription verified: push is on');
      await enqueue({ kind: 'changed', feedId: sub.feedId });
    }
    return { status: 200, body: challenge };
  }
}

function notFound(reply: FastifyReply) {
  return reply.code(404).type('text/plain; charset=utf-8').send('no such subscription');
}

/** Why a delivery must be ignored, or undefined when it may be processed. */
function refusal(request: FastifyRequest, sub: Subscription, body: Buffer): string | undefined {
  const signature = checkSignature(request.headers['x-hub-signature'], sub.secret, body);
  if (!signature.ok) return signature.reason;
  if (sub.state !== 'active') return `subscription is ${sub.state}`;
  // A hub names the topic in a Link rel=self; one for another topic is not this subscription's news.
  const self = parseLinkHeader([request.headers.link ?? []].flat().join(', ')).find((l) => l.rels.includes('self'));
  if (self && self.url !== sub.topic) return 'delivery is for another topic';
  return undefined;
}
