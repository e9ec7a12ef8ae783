import type { Draft } from '../../../src/drafts/draft.js';
import { discordNetwork } from '../../../src/publishers/discord/discord-network.js';
import { testLivePublisher } from '../../contract/live-publisher.js';
import type { HarnessFactory } from '../../contract/publisher-contract.js';
import { discordFaults, startDiscordFake } from '../../fakes/discord-fake.js';

const draft: Draft = {
  text: 'The council approved the budget on Monday.',
  length: 42,
  limit: 2000,
  url: 'https://news.example/budget',
  title: 'Council approves budget',
  description: 'The council approved the budget on Monday.',
  hashtags: [],
};

/** The shared publisher contract (test/contract) against Discord's fake, in its own envelopes. */
export const discordContractHarness: HarnessFactory = async () => {
  const fake = await startDiscordFake();
  return {
    publisher: (apiBaseUrl) => testLivePublisher(discordNetwork, { apiBaseUrl: apiBaseUrl ?? fake.url }, { WEBHOOK_URL: 'https://discord.com/api/webhooks/1/abc' }),
    draft,
    failNext(kind, { resetAtMs }) {
      if (kind === 'rate-limited') fake.fail(discordFaults.rateLimited((resetAtMs - Date.now()) / 1000));
      if (kind === 'server-error') fake.fail(discordFaults.serverError(502));
      if (kind === 'auth') fake.fail(discordFaults.unauthorized());
      if (kind === 'bad-request') fake.fail(discordFaults.badRequest());
      if (kind === 'lost-answer') fake.fail(discordFaults.dropAfter());
    },
    postsMade: () => fake.messages.length,
    close: () => fake.stop(),
  };
};
