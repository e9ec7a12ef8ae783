import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscordFake } from '../fakes/discord-fake.js';
import { FAKE_TOKEN as MASTODON_TOKEN, startMastodonFake } from '../fakes/mastodon-fake.js';
import { allPosts } from '../helpers/e2e-feed.js';
import { e2eResources, waitForPosts } from '../helpers/e2e-run.js';
import { story, TestFeedServer } from '../helpers/feed-server.js';
import { redisProcs, startSentinelSetup, waitForCondition, type RedisProcs, type SentinelSetup } from '../helpers/redis-procs.js';

/**
 * Sentinel failover while stories flow (issue #18): a master, its replica and three sentinels
 * (down-after 1 s), real processes; Crier connected through the sentinels posts live to two fake
 * networks: Mastodon deduplicates (Idempotency-Key = post id, and Crier may re-send after an
 * unknown outcome), Discord does not (an interrupted post goes to a human as `unknown`). The
 * master is SIGKILLed mid-flow; the sentinels promote the replica; Crier follows.
 * The posting pause is printed (a measurement, not an assertion) and recorded in docs/redis.md.
 */
const ADD_EVERY_MS = 300;
/** Stories added after the sentinels promoted the replica, before the feed stops growing. */
const AFTER_FAILOVER = 4;
const storyOf = (text: string | undefined) => /story-(\d+)/.exec(text ?? '')?.[1];

describe('Sentinel failover under a running Crier', () => {
  const e2e = e2eResources();
  let procs: RedisProcs;
  let sentinel: SentinelSetup;
  beforeAll(async () => {
    procs = await redisProcs('failover');
    sentinel = await startSentinelSetup(procs, { downAfterMs: 1_000 });
  }, 60_000);
  afterAll(async () => procs.stopAll());

  it('master killed mid-flow: the replica takes over, every story posted once where the network deduplicates, at most the in-flight post unknown elsewhere, none lost', async () => {
    const masto = e2e.track(await startMastodonFake());
    const discord = e2e.track(await startDiscordFake());
    const feed = await new TestFeedServer().start();
    e2e.defer(() => feed.stop());
    const crier = await e2e.crier(
      feed.url,
      0,
      {
        networks: { mastodon: { mode: 'live', apiBaseUrl: masto.url }, discord: { mode: 'live', apiBaseUrl: discord.url } },
        redis: { sentinels: sentinel.addresses, name: sentinel.name },
      },
      { REDIS_URL: '', MASTODON_ACCESS_TOKEN: MASTODON_TOKEN, DISCORD_WEBHOOK_URL: 'https://discord.com/api/webhooks/1/abc' },
    );
    await crier.waitFor('first sight of the empty feed', async () => !!(await crier.running.ctx.feedStates.get('desk')).initialisedAt, 30_000);

    // When each post landed on a network (sampled every 10 ms), for the pause.
    const landings: number[] = [];
    let seen = 0;
    const sampler = setInterval(() => {
      const now = masto.statuses.length + discord.messages.length;
      for (; seen < now; seen++) landings.push(Date.now());
    }, 10);
    e2e.defer(() => clearInterval(sampler));
    // Stories keep arriving before, during and after the failover; the feed stops growing only
    // once AFTER_FAILOVER stories were added after the promotion.
    let added = 0;
    let stopAt = Infinity;
    const adder = setInterval(() => added < stopAt && feed.add(story(++added, 0)), ADD_EVERY_MS);
    e2e.defer(() => clearInterval(adder));

    await waitForCondition('stories flowing to both networks', () => masto.statuses.length >= 3 && discord.messages.length >= 3, 30_000);
    const killedAt = Date.now();
    await sentinel.master.kill('SIGKILL');
    await waitForCondition('the sentinels promote the replica', async () => (await sentinel.masterPort()) === sentinel.replica.port, 30_000, 20);
    const promotedAt = Date.now();
    stopAt = added + AFTER_FAILOVER;
    await waitForCondition('more stories after the failover', () => added >= stopAt, 30_000);
    clearInterval(adder);
    const STORIES = added;

    const posts = await waitForPosts(crier, STORIES * 2, { states: ['posted', 'unknown'], timeoutMs: 60_000, thenPolls: 1 });
    clearInterval(sampler);
    const resumedAt = landings.find((t) => t > promotedAt);
    const gaps = landings.slice(1).map((t, i) => t - (landings[i] ?? t));
    process.stdout.write(`${JSON.stringify({ sentinelFailover: { promotedAfterMs: promotedAt - killedAt, postingResumedAfterKillMs: resumedAt ? resumedAt - killedAt : null, longestPostingGapMs: Math.max(...gaps) } })}\n`);

    // Mastodon deduplicates: every story exactly once, every post `posted`.
    const mastoPosts = posts.filter((p) => p.channel === 'mastodon');
    expect(mastoPosts.map((p) => p.state)).toEqual(Array(STORIES).fill('posted'));
    expect(masto.statuses).toHaveLength(STORIES);
    expect(new Set(masto.statuses.map((s) => storyOf(s.text))).size).toBe(STORIES);

    // Discord does not: never twice; an interrupted post is `unknown` (a human decides), never silently dropped.
    const discordPosts = posts.filter((p) => p.channel === 'discord');
    expect(discordPosts).toHaveLength(STORIES);
    const unknown = discordPosts.filter((p) => p.state === 'unknown');
    expect(unknown.length).toBeLessThanOrEqual(crier.config.workers.publishConcurrency);
    const landed = discord.messages.map((m) => storyOf(m.embeds[0]?.url));
    expect(new Set(landed).size).toBe(landed.length);
    for (const p of discordPosts.filter((x) => x.state === 'posted')) expect(landed).toContain(storyOf(p.draft.url));
    expect(landed.length).toBeGreaterThanOrEqual(STORIES - unknown.length);

    // Nothing left behind: no post in a waiting state, the ledger complete on the promoted replica.
    expect((await allPosts(crier)).filter((p) => !['posted', 'unknown'].includes(p.state))).toEqual([]);
  }, 150_000);
});
