import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebHarness, type WebHarness } from './web-harness.js';

/** The queue board shows queues and jobs, nothing about the server it runs on. */
let h: WebHarness;
beforeAll(async () => {
  h = await startWebHarness();
});
afterAll(async () => h.close());

describe('queue board', () => {
  it('shows a viewer the queues but not the Redis version, OS, memory or the worker list', async () => {
    const { cookie } = await h.login('vi');
    const queues = await h.app.inject({ method: 'GET', url: '/ops/queues/api/queues', headers: { cookie } });
    expect(queues.statusCode).toBe(200);
    expect(queues.body).toContain(h.ctx.pollQueue.name);
    const stats = await h.app.inject({ method: 'GET', url: '/ops/queues/api/redis/stats', headers: { cookie } });
    expect(stats.statusCode).toBe(403);
    const info = await h.ctx.redis.info('server');
    const version = /redis_version:(\S+)/.exec(info)?.[1] ?? '';
    const os = /\nos:([^\r\n]+)/.exec(info)?.[1] ?? '';
    expect(version).not.toBe('');
    for (const body of [stats.body, queues.body]) {
      expect(body).not.toContain(version);
      expect(body).not.toContain(os);
      expect(body).not.toMatch(/used_memory|"memory"|"os"/);
    }
    const workers = await h.app.inject({ method: 'GET', url: `/ops/queues/api/queues/${encodeURIComponent(h.ctx.pollQueue.name)}/workers`, headers: { cookie } });
    expect(workers.statusCode).toBe(403);
    expect(workers.body).not.toMatch(/addr|127\.0\.0\.1/);
  });
});
