import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { allPosts, writeTestFeed } from '../../helpers/e2e-feed.js';
import { startTestCrier, type TestCrier } from '../../helpers/pipeline.js';
import { startTelegramFake, telegramFaults, type TelegramFake } from '../../fakes/telegram-fake.js';

const ARTICLES = 6;
/** Odd items carry an image (the sendPhoto path). */
const image = (i: number) => (i % 2 === 1 ? { url: `https://news.example/img/${i}.jpg` } : undefined);

const storyOf = (text: string) => /news\.example\/story-(\d+)/.exec(text)?.[1];

describe('telegram end to end (live mode against the fake Bot API)', () => {
  let crier: TestCrier | undefined;
  let fake: TelegramFake | undefined;
  let dir = '';
  afterEach(async () => {
    await crier?.stop();
    await fake?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
    crier = undefined;
    fake = undefined;
  });

  async function start(): Promise<TestCrier> {
    dir = await mkdtemp(path.join(tmpdir(), 'crier-telegram-e2e-'));
    fake = await startTelegramFake();
    // Fresh items whose titles carry markup-like text that must arrive as text.
    const feedFile = await writeTestFeed(dir, { count: ARTICLES, image });
    return startTestCrier(
      {
        feeds: [{ id: 'news', url: feedFile, backfill: ARTICLES, intervalSeconds: 1 }],
        networks: { telegram: { mode: 'live', apiBaseUrl: fake.url, chatId: '@crier_news' } },
      },
      { env: { TELEGRAM_BOT_TOKEN: fake.token } },
    );
  }

  it('posts every article exactly once through 429s and 5xx', async () => {
    crier = await start();
    const f = fake!;
    // About a third of the post requests fail, in Telegram's own envelopes. No dropped connections:
    // even a drop before the body is read looks "maybe sent" to the client, which ends in `unknown`.
    f.fail(telegramFaults.serverError(502), telegramFaults.pass(), telegramFaults.tooManyRequests(1), telegramFaults.pass(), telegramFaults.serverError(503), telegramFaults.pass(), telegramFaults.serverError(500));
    await crier.waitFor('every post posted', async () => {
      const all = await allPosts(crier!);
      return all.length === ARTICLES && all.every((p) => p.state === 'posted');
    }, 25_000);

    const all = await allPosts(crier);
    expect(f.messages).toHaveLength(ARTICLES);
    const stories = f.messages.map((m) => storyOf(m.visibleText));
    expect(new Set(stories).size).toBe(ARTICLES);
    // Faults were really hit, and the photo path was used for the items with images.
    expect(f.sendRequests().length).toBeGreaterThan(ARTICLES);
    expect(f.messages.filter((m) => m.method === 'sendPhoto')).toHaveLength(ARTICLES / 2);
    for (const post of all) {
      const sent = f.messages.find((m) => storyOf(m.visibleText) === storyOf(post.draft.text));
      // What readers see is exactly the draft the ledger holds (escaping adds nothing visible).
      expect(sent?.visibleText).toBe(post.draft.text);
      expect(post.remoteUrl).toBe(`https://t.me/crier_news/${sent?.messageId}`);
    }
  });

  it('a lost answer leaves the post unknown for a human and never posts it twice', async () => {
    crier = await start();
    const f = fake!;
    f.fail(telegramFaults.dropAfter());
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
    expect(new Set(f.messages.map((m) => storyOf(m.visibleText))).size).toBe(ARTICLES);
    expect(f.sendRequests()).toHaveLength(ARTICLES);
  });
});
