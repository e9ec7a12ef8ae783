import { describe, expect, it } from 'vitest';
import { e2eResources, expectOneLostAnswer, expectOnePerArticle, waitForPosts } from '../../helpers/e2e-run.js';
import { discordFaults, startDiscordFake } from '../../fakes/discord-fake.js';

const ARTICLES = 6;
/** Odd items carry an image (the embed image). */
const image = (i: number) => (i % 2 === 1 ? { url: `https://news.example/img/${i}.jpg` } : undefined);

const storyOf = (text: string | undefined) => /news\.example\/story-(\d+)/.exec(text ?? '')?.[1];

describe('discord end to end (live mode against the fake webhook)', () => {
  const e2e = e2eResources();

  async function start() {
    const fake = e2e.track(await startDiscordFake());
    // Fresh items whose titles carry markup-like text that must arrive as text.
    const feedFile = await e2e.feed({ count: ARTICLES, image });
    const crier = await e2e.crier(feedFile, ARTICLES, { networks: { discord: { mode: 'live', apiBaseUrl: fake.url } } }, { DISCORD_WEBHOOK_URL: 'https://discord.com/api/webhooks/1/abc' });
    return { crier, fake };
  }

  it('posts every article exactly once through 429s and 5xx', async () => {
    const { crier, fake: f } = await start();
    // About a third of the executes fail, in Discord's own shapes. No dropped connections: even a
    // drop before the body is read looks "maybe sent" to the client, which ends in `unknown`.
    f.fail(discordFaults.serverError(502), discordFaults.pass(), discordFaults.rateLimited(0.75), discordFaults.pass(), discordFaults.serverError(503), discordFaults.pass(), discordFaults.rateLimited(0.25, { global: true }));
    const all = await waitForPosts(crier, ARTICLES, { timeoutMs: 25_000 });

    expectOnePerArticle(f.messages, (m) => storyOf(m.embeds[0]?.url), ARTICLES);
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
    const { crier, fake: f } = await start();
    f.fail(discordFaults.dropAfter());
    await expectOneLostAnswer(crier, ARTICLES, 25_000);

    // The dropped request did post: one message per article, the unknown one included, none twice.
    expectOnePerArticle(f.messages, (m) => storyOf(m.embeds[0]?.url), ARTICLES);
    expect(f.executeRequests()).toHaveLength(ARTICLES);
  });
});
