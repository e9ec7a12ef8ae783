import { describe, expect, it } from 'vitest';
import { e2eResources, expectOneLostAnswer, expectOnePerArticle, waitForPosts } from '../../helpers/e2e-run.js';
import { startTelegramFake, telegramFaults } from '../../fakes/telegram-fake.js';

const ARTICLES = 6;
/** Odd items carry an image (the sendPhoto path). */
const image = (i: number) => (i % 2 === 1 ? { url: `https://news.example/img/${i}.jpg` } : undefined);

const storyOf = (text: string) => /news\.example\/story-(\d+)/.exec(text)?.[1];

describe('telegram end to end (live mode against the fake Bot API)', () => {
  const e2e = e2eResources();

  async function start() {
    const fake = e2e.track(await startTelegramFake());
    // Fresh items whose titles carry markup-like text that must arrive as text.
    const feedFile = await e2e.feed({ count: ARTICLES, image });
    const crier = await e2e.crier(feedFile, ARTICLES, { networks: { telegram: { mode: 'live', apiBaseUrl: fake.url, chatId: '@crier_news' } } }, { TELEGRAM_BOT_TOKEN: fake.token });
    return { crier, fake };
  }

  it('posts every article exactly once through 429s and 5xx', async () => {
    const { crier, fake: f } = await start();
    // About a third of the post requests fail, in Telegram's own envelopes. No dropped connections:
    // even a drop before the body is read looks "maybe sent" to the client, which ends in `unknown`.
    f.fail(telegramFaults.serverError(502), telegramFaults.pass(), telegramFaults.tooManyRequests(1), telegramFaults.pass(), telegramFaults.serverError(503), telegramFaults.pass(), telegramFaults.serverError(500));
    const all = await waitForPosts(crier, ARTICLES, { timeoutMs: 25_000 });

    expectOnePerArticle(f.messages, (m) => storyOf(m.visibleText), ARTICLES);
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
    const { crier, fake: f } = await start();
    f.fail(telegramFaults.dropAfter());
    await expectOneLostAnswer(crier, ARTICLES, 25_000);

    // The dropped request did post: one message per article, the unknown one included, none twice.
    expectOnePerArticle(f.messages, (m) => storyOf(m.visibleText), ARTICLES);
    expect(f.sendRequests()).toHaveLength(ARTICLES);
  });
});
