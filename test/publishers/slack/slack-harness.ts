import type { Draft } from '../../../src/drafts/draft.js';
import { slackNetwork } from '../../../src/publishers/slack/slack-network.js';
import { testLivePublisher } from '../../contract/live-publisher.js';
import type { HarnessFactory } from '../../contract/publisher-contract.js';
import { slackFaults, startSlackFake } from '../../fakes/slack-fake.js';

const draft: Draft = {
  text: 'The council approved the budget on Monday.',
  length: 42,
  limit: 3000,
  url: 'https://news.example/budget',
  title: 'Council approves budget',
  description: 'The council approved the budget on Monday.',
  hashtags: [],
};

/** The shared publisher contract (test/contract) against Slack's fake, in its own envelopes. */
export const slackContractHarness: HarnessFactory = async () => {
  const fake = await startSlackFake();
  return {
    publisher: (apiBaseUrl) => testLivePublisher(slackNetwork, { apiBaseUrl: apiBaseUrl ?? fake.url }, { WEBHOOK_URL: 'https://hooks.slack.com/services/T000/B000/XXXX' }),
    draft,
    failNext(kind, { resetAtMs }) {
      if (kind === 'rate-limited') fake.fail(slackFaults.rateLimited(Math.ceil((resetAtMs - Date.now()) / 1000)));
      if (kind === 'server-error') fake.fail(slackFaults.serverError(500));
      if (kind === 'auth') fake.fail(slackFaults.unauthorized());
      if (kind === 'bad-request') fake.fail(slackFaults.invalidPayload());
      if (kind === 'lost-answer') fake.fail(slackFaults.dropAfter());
    },
    postsMade: () => fake.messages.length,
    close: () => fake.stop(),
  };
};
