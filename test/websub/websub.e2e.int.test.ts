import { afterEach, describe, expect, it } from 'vitest';
import { collectStatusFrom } from '../../src/desk/status-data.js';
import { feedsContent } from '../../src/web/views/feeds.js';
import { createWebsubStore } from '../../src/websub/websub-store.js';
import { story } from '../helpers/feed-server.js';
import { startWebsubRig, type WebsubRig } from './websub-harness.js';

/** The push path end to end: hub discovery at the first poll, subscription, signed delivery → dry-run post. */
describe('WebSub push → post', () => {
  let rig: WebsubRig | undefined;
  afterEach(async () => {
    await rig?.stop();
    rig = undefined;
  });

  async function subscribed(r: WebsubRig) {
    await r.hub.waitFor((e) => e.kind === 'verified');
    await r.waitFor('subscription active in Crier', async () => (await r.subscription())?.state === 'active');
    await r.waitFor('first poll recorded', async () => !!(await r.running.ctx.feedStates.get('desk')).initialisedAt);
  }

  it('a story published through the hub is posted with a one-hour poll interval, and no poll fetched it', async () => {
    rig = await startWebsubRig({ hub: { signature: 'sha1' }, items: [story(501, 30)] });
    await subscribed(rig);
    const pollsBefore = (await rig.running.ctx.feedStates.get('desk')).totalPolls;
    rig.feed.items.unshift(story(502, 0));
    const delivered = await rig.hub.publish(rig.feed.url, rig.feed.xml());
    expect(delivered.map((d) => d.status)).toEqual([202]);
    await rig.waitFor('the pushed story in the outbox', async () => (await rig!.outbox()).length >= 1);
    expect(await rig.outbox()).toEqual([story(502).title]);
    expect((await rig.running.ctx.feedStates.get('desk')).totalPolls).toBe(pollsBefore);
    const sub = await rig.subscription();
    expect(sub?.pushes).toBe(1);
    expect(sub?.lastPushOutcome).toBe('1 new of 2 items');
    expect(JSON.stringify(sub)).not.toMatch(/secret|token/);
    // The Feeds page and `crier status` read the same status: push, the hub, the lease, the last push.
    const status = await collectStatusFrom(rig.running.ctx);
    const page = String(feedsContent(status.feeds, { id: 's', user: 'ed', role: 'viewer', csrf: 'c', expiresMs: Date.now() + 60_000 }, 'UTC'));
    expect(page).toMatch(/data-testid="delivery-desk">push</);
    expect(page).toContain(new URL(rig.hub.url).host);
    expect(page).toMatch(/lease until/);
    const full = await createWebsubStore(rig.running.ctx.redis, rig.config.redis.prefix).get('desk');
    expect(full?.secret.length).toBeGreaterThan(20);
    for (const hidden of [full?.secret ?? '?', full?.token ?? '?']) {
      expect(page).not.toContain(hidden);
      expect(JSON.stringify(status)).not.toContain(hidden);
    }
  });

  it('forged deliveries (bad signature, none, unknown subscription, wrong topic) post nothing; a genuine one afterwards does', async () => {
    rig = await startWebsubRig({ items: [story(601, 30)] });
    await subscribed(rig);
    const forged = [story(602, 0)];
    const body = rig.feed.xml(forged);
    expect((await rig.hub.publish(rig.feed.url, body, { secret: 'not-the-secret' })).map((d) => d.status)).toEqual([202]);
    expect((await rig.hub.publish(rig.feed.url, body, { noSignature: true })).map((d) => d.status)).toEqual([202]);
    expect((await rig.hub.publish(rig.feed.url, body, { selfLink: 'http://127.0.0.1:1/other.xml' })).map((d) => d.status)).toEqual([202]);
    const unknown = await fetch(`${rig.webUrl}/websub/desk/not-the-token`, { method: 'POST', headers: { 'content-type': 'application/rss+xml' }, body });
    expect(unknown.status).toBe(404);
    // Positive control: the same path with the real signature posts, so the forgeries had every chance to.
    await rig.hub.publish(rig.feed.url, rig.feed.xml([story(603, 0)]));
    await rig.waitFor('the genuine story in the outbox', async () => (await rig!.outbox()).length >= 1);
    expect(await rig.outbox()).toEqual([story(603).title]);
    expect((await rig.subscription())?.pushes).toBe(1);
  });

  it('verification is refused for a wrong topic, an unsolicited mode or a wrong token (404), and echoed only for the real one', async () => {
    rig = await startWebsubRig({ websub: { maxCallbacksPerMinute: 20 } });
    await subscribed(rig);
    const verified = await rig.hub.waitFor((e) => e.kind === 'verified');
    const good = new URL(verified.callback);
    const ask = async (mutate: (u: URL) => void) => {
      const u = new URL(good);
      u.searchParams.set('hub.mode', 'subscribe');
      u.searchParams.set('hub.topic', rig!.feed.url);
      u.searchParams.set('hub.challenge', 'c-123');
      mutate(u);
      const res = await fetch(u);
      return { status: res.status, text: await res.text() };
    };
    expect(await ask(() => undefined)).toEqual({ status: 200, text: 'c-123' });
    expect((await ask((u) => u.searchParams.set('hub.topic', 'http://127.0.0.1:1/other.xml'))).status).toBe(404);
    expect((await ask((u) => u.searchParams.set('hub.mode', 'unsubscribe'))).status).toBe(404);
    expect((await ask((u) => (u.pathname = u.pathname.replace(/[^/]+$/, 'wrong-token')))).status).toBe(404);
    expect((await rig.subscription())?.state).toBe('active');
    // Guessing tokens is capped per feed id (websub.maxCallbacksPerMinute), then 429 without a lookup.
    const statuses: number[] = [];
    // 45 requests: even if a minute boundary falls among them, one minute sees more than 20.
    for (let i = 0; i < 45; i++) statuses.push((await fetch(`${rig.webUrl}/websub/guessed/t${i}?hub.mode=subscribe`)).status);
    expect(statuses.slice(0, 20).every((s) => s === 404)).toBe(true);
    expect(statuses).toContain(429);
    expect(new Set(statuses)).toEqual(new Set([404, 429]));
  });

  it('renews a short lease before it expires', async () => {
    rig = await startWebsubRig({ hub: { leaseSeconds: 3 } });
    await subscribed(rig);
    const first = await rig.hub.waitFor((e) => e.kind === 'verified');
    const renewal = await rig.hub.waitFor((e) => e.kind === 'verified', { from: rig.hub.requests.indexOf(first) + 1 });
    expect(renewal.atMs).toBeLessThan(first.expiresAtMs ?? 0);
    expect(rig.hub.requests.filter((e) => e.kind === 'subscribe').length).toBeGreaterThanOrEqual(2);
    await rig.waitFor('the renewed lease recorded', async () => Date.parse((await rig!.subscription())?.leaseExpiresAt ?? '') >= (renewal.expiresAtMs ?? 0) - 1_000);
  });

  it('a denied subscription records the reason and the feed stays on polling', async () => {
    rig = await startWebsubRig({ intervalSeconds: 1, hub: { deny: () => 'topic not on this hub' }, items: [story(701, 30)] });
    await rig.hub.waitFor((e) => e.kind === 'denied');
    await rig.waitFor('denial recorded', async () => (await rig!.subscription())?.state === 'denied');
    expect((await rig.subscription())?.reason).toBe('topic not on this hub');
    const status = await collectStatusFrom(rig.running.ctx);
    const page = String(feedsContent(status.feeds, { id: 's', user: 'ed', role: 'viewer', csrf: 'c', expiresMs: Date.now() + 60_000 }, 'UTC'));
    expect(page).toMatch(/data-testid="delivery-desk">poll</);
    expect(page).toMatch(/push denied by 127\.0\.0\.1:\d+: topic not on this hub/);
    rig.feed.items.unshift(story(702, 0));
    await rig.waitFor('the polled story in the outbox', async () => (await rig!.outbox()).length >= 1);
    expect(await rig.outbox()).toEqual([story(702).title]);
    expect(rig.hub.requests.filter((e) => e.kind === 'delivered')).toEqual([]);
  });

  it('a failing hub leaves the feed on polling and says why', async () => {
    rig = await startWebsubRig({ intervalSeconds: 1, hub: { failWith: 503 } });
    await rig.waitFor('failure recorded', async () => (await rig!.subscription())?.state === 'failed');
    expect((await rig.subscription())?.reason).toMatch(/refused the subscription: .*HTTP 503/);
    rig.feed.items.unshift(story(801, 0));
    await rig.waitFor('the polled story in the outbox', async () => (await rig!.outbox()).length >= 1);
  });

  it('a signed body that is not a feed makes Crier poll the feed; one over websub.maxBodyBytes is refused with 413', async () => {
    rig = await startWebsubRig({ websub: { maxBodyBytes: 4096 }, items: [story(1001, 30)] });
    await subscribed(rig);
    const polls = (await rig.running.ctx.feedStates.get('desk')).totalPolls;
    rig.feed.items.unshift(story(1002, 0));
    expect((await rig.hub.publish(rig.feed.url, 'updated', { contentType: 'text/plain' })).map((d) => d.status)).toEqual([202]);
    await rig.waitFor('the polled story in the outbox', async () => (await rig!.outbox()).length >= 1);
    expect(await rig.outbox()).toEqual([story(1002).title]);
    expect((await rig.running.ctx.feedStates.get('desk')).totalPolls).toBeGreaterThan(polls);
    expect((await rig.subscription())?.lastPushOutcome).toMatch(/not a feed .*polled instead/);
    expect((await rig.hub.publish(rig.feed.url, rig.feed.xml([story(1003, 0)]).padEnd(5000, ' '))).map((d) => d.status)).toEqual([413]);
    expect((await rig.subscription())?.pushes).toBe(1);
  });

  it('while push is active, polling slows to the safety net (websub.fallbackIntervalSeconds)', async () => {
    rig = await startWebsubRig({ intervalSeconds: 1, websub: { fallbackIntervalSeconds: 600 } });
    await subscribed(rig);
    await rig.waitFor('a poll planned with push active', async () => /push active/.test((await rig!.running.ctx.feedStates.get('desk')).pollIntervalReason ?? ''));
    const state = await rig.running.ctx.feedStates.get('desk');
    expect(state.pollIntervalSeconds).toBe(600);
    expect(Date.parse(state.nextPollAt ?? '')).toBeGreaterThan(Date.parse(state.lastFetchAt ?? '') + 599_000);
  });
});

