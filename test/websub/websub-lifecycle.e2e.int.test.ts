import { afterEach, describe, expect, it } from 'vitest';
import { pollNow } from '../../src/desk/control-actions.js';
import { ledgerKeys } from '../../src/ledger/keys.js';
import type { AppContext } from '../../workers/context.js';
import { repairWebsub, websubDeps } from '../../workers/websub-sync.js';
import { story } from '../helpers/feed-server.js';
import { startWebsubRig, type WebsubRig } from './websub-harness.js';

/** Subscriptions follow the config and survive Redis losing them. */
describe('WebSub subscription lifecycle', () => {
  let rig: WebsubRig | undefined;
  afterEach(async () => {
    await rig?.stop();
    rig = undefined;
  });

  async function subscribed(r: WebsubRig) {
    await r.hub.waitFor((e) => e.kind === 'verified');
    await r.waitFor('subscription active in Crier', async () => (await r.subscription())?.state === 'active');
  }

  it('unsubscribes (verified by the hub) when the feed leaves the config', async () => {
    rig = await startWebsubRig();
    await subscribed(rig);
    const ctx = rig.running.ctx;
    // The reconciler of a process whose config no longer has the feed.
    const without = { ...ctx, config: { ...ctx.config, feeds: [] } } as AppContext;
    const deps = websubDeps(without);
    try {
      expect(await repairWebsub(without, deps)).toBe(1);
    } finally {
      await deps.queue.close();
    }
    const done = await rig.hub.waitFor((e) => e.kind === 'verified' && e.detail === 'unsubscribed');
    expect(done.topic).toBe(rig.feed.url);
    expect(rig.hub.requests.filter((e) => e.kind === 'unsubscribe')).toHaveLength(1);
    await rig.waitFor('subscription record removed', async () => (await rig!.subscription()) === undefined);
    expect(rig.hub.subscriptions()).toEqual([]);
  });

  it('after Redis lost the subscription, the next poll subscribes again and pushes post again', async () => {
    rig = await startWebsubRig({ items: [story(901, 30)] });
    await subscribed(rig);
    await rig.waitFor('first poll recorded', async () => !!(await rig!.running.ctx.feedStates.get('desk')).initialisedAt);
    const ctx = rig.running.ctx;
    const keys = ledgerKeys(rig.config.redis.prefix);
    await ctx.redis.del(keys.websub('desk'), keys.websubFeeds);
    const from = rig.hub.requests.length;
    await pollNow(ctx, 'desk', 'after-loss');
    await rig.hub.waitFor((e) => e.kind === 'verified', { from });
    await rig.waitFor('subscription active again', async () => (await rig!.subscription())?.state === 'active');
    rig.feed.items.unshift(story(902, 0));
    const delivered = await rig.hub.publish(rig.feed.url, rig.feed.xml());
    // The hub still holds the old callback too (its lease runs on): that one is no longer Crier's (404).
    expect(delivered.map((d) => d.status).sort()).toEqual([202, 404]);
    await rig.waitFor('the pushed story in the outbox', async () => (await rig!.outbox()).length >= 1);
    expect(await rig.outbox()).toEqual([story(902).title]);
  });

  it.each([307, 308])('follows a hub that answers the subscribe POST with %i (websub.rocks 203/204)', async (status) => {
    rig = await startWebsubRig({ hubRedirect: status });
    await subscribed(rig);
    expect(rig.hub.requests.filter((e) => e.kind === 'subscribe')).toHaveLength(1);
    expect((await rig.subscription())?.hub).toMatch(/\/moved-hub$/);
  });

  it.each([302, 301])('subscribes to the topic the feed names (rel=self) when its configured address answers %i (websub.rocks 201/202)', async (status) => {
    rig = await startWebsubRig({ topicRedirect: status });
    await subscribed(rig);
    expect(rig.config.feeds[0]?.url).toMatch(/moved\.xml$/);
    expect(rig.hub.requests.find((e) => e.kind === 'subscribe')?.topic).toBe(rig.feed.url);
  });
});
