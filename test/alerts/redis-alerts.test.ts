import { describe, expect, it } from 'vitest';
import { createRedisAlerts } from '../../src/alerts/redis-alerts.js';
import type { AlertMessage } from '../../src/alerts/alert-types.js';
import { alertDestinationSchema } from '../../src/config/alerts-schema.js';

const T0 = Date.parse('2026-11-28T12:00:00Z');

describe('redis-down / redis-up (kept in memory: Redis cannot record its own outage)', () => {
  it('one redis-down once the outage lasts redisDownSeconds, one redis-up when it answers; a blip says nothing', async () => {
    const sent: AlertMessage[] = [];
    const ops = alertDestinationSchema.parse({ id: 'ops', type: 'webhook', urlEnv: 'OPS_URL', events: ['redis-down', 'redis-up'], redisDownSeconds: 60 });
    const quiet = alertDestinationSchema.parse({ id: 'quiet', type: 'webhook', urlEnv: 'Q_URL', events: ['post-failed'] });
    const alerts = createRedisAlerts({ destinations: [ops, quiet], deliver: async (_d, m) => (sent.push(m), true), publicBaseUrl: 'https://desk.example.org', scrub: (s) => s.replaceAll('hunter2hunter2', '[redacted]') });

    await alerts.failed('connect ECONNREFUSED', T0);
    await alerts.answered(T0 + 10_000);
    expect(sent).toEqual([]);

    await alerts.failed('connect ECONNREFUSED redis://:hunter2hunter2@redis:6379', T0 + 20_000);
    await alerts.failed('connect ECONNREFUSED', T0 + 50_000);
    expect(sent).toEqual([]);
    await alerts.failed('connect ECONNREFUSED', T0 + 81_000);
    await alerts.failed('connect ECONNREFUSED', T0 + 120_000);
    expect(alerts.down).toBe(true);
    await alerts.answered(T0 + 150_000);
    expect(sent.map((m) => [m.destination, m.event, m.state])).toEqual([['ops', 'redis-down', 'open'], ['ops', 'redis-up', 'recovered']]);
    expect(sent[0]?.link).toBe('https://desk.example.org/ops');
    expect(sent[1]?.text).toBe('Redis answers again (it was unreachable for about 130 s).');
    expect(alerts.down).toBe(false);
  });
});
