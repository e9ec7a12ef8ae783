import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { cookieHeader, PASSWORD, startWebHarness, type WebHarness } from './web-harness.js';

/** A local port with nothing listening on it: connections are refused at once, like a Redis that is down. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || !address) throw new Error('no port');
  return address.port;
}

/**
 * `request`, failing instead if the Redis client makes `attempts` more reconnect attempts first: an
 * event-based bound, not a wall-clock one. Two, not one: a reconnect may land during a quick answer;
 * two mean the request waited a whole retry interval for Redis (the client's commands queue until it is back).
 */
async function answeredBeforeReconnects<T>(redis: WebHarness['ctx']['redis'], attempts: number, request: Promise<T>): Promise<T> {
  let seen = 0;
  let onReconnect = () => {};
  const waited = new Promise<never>((_, reject) => {
    onReconnect = () => {
      seen += 1;
      if (seen >= attempts) reject(new Error(`still waiting after ${attempts} reconnect attempts to Redis`));
    };
    redis.on('reconnecting', onReconnect);
  });
  try {
    return await Promise.race([request, waited]);
  } finally {
    redis.off('reconnecting', onReconnect);
  }
}

describe('desk while Redis is down', () => {
  let h: WebHarness;
  let cookie: string;
  beforeAll(async () => {
    // Signed in while Redis was up (same secret and users), then Redis went away.
    const healthy = await startWebHarness();
    try {
      cookie = (await healthy.login('ed')).cookie;
    } finally {
      await healthy.close();
    }
    h = await startWebHarness({}, {}, `redis://127.0.0.1:${await deadPort()}`);
  });
  afterAll(async () => h.close());

  it('answers every page at once with 503 and why, instead of hanging', async () => {
    // Refused at once, the connection waits to reconnect (at start-up it is briefly 'connecting').
    await vi.waitFor(() => expect(h.ctx.redis.status).toBe('reconnecting'), { timeout: 5_000 });
    for (const url of ['/', '/feeds', '/ops']) {
      const res = await answeredBeforeReconnects(h.ctx.redis, 2, h.app.inject({ method: 'GET', url, headers: { cookie } }));
      expect(res.statusCode, url).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.body).toMatch(/cannot reach Redis.*No post is lost/);
      expect(h.ctx.redis.status, url).not.toBe('ready'); // answered while Redis was still down
    }
    const api = await h.app.inject({ method: 'GET', url: '/', headers: { cookie, accept: 'application/json' } });
    expect(api.json()).toMatchObject({ ok: false, message: expect.stringMatching(/cannot reach Redis/) });
  });

  it('shows the sign-in form but refuses to sign in at once (the throttle lives in Redis)', async () => {
    await vi.waitFor(() => expect(h.ctx.redis.status).toBe('reconnecting'), { timeout: 5_000 });
    const form = await h.app.inject({ method: 'GET', url: '/login' });
    expect(form.statusCode).toBe(200);
    const token = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
    const res = await answeredBeforeReconnects(
      h.ctx.redis,
      2,
      h.app.inject({
        method: 'POST',
        url: '/login',
        headers: { cookie: cookieHeader(form.headers['set-cookie']), 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ name: 'ed', password: PASSWORD, _csrf: token }).toString(),
      }),
    );
    expect(res.statusCode).toBe(503);
    expect(res.body).toMatch(/cannot reach Redis/);
    expect(h.ctx.redis.status).not.toBe('ready'); // answered while Redis was still down
  });

  it('keeps the probes honest: alive, not ready', async () => {
    expect((await h.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    const ready = await h.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({ status: 'not ready', redis: false });
  });
});
