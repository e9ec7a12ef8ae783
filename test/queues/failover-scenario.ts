import { expect } from 'vitest';
import { startDiscordFake } from '../fakes/discord-fake.js';
import { FAKE_TOKEN as MASTODON_TOKEN, startMastodonFake } from '../fakes/mastodon-fake.js';
import { allPosts } from '../helpers/e2e-feed.js';
import { waitForPosts, type E2eResources } from '../helpers/e2e-run.js';
import { story, TestFeedServer } from '../helpers/feed-server.js';
import { waitForCondition } from '../helpers/redis-procs.js';

/**
 * A Redis failover while stories flow (issue #18), for any topology: Crier posts live to two fake
 * networks: Mastodon deduplicates (Idempotency-Key = post id, and Crier may re-send after an
 * unknown outcome), Discord does not (an interrupted post goes to a human as `unknown`). Stories
 * keep arriving before, during and after the failover; `kill` takes the master down, `promoted`
 * says when the topology has a new one. Asserts nothing lost, nothing twice; prints the pause.
 */
const ADD_EVERY_MS = 300;
/** Stories added after the promotion, before the feed stops growing. */
const AFTER_FAILOVER = 4;
const storyOf = (text: string | undefined) => /story-(\d+)/.exec(text ?? '')?.[1];

export interface FailoverScenario {
  label: string;
  /** The `redis:` config of the topology. */
  redis: Record<string, unknown>;
  kill(crierPrefix: string): Promise<void>;
  promoted(): Promise<boolean>;
}

export async function runFailoverScenario(e2e: E2eResources, scenario: FailoverScenario): Promise<void> {
  const masto = e2e.track(await startMastodonFake());
  const discord = e2e.track(await startDiscordFake());
  const feed = await new TestFeedServer().start();
  e2e.defer(() => feed.stop());
  const networks = { mastodon: { mode: 'live', apiBaseUrl: masto.url }, discord: { mode: 'live', apiBaseUrl: discord.url } };
  const env = { REDIS_URL: '', MASTODON_ACCESS_TOKEN: MASTODON_TOKEN, DISCORD_WEBHOOK_URL: 'https://discord.com/api/webhooks/1/abc' };
  const crier = await e2e.crier(feed.url, 0, { networks, redis: scenario.redis }, env);
  await crier.waitFor('first sight of the empty feed', async () => !!(await crier.running.ctx.feedStates.get('desk')).initialisedAt, 30_000);

  // When each post landed on a network (sampled every 10 ms), for the pause.
  const landings: number[] = [];
  const sampler = setInterval(() => {
    for (let n = masto.statuses.length + discord.messages.length; landings.length < n; ) landings.push(Date.now());
  }, 10);
  e2e.defer(() => clearInterval(sampler));
  let added = 0;
  let stopAt = Infinity;
  const adder = setInterval(() => added < stopAt && feed.add(story(++added, 0)), ADD_EVERY_MS);
  e2e.defer(() => clearInterval(adder));

  await waitForCondition('stories flowing to both networks', () => masto.statuses.length >= 3 && discord.messages.length >= 3, 30_000);
  const killedAt = Date.now();
  await scenario.kill(crier.prefix);
  await waitForCondition('a new master', () => scenario.promoted(), 30_000, 20);
  const promotedAt = Date.now();
  stopAt = added + AFTER_FAILOVER;
  await waitForCondition('more stories after the failover', () => added >= stopAt, 30_000);
  clearInterval(adder);
  const stories = added;

  const posts = await waitForPosts(crier, stories * 2, { states: ['posted', 'unknown'], timeoutMs: 60_000, thenPolls: 1 });
  clearInterval(sampler);
  const resumedAt = landings.find((t) => t > promotedAt);
  const gaps = landings.slice(1).map((t, i) => t - (landings[i] ?? t));
  process.stdout.write(`${JSON.stringify({ [scenario.label]: { stories, promotedAfterMs: promotedAt - killedAt, postingResumedAfterKillMs: resumedAt ? resumedAt - killedAt : null, longestPostingGapMs: Math.max(...gaps) } })}\n`);

  // Mastodon deduplicates: every story exactly once, every post `posted`.
  expect(posts.filter((p) => p.channel === 'mastodon').map((p) => p.state)).toEqual(Array(stories).fill('posted'));
  expect(masto.statuses).toHaveLength(stories);
  expect(new Set(masto.statuses.map((s) => storyOf(s.text))).size).toBe(stories);

  // Discord does not: never twice; an interrupted post is `unknown` (a human decides), never silently dropped.
  const discordPosts = posts.filter((p) => p.channel === 'discord');
  expect(discordPosts).toHaveLength(stories);
  const unknown = discordPosts.filter((p) => p.state === 'unknown');
  expect(unknown.length).toBeLessThanOrEqual(crier.config.workers.publishConcurrency);
  const landed = discord.messages.map((m) => storyOf(m.embeds[0]?.url));
  expect(new Set(landed).size).toBe(landed.length);
  for (const p of discordPosts.filter((x) => x.state === 'posted')) expect(landed).toContain(storyOf(p.draft.url));
  expect(landed.length).toBeGreaterThanOrEqual(stories - unknown.length);

  // Nothing left behind: no post in a waiting state, the ledger complete on the new master.
  expect((await allPosts(crier)).filter((p) => !['posted', 'unknown'].includes(p.state))).toEqual([]);
}
