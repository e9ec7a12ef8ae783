import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { createAlertIncidentStore } from '../../src/ledger/alert-incidents.js';
import { createCredentialsExpiryStore } from '../../src/ledger/credentials-expiry.js';
import { ledgerKeys } from '../../src/ledger/keys.js';
import { networkRegistry } from '../../src/publishers/registry.js';
import { startAlerts, type AlertsRunner } from '../../workers/alerts.worker.js';
import { createRedisContext, type RedisContext } from '../../workers/redis-context.js';
import { FakeHttpServer, type RecordedRequest } from '../helpers/fake-http.js';
import { deletePrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.js';
import { SmtpFake } from '../fakes/smtp-fake.js';

/**
 * The alerts against real Redis and local receivers (a JSON webhook, Slack and Discord incoming
 * webhooks on one fake HTTP server, a tiny SMTP server): one message per incident and destination,
 * one recovery, nothing repeated after a restart, nothing secret in a message, bounded retries,
 * an hourly limit. Time is driven through `check(nowMs)`, never slept through.
 */
const MIN = 60_000;
const T0 = Date.parse('2026-11-28T12:00:00Z');
const ALL = ['feed-failing', 'feed-recovered', 'post-failed', 'post-unknown', 'channel-halted', 'channel-resumed'];

interface Rig {
  ctx: RedisContext;
  http: FakeHttpServer;
  smtp: SmtpFake;
  env: Record<string, string>;
  runner(): AlertsRunner;
  hooks(name: string): RecordedRequest[];
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function rig(alerts: Record<string, unknown>[] = defaultAlerts(), extra: Record<string, unknown> = {}): Promise<Rig> {
  const http = await new FakeHttpServer().route('POST', '/hooks/:name', (_req, res) => void res.writeHead(204).end()).start();
  const smtp = await new SmtpFake().start();
  const prefix = uniquePrefix('alerts');
  const env = {
    REDIS_URL: TEST_REDIS_URL,
    ALERT_WEBHOOK_URL: `${http.url}/hooks/webhook`,
    ALERT_SLACK_URL: `${http.url}/hooks/slack-T000-B000-XXXXXXXXXXXXXXXXXXXXXXXX`,
    ALERT_DISCORD_URL: `${http.url}/hooks/discord-123-abcdefghijklmnopqrstuvwxyz0123456789`,
    SMTP_URL: smtp.url(),
    MASTODON_ACCESS_TOKEN: 'masto-token-abcdefgh',
  };
  const config = parseConfig(
    { redis: { prefix, autoStart: false }, publicBaseUrl: 'https://desk.example.org/crier', feeds: [{ id: 'metro', url: 'http://127.0.0.1:9/feed.xml', title: 'Metro' }], alerts, ...extra },
    { env, networks: networkRegistry },
  );
  const ctx = createRedisContext(config, pino({ level: 'silent' }));
  const runners: AlertsRunner[] = [];
  cleanups.push(async () => {
    for (const r of runners) await r.stop();
    await ctx.close();
    await http.stop();
    await smtp.stop();
    await deletePrefix(prefix);
  });
  return {
    ctx,
    http,
    smtp,
    env,
    runner() {
      const r = startAlerts(ctx, { background: false, retryDelayMs: 1 });
      if (!r) throw new Error('no alerts configured');
      runners.push(r);
      return r;
    },
    hooks: (name) => http.requests.filter((q) => q.path.startsWith(`/hooks/${name}`)),
  };
}

function defaultAlerts(over: Record<string, unknown> = {}): Record<string, unknown>[] {
  return [
    { id: 'ops-webhook', type: 'webhook', urlEnv: 'ALERT_WEBHOOK_URL', events: ALL, feedFailingMinutes: 5, ...over },
    { id: 'ops-slack', type: 'slack', urlEnv: 'ALERT_SLACK_URL', events: ALL, feedFailingMinutes: 5, ...over },
    { id: 'ops-discord', type: 'discord', urlEnv: 'ALERT_DISCORD_URL', events: ['feed-failing'], feedFailingMinutes: 5, ...over },
    { id: 'ops-mail', type: 'email', to: ['ops@example.org'], from: 'Crier <crier@example.org>', events: ['feed-failing', 'feed-recovered'], feedFailingMinutes: 5, ...over },
  ];
}

/** A feed whose last success was at `lastOkMs` and that has failed since. */
async function feedDown(ctx: RedisContext, lastOkMs: number): Promise<void> {
  await ctx.feedStates.recordSuccess('metro', { lastSuccessAt: new Date(lastOkMs).toISOString(), lastStatus: 200, lastOutcome: 'ok' });
  await ctx.feedStates.recordFailure('metro', { lastStatus: 503, lastOutcome: 'http-error', lastError: 'HTTP 503 from the CMS' }, { baseMs: 1000, maxMs: 1000 });
}

describe('alerts (real Redis, local receivers)', () => {
  it('a feed failing past the threshold: one message per destination, none repeated, none after a restart, one recovery', async () => {
    const r = await rig();
    const first = r.runner();
    await feedDown(r.ctx, T0);
    await first.check(T0 + 4 * MIN);
    expect(r.http.requests).toHaveLength(0);
    expect(r.smtp.messages).toHaveLength(0);

    await first.check(T0 + 6 * MIN);
    await first.check(T0 + 7 * MIN);
    expect(r.hooks('webhook')).toHaveLength(1);
    expect(r.hooks('slack')).toHaveLength(1);
    expect(r.hooks('discord')).toHaveLength(1);
    expect(r.smtp.messages).toHaveLength(1);
    const hook = r.hooks('webhook')[0]?.json as Record<string, string>;
    expect(hook).toMatchObject({ event: 'feed-failing', state: 'open', subject: 'metro', link: 'https://desk.example.org/crier/feeds#feed-metro' });
    expect(hook.text).toMatch(/Metro \(metro\) has been failing for 6 min.*HTTP 503 from the CMS/);
    expect((r.hooks('slack')[0]?.json as { text: string }).text).toMatch(/<https:\/\/desk\.example\.org\/crier\/feeds#feed-metro\|Open the desk>/);
    expect(r.hooks('discord')[0]?.json).toMatchObject({ allowed_mentions: { parse: [] } });
    expect(r.smtp.messages[0]).toMatchObject({ from: 'crier@example.org', to: ['ops@example.org'], user: 'alerts' });
    expect(r.smtp.messages[0]?.data).toMatch(/Subject: \[Crier\] Feed metro failing/);

    // A restart (a new runner on the same Redis) finds the open incident and stays quiet.
    const second = r.runner();
    await second.check(T0 + 9 * MIN);
    expect(r.http.requests).toHaveLength(3);
    expect(r.smtp.messages).toHaveLength(1);

    await r.ctx.feedStates.recordSuccess('metro', { lastSuccessAt: new Date(T0 + 10 * MIN).toISOString(), lastStatus: 200, lastOutcome: 'ok' });
    await second.check(T0 + 10 * MIN);
    await second.check(T0 + 11 * MIN);
    // Recovery only where feed-recovered is wanted (not Discord).
    expect(r.hooks('webhook').map((q) => (q.json as { event: string }).event)).toEqual(['feed-failing', 'feed-recovered']);
    expect(r.hooks('slack')).toHaveLength(2);
    expect(r.hooks('discord')).toHaveLength(1);
    expect(r.smtp.messages).toHaveLength(2);
    expect(r.smtp.messages[1]?.data).toMatch(/Subject: \[Crier\] Recovered: Feed metro recovered/);
  });

  it('a post that fails after retries, and a halted channel: one message each from the event stream, secrets scrubbed', async () => {
    const r = await rig();
    const runner = r.runner();
    await runner.drain(T0);
    const leaked = `upstream said: bad gateway at ${r.env.ALERT_SLACK_URL}`;
    const post = { type: 'post', postId: 'abc123.x', articleKey: 'abc123', channel: 'x' } as const;
    await r.ctx.events.emit({ ...post, state: 'queued', detail: 'retry 1' });
    await r.ctx.events.emit({ ...post, state: 'failed', detail: leaked });
    await r.ctx.events.emit({ ...post, state: 'failed', detail: leaked });
    await r.ctx.events.emit({ type: 'channel', channel: 'x', action: 'halted', reason: 'X says 401: token revoked' });
    await r.ctx.events.emit({ type: 'channel', channel: 'x', action: 'halted', reason: 'X says 401: token revoked' });
    expect(await runner.drain(T0 + MIN)).toBe(5);
    const events = r.hooks('webhook').map((q) => q.json as { event: string; text: string; link: string });
    expect(events.map((e) => e.event)).toEqual(['post-failed', 'channel-halted']);
    expect(events[0]?.link).toBe('https://desk.example.org/crier/articles/abc123');
    expect(events[0]?.text).toContain('[redacted]');
    for (const q of r.http.requests) expect(q.body.toString('utf8')).not.toContain('XXXXXXXXXXXXXXXXXXXXXXXX');

    await r.ctx.events.emit({ type: 'channel', channel: 'x', action: 'resumed', reason: 'by amna' });
    await runner.drain(T0 + 2 * MIN);
    expect(r.hooks('webhook').map((q) => (q.json as { event: string }).event)).toEqual(['post-failed', 'channel-halted', 'channel-resumed']);

    // A failed post nobody touches for a week is closed quietly; the same post failing again is a new incident.
    await runner.check(Date.now() + 8 * 86_400_000);
    await r.ctx.events.emit({ ...post, state: 'failed', detail: 'failed again' });
    await runner.drain(T0 + 3 * MIN);
    expect(r.hooks('webhook').map((q) => (q.json as { event: string }).event)).toEqual(['post-failed', 'channel-halted', 'channel-resumed', 'post-failed']);
  });

  it('a receiver that keeps failing: a bounded number of attempts, logged, and the worker goes on', async () => {
    const r = await rig([{ id: 'ops-webhook', type: 'webhook', urlEnv: 'ALERT_WEBHOOK_URL', events: ['post-failed'] }]);
    const runner = r.runner();
    await runner.drain(T0);
    const fail = { kind: 'status' as const, status: 503, body: 'down' };
    r.http.fault('POST /hooks/:name', fail, fail, fail, fail);
    await r.ctx.events.emit({ type: 'post', postId: 'k1.x', articleKey: 'k1', channel: 'x', state: 'failed' });
    await runner.drain(T0);
    expect(r.hooks('webhook')).toHaveLength(3);
    // The fourth fault is used by the next message's first attempt; its second attempt gets through.
    await r.ctx.events.emit({ type: 'post', postId: 'k2.x', articleKey: 'k2', channel: 'x', state: 'unknown' });
    await r.ctx.events.emit({ type: 'post', postId: 'k3.x', articleKey: 'k3', channel: 'x', state: 'failed' });
    await runner.drain(T0);
    expect(r.hooks('webhook')).toHaveLength(5);
    expect((r.hooks('webhook')[4]?.json as { subject: string }).subject).toBe('k3.x');
  });

  it('an hourly limit per destination: the rest are held back', async () => {
    const r = await rig([{ id: 'ops-webhook', type: 'webhook', urlEnv: 'ALERT_WEBHOOK_URL', events: ['post-failed'], maxPerHour: 2 }]);
    const runner = r.runner();
    await runner.drain(T0);
    for (const k of ['a1', 'a2', 'a3', 'a4']) await r.ctx.events.emit({ type: 'post', postId: `${k}.x`, articleKey: k, channel: 'x', state: 'failed' });
    await runner.drain(T0);
    expect(r.hooks('webhook')).toHaveLength(2);
  });

  it('approvals waiting and a running queue delayed past their minutes: one message each; a paused queue waits on purpose', async () => {
    const alerts = [{ id: 'ops-webhook', type: 'webhook', urlEnv: 'ALERT_WEBHOOK_URL', events: ['approval-waiting', 'queue-delayed'], approvalWaitingMinutes: 10, queueDelayMinutes: 5 }];
    const r = await rig(alerts, { networks: { x: {}, mastodon: {} } });
    const runner = r.runner();
    const now = Date.now();
    await r.ctx.redis.zadd(ledgerKeys(r.ctx.config.redis.prefix).pendingApproval, now - 12 * MIN, 'k1.x', now - MIN, 'k2.x');
    await r.ctx.publishQueue('x').add('publish', { postId: 'k3.x' } as never, { jobId: 'k3.x' });
    await r.ctx.publishQueue('mastodon').add('publish', { postId: 'k3.mastodon' } as never, { jobId: 'k3.mastodon' });
    await r.ctx.publishQueue('mastodon').pause();
    await runner.check(now + 2 * MIN);
    expect(r.hooks('webhook').map((q) => (q.json as { event: string }).event)).toEqual(['approval-waiting']);
    expect((r.hooks('webhook')[0]?.json as { text: string }).text).toBe('2 post(s) wait for an editor; the oldest for 14 min.');
    await runner.check(now + 6 * MIN);
    await runner.check(now + 7 * MIN);
    const sent = r.hooks('webhook').map((q) => q.json as { event: string; subject: string });
    expect(sent.map((m) => `${m.event}:${m.subject}`)).toEqual(['approval-waiting:approvals', 'queue-delayed:x']);
  });

  it('credentials: a warning 14 days before and again 3 days before, each once; a renewed token closes them', async () => {
    const r = await rig([{ id: 'ops-webhook', type: 'webhook', urlEnv: 'ALERT_WEBHOOK_URL', events: ['credentials-expiring'] }], { networks: { mastodon: { mode: 'live', apiBaseUrl: 'https://social.example.org' } } });
    const runner = r.runner();
    const store = createCredentialsExpiryStore(r.ctx.redis, { prefix: r.ctx.config.redis.prefix });
    const DAY = 86_400_000;
    await store.set({ channel: 'mastodon', checkedAt: new Date(T0).toISOString(), what: 'access token', expiresAt: new Date(T0 + 20 * DAY).toISOString() });
    await runner.check(T0);
    expect(r.http.requests).toHaveLength(0);
    await runner.check(T0 + 15 * DAY);
    await runner.check(T0 + 16 * DAY);
    await runner.check(T0 + 18 * DAY);
    await runner.check(T0 + 18.5 * DAY);
    const texts = r.hooks('webhook').map((q) => (q.json as { text: string }).text);
    expect(texts).toEqual([
      'Channel mastodon: the access token expires in 5 day(s), on 2026-12-18 12:00 UTC. Replace it before then, or the channel halts.',
      'Channel mastodon: the access token expires in 2 day(s), on 2026-12-18 12:00 UTC. Replace it before then, or the channel halts.',
    ]);
    await store.set({ channel: 'mastodon', checkedAt: new Date(T0).toISOString(), what: 'access token', expiresAt: new Date(T0 + 80 * DAY).toISOString() });
    await runner.check(T0 + 19 * DAY);
    expect(await createAlertIncidentStore(r.ctx.redis, { prefix: r.ctx.config.redis.prefix }).list()).toEqual([]);
    expect(r.hooks('webhook')).toHaveLength(2);
  });
});
