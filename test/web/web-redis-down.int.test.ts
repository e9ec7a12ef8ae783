import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startWebHarness, type WebHarness } from './web-harness.js';

/** A local port with nothing listening on it: connections are refused at once, like a Redis that is down. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || !address) throw new Error('no port');
  return address.port;
}

describe('desk while Redis is down', () => {
  let h: WebHarness;
  beforeAll(async () => {
    h = await startWebHarness({}, {}, `redis://127.0.0.1:${await deadPort()}`);
  });
  afterAll(async () => h.close());

  it('signs in, then answers every page at once with 503 and why, instead of hanging', async () => {
    const { cookie } = await h.login('ed');
    // Refused at once, the connection waits to reconnect (at start-up it is briefly 'connecting').
    await vi.waitFor(() => expect(h.ctx.redis.status).toBe('reconnecting'), { timeout: 5_000 });
    for (const url of ['/', '/feeds', '/ops']) {
      const started = Date.now();
      const res = await h.app.inject({ method: 'GET', url, headers: { cookie } });
      expect(res.statusCode, url).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.body).toMatch(/cannot reach Redis.*No post is lost/);
      expect(Date.now() - started, url).toBeLessThan(1_000);
    }
    const api = await h.app.inject({ method: 'GET', url: '/', headers: { cookie, accept: 'application/json' } });
    expect(api.json()).toMatchObject({ ok: false, message: expect.stringMatching(/cannot reach Redis/) });
  });

  it('keeps the probes honest: alive, not ready', async () => {
    expect((await h.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    const ready = await h.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({ status: 'not ready', redis: false });
  });
});
