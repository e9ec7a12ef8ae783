import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { allPosts, writeTestFeed } from '../../helpers/e2e-feed.js';
import { startTestCrier, type TestCrier } from '../../helpers/pipeline.js';
import { discordFaults, startDiscordFake, type DiscordFake } from '../../fakes/discord-fake.js';

const ARTICLES = 6;
/** Odd items carry an image (the embed image). */
const image = (i: number) => (i % 2 === 1 ? { url: `https://news.example/img/${i}.jpg` } : undefined);

const storyOf = (text: string | undefined) => /news\.example\/story-(\d+)/.exec(text ?? '')?.[1];

describe('discord end to end (live mode against the fake webhook)', () => {
  let crier: TestCrier | undefined;
  let fake: DiscordFake | undefined;
  let dir = '';
  afterEach(async () => {
    await crier?.stop();
    await fake?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
    crier = undefined;
    fake = undefined;
  });

  async function start(): Promise<TestCrier> {
    dir = await mkdtemp(path.join(tmpdir(), 'crier-discord-e2e-'));
    fake = await startDiscordFake();
    // Fresh items whose titles carry markup-like text that must arrive as text.
    const feedFile = await writeTestFeed(dir, { count: ARTICLES, image });
    return startTestCrier(
      {
        feeds: [{ id: 'news', url: feedFile, backfill: ARTICLES, intervalSeconds: 1 }],
        networks: { discord: { mode: 'live', apiBaseUrl: fake.url } },
      },
      { env: { DISCORD_WEBHOOK_URL: 'https://discord.com/api/webhooks/1/abc' } },
    );
  }

  it('posts every article exactly once through 429s and 5xx', async () => {
    crier = await start();
    const f = fake!;
    // About a third of the executes fail, in Discord's own shapes. No dropped connections: even a
    // drop before the body is read looks "maybe sent" to the client, which ends in `unknown`.
    f.fail(discordFaults.serverError(502), discordFaults.pass(), discordFaults.rateLimited(0.75), discordFaults.pass(), discordFaults.serverError(503), discordFaults.pass(), discordFaults.rateLimited(0.25, { global: true }));
    await crier.waitFor('every post posted', async () => {
      const all = await allPosts(crier!);
      return all.length === ARTICLES && all.every((p) => p.state === 'posted');
    }, 25_000);

    const all = await allPosts(crier);
    expect(f.messages).toHaveLength(ARTICLES);
    expect(new Set(f.messages.map((m) => storyOf(m.embeds[0]?.url))).size).toBe(ARTICLES);
    expect(f.executeRequests().length).toBeGreaterThan(ARTICLES);
    expect(f.messages.filter((m) => m.embeds[0]?.image)).toHaveLength(ARTICLES / 2);
    for (const post of all) {
      const sent = f.messages.find((m) => storyOf(m.embeds[0]?.url) === storyOf(post.draft.url));
      expect(sent?.content).toBe(post.draft.text);
      expect(post.remoteId).toBe(sent?.id);
      expect(post.remoteUrl).toBe(`https://discord.com/channels/111/222/${sent?.id}`);
    }
  });

  it('a lost answer leaves the post unknown for a human and never posts it twice', async () => {
    crier = await start();
    const f = fake!;
    f.fail(discordFaults.dropAfter());
    await crier.waitFor('all posts settled', async () => {
      const all = await allPosts(crier!);
      return all.length === ARTICLES && all.every((p) => p.state === 'posted' || p.state === 'unknown');
    }, 25_000);

    const all = await allPosts(crier);
    const unknown = all.filter((p) => p.state === 'unknown');
    expect(unknown).toHaveLength(1);
    expect(unknown[0]?.lastError).toMatch(/outcome unknown/);
    // The dropped request did post: one message per article, the unknown one included, none twice.
    await new Promise((r) => setTimeout(r, 500));
    expect(f.messages).toHaveLength(ARTICLES);
    expect(new Set(f.messages.map((m) => storyOf(m.embeds[0]?.url))).size).toBe(ARTICLES);
    expect(f.executeRequests()).toHaveLength(ARTICLES);
  });
});
