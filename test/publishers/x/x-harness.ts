import type { Draft } from '../../../src/drafts/draft.js';
import { xNetwork } from '../../../src/publishers/x/x-network.js';
import { testLivePublisher } from '../../contract/live-publisher.js';
import type { HarnessFactory } from '../../contract/publisher-contract.js';
import { startXFake, xFaults } from '../../fakes/x-fake.js';

const draft: Draft = {
  text: 'Pakistan and Turkiye expand defence training programme\n\nhttps://southasiandesk.example/news/1',
  length: 79,
  limit: 280,
  url: 'https://southasiandesk.example/news/1',
  title: 'Pakistan and Turkiye expand defence training programme',
  description: '',
  hashtags: [],
};

/** The shared publisher contract (test/contract) against X's fake, in its own envelopes. */
export const xContractHarness: HarnessFactory = async () => {
  const fake = await startXFake();
  return {
    publisher: (apiBaseUrl) => testLivePublisher(xNetwork, { apiBaseUrl: apiBaseUrl ?? fake.url }, { OAUTH2_TOKEN: 'contract-token' }),
    draft,
    failNext(kind, { resetAtMs }) {
      const fault = {
        'rate-limited': () => xFaults.rateLimited({ resetInMs: resetAtMs - Date.now() }),
        'server-error': () => xFaults.serverError(503),
        auth: () => xFaults.unauthorized(),
        'bad-request': () => xFaults.badRequest('The `text` field is invalid.'),
        'lost-answer': () => xFaults.dropAfter(),
      }[kind]();
      fake.failTweets(fault);
    },
    postsMade: () => fake.tweets.length,
    close: () => fake.stop(),
  };
};
