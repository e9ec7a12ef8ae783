import { describe, expect, it } from 'vitest';
import { e2eResources, expectOneLostAnswer, expectOnePerArticle, waitForPosts } from '../../helpers/e2e-run.js';
import { mrkdwnLinks, slackFaults, startSlackFake } from '../../fakes/slack-fake.js';

const ARTICLES = 6;

const storyOf = (text: string | undefined) => /news\.example\/story-(\d+)/.exec(text ?? '')?.[1];
const linkOf = (m: { blocks: Array<{ text?: { text: string } }> }) => mrkdwnLinks(m.blocks[0]?.text?.text ?? '')[0];

describe('slack end to end (live mode against the fake webhook)', () => {
  const e2e = e2eResources();

  async function start() {
    const fake = e2e.track(await startSlackFake());
    // Fresh items whose titles carry markup-like text that must arrive as text.
    const feedFile = await e2e.feed({ count: ARTICLES });
    const crier = await e2e.crier(feedFile, ARTICLES, { networks: { slack: { mode: 'live', apiBaseUrl: fake.url } } }, { SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T000/B000/XXXX' });
    return { crier, fake };
  }

  it('posts every article exactly once through 429s and 5xx', async () => {
    const { crier, fake: f } = await start();
    // About a third of the posts fail, with Slack's plain-text codes. No dropped connections: even a
    // drop before the body is read looks "maybe sent" to the client, which ends in `unknown`.
    f.fail(slackFaults.serverError(500), slackFaults.pass(), slackFaults.rateLimited(1), slackFaults.pass(), slackFaults.serverError(503), slackFaults.pass(), slackFaults.serverError(502));
    const all = await waitForPosts(crier, ARTICLES, { timeoutMs: 25_000 });

    expectOnePerArticle(f.messages, (m) => storyOf(linkOf(m)), ARTICLES);
    expect(f.server.requests.length).toBeGreaterThan(ARTICLES);
    for (const post of all) {
      const sent = f.messages.find((m) => storyOf(linkOf(m)) === storyOf(post.draft.url));
      // Readers see the headline as the feed's text (markup-like characters included) and the body as drafted.
      expect(sent?.visibleBlocks[0]).toBe(`*${post.draft.title}*`);
      expect(sent?.visibleBlocks[1]).toBe(post.draft.text);
      expect(linkOf(sent!)).toBe(post.draft.url);
      expect(post.remoteUrl).toBe(post.draft.url);
    }
  });

  it('a lost answer leaves the post unknown for a human and never posts it twice', async () => {
    const { crier, fake: f } = await start();
    f.fail(slackFaults.dropAfter());
    await expectOneLostAnswer(crier, ARTICLES, 25_000);

    // The dropped request did post: one message per article, the unknown one included, none twice.
    expectOnePerArticle(f.messages, (m) => storyOf(linkOf(m)), ARTICLES);
    expect(f.server.requests).toHaveLength(ARTICLES);
  });
});
