import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { allPosts, writeTestFeed } from '../../helpers/e2e-feed.js';
import { startTestCrier, type TestCrier } from '../../helpers/pipeline.js';
import { mrkdwnLinks, slackFaults, startSlackFake, type SlackFake } from '../../fakes/slack-fake.js';

const ARTICLES = 6;

const storyOf = (text: string | undefined) => /news\.example\/story-(\d+)/.exec(text ?? '')?.[1];
const linkOf = (m: { blocks: Array<{ text?: { text: string } }> }) => mrkdwnLinks(m.blocks[0]?.text?.text ?? '')[0];

describe('slack end to end (live mode against the fake webhook)', () => {
  let crier: TestCrier | undefined;
  let fake: SlackFake | undefined;
  let dir = '';
  afterEach(async () => {
    await crier?.stop();
    await fake?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
    crier = undefined;
    fake = undefined;
  });

  async function start(): Promise<TestCrier> {
    dir = await mkdtemp(path.join(tmpdir(), 'crier-slack-e2e-'));
    fake = await startSlackFake();
    // Fresh items whose titles carry markup-like text that must arrive as text.
    const feedFile = await writeTestFeed(dir, { count: ARTICLES });
    return startTestCrier(
      {
        feeds: [{ id: 'news', url: feedFile, backfill: ARTICLES, intervalSeconds: 1 }],
        networks: { slack: { mode: 'live', apiBaseUrl: fake.url } },
      },
      { env: { SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T000/B000/XXXX' } },
    );
  }

  it('posts every article exactly once through 429s and 5xx', async () => {
    crier = await start();
    const f = fake!;
    // About a third of the posts fail, with Slack's plain-text codes. No dropped connections: even a
    // drop before the body is read looks "maybe sent" to the client, which ends in `unknown`.
    f.fail(slackFaults.serverError(500), slackFaults.pass(), slackFaults.rateLimited(1), slackFaults.pass(), slackFaults.serverError(503), slackFaults.pass(), slackFaults.serverError(502));
    await crier.waitFor('every post posted', async () => {
      const all = await allPosts(crier!);
      return all.length === ARTICLES && all.every((p) => p.state === 'posted');
    }, 25_000);

    const all = await allPosts(crier);
    expect(f.messages).toHaveLength(ARTICLES);
    expect(new Set(f.messages.map((m) => storyOf(linkOf(m)))).size).toBe(ARTICLES);
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
    crier = await start();
    const f = fake!;
    f.fail(slackFaults.dropAfter());
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
    expect(new Set(f.messages.map((m) => storyOf(linkOf(m)))).size).toBe(ARTICLES);
    expect(f.server.requests).toHaveLength(ARTICLES);
  });
});
