import type { Draft } from '../../../src/drafts/draft.js';
import { telegramNetwork } from '../../../src/publishers/telegram/telegram-network.js';
import { testLivePublisher } from '../../contract/live-publisher.js';
import type { HarnessFactory } from '../../contract/publisher-contract.js';
import { startTelegramFake, telegramFaults } from '../../fakes/telegram-fake.js';

const draft: Draft = {
  text: 'Council approves <new> budget & tax plan\n\nhttps://news.example/budget?a=1&b=2',
  length: 72,
  limit: 4096,
  url: 'https://news.example/budget?a=1&b=2',
  title: 'Council approves <new> budget & tax plan',
  description: 'The council approved the budget.',
  hashtags: [],
};

/** The shared publisher contract (test/contract) against Telegram's fake, in its own envelopes. */
export const telegramContractHarness: HarnessFactory = async () => {
  const fake = await startTelegramFake();
  return {
    publisher: (apiBaseUrl) => testLivePublisher(telegramNetwork, { apiBaseUrl: apiBaseUrl ?? fake.url, chatId: '@crier_news' }, { BOT_TOKEN: fake.token }),
    draft,
    failNext(kind, { resetAtMs }) {
      if (kind === 'rate-limited') fake.fail(telegramFaults.tooManyRequests(Math.ceil((resetAtMs - Date.now()) / 1000)));
      if (kind === 'server-error') fake.fail(telegramFaults.serverError(502));
      if (kind === 'auth') fake.fail(telegramFaults.unauthorized());
      if (kind === 'bad-request') fake.fail(telegramFaults.badRequest());
      if (kind === 'lost-answer') fake.fail(telegramFaults.dropAfter());
    },
    postsMade: () => fake.messages.length,
    close: () => fake.stop(),
  };
};
