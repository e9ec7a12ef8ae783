import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/web/metrics.js';
import { startAlerts } from '../../workers/alerts.worker.js';
import { GraphFake } from '../fakes/graph-fake.js';
import { e2eResources } from '../helpers/e2e-run.js';
import { FakeHttpServer } from '../helpers/fake-http.js';
import { TestFeedServer } from '../helpers/feed-server.js';

/**
 * A whole Crier (poller and workers) with a live Facebook channel on the fake Graph API and one
 * webhook alert destination (#16). Time beyond "now" is handed to the alerts' check (an injected
 * clock); what the test waits for is the feed state the poller writes, never the wall clock.
 */
const MIN = 60_000;
const DAY_S = 86_400;

describe('alerts e2e', () => {
  const e2e = e2eResources();

  it('debug_token five days from expiry: one warning and the metric; a feed down for the minutes: one alert, one recovery, none repeated after a restart', async () => {
    const graph = e2e.track(await new GraphFake().start());
    const expiresS = Math.floor(Date.now() / 1000) + 5 * DAY_S;
    graph.debugToken = { type: 'PAGE', is_valid: true, expires_at: expiresS, data_access_expires_at: expiresS + 80 * DAY_S };
    const hooks = e2e.track(await new FakeHttpServer().route('POST', '/hooks/:name', (_req, res) => void res.writeHead(204).end()).start());
    const feed = e2e.track(await new TestFeedServer().start());
    const crier = await e2e.crier(
      feed.url,
      0,
      {
        publicBaseUrl: 'https://desk.example.org',
        networks: { facebook: { mode: 'live', apiBaseUrl: graph.url, pageId: '1234' } },
        alerts: [{ id: 'ops', type: 'webhook', urlEnv: 'OPS_HOOK_URL', events: ['credentials-expiring', 'feed-failing', 'feed-recovered'], feedFailingMinutes: 2 }],
      },
      { FACEBOOK_PAGE_TOKEN: graph.token, OPS_HOOK_URL: `${hooks.url}/hooks/ops-secret-path-0123456789abcdef` },
    );
    const alerts = crier.running.alerts ?? expect.unreachable('alerts not started');
    const sent = () => hooks.requests.map((r) => r.json as { event: string; text: string; link: string });

    // The start-up check asked debug_token; asking again (the daily check) changes nothing.
    const [record] = await (crier.running.credentials ?? expect.unreachable('no credential checks')).checkAll();
    expect(record).toMatchObject({ channel: 'facebook', what: 'Page token', expiresAt: new Date(expiresS * 1000).toISOString() });
    expect(graph.http.requests.some((r) => r.path.endsWith('/debug_token') && r.query.get('input_token') === graph.token)).toBe(true);
    await alerts.check();
    await alerts.check();
    expect(sent().map((m) => m.event)).toEqual(['credentials-expiring']);
    expect(sent()[0]?.text).toMatch(/Channel facebook: the Page token expires in [45] day\(s\)/);
    expect(sent()[0]?.link).toBe('https://desk.example.org/queue/facebook');
    const metrics = await createMetrics(crier.running.ctx).scrape();
    expect(metrics).toContain(`crier_credentials_expiry_timestamp_seconds{channel="facebook"} ${expiresS}`);
    expect(await crier.running.ctx.control.status('facebook')).toMatchObject({ paused: false });

    // The feed reads fine once, then goes down.
    await crier.waitFor('a successful poll', async () => (await crier.running.ctx.feedStates.get('desk')).lastSuccessAt !== undefined);
    feed.mode = 'error-500';
    await crier.waitFor('a failed poll', async () => (await crier.running.ctx.feedStates.get('desk')).consecutiveFailures > 0);
    const downAt = Date.now();
    await alerts.check(downAt + MIN);
    expect(sent().map((m) => m.event)).toEqual(['credentials-expiring']);
    await alerts.check(downAt + 3 * MIN);
    await alerts.check(downAt + 4 * MIN);
    expect(sent().map((m) => m.event)).toEqual(['credentials-expiring', 'feed-failing']);

    // A restarted alerts process finds both incidents open and says nothing new.
    const restarted = startAlerts(crier.running.ctx, { background: false }) ?? expect.unreachable('alerts not configured');
    e2e.defer(() => restarted.stop());
    await restarted.check(downAt + 5 * MIN);
    expect(sent()).toHaveLength(2);

    feed.mode = 'ok';
    await crier.running.ctx.feedStates.clearBackoff('desk');
    await crier.waitFor('the feed read again', async () => (await crier.running.ctx.feedStates.get('desk')).consecutiveFailures === 0);
    await restarted.check(downAt + 6 * MIN);
    await alerts.check(downAt + 7 * MIN);
    expect(sent().map((m) => m.event)).toEqual(['credentials-expiring', 'feed-failing', 'feed-recovered']);
    for (const r of hooks.requests) expect(r.body.toString('utf8')).not.toContain('0123456789abcdef');
  }, 60_000);

  it('a token past its expiry halts the channel with the reason, as a revoked token does', async () => {
    const graph = e2e.track(await new GraphFake().start());
    graph.debugToken = { type: 'USER', is_valid: true, expires_at: Math.floor(Date.now() / 1000) - DAY_S, data_access_expires_at: 0 };
    const feed = e2e.track(await new TestFeedServer().start());
    const crier = await e2e.crier(feed.url, 0, { networks: { facebook: { mode: 'live', apiBaseUrl: graph.url, pageId: '1234' } } }, { FACEBOOK_PAGE_TOKEN: graph.token });
    // The start-up check halts it; the daily one that follows finds it halted for the same reason.
    await crier.waitFor('the start-up check to halt the channel', async () => (await crier.running.ctx.control.status('facebook')).paused);
    await crier.running.credentials?.checkAll();
    const status = await crier.running.ctx.control.status('facebook');
    expect(status).toMatchObject({ paused: true });
    expect(status.attention).toMatch(/credentials expired: the Page token expired at .*replace FACEBOOK_\*, then Resume/);
    expect(await crier.running.ctx.publishQueue('facebook').isPaused()).toBe(true);
    const halts = (await crier.running.ctx.events.range(0)).filter(({ event }) => event.type === 'channel' && event.action === 'halted');
    expect(halts).toHaveLength(1);
  }, 60_000);
});
