import type { Draft } from '../../../src/drafts/draft.js';
import { linkedinNetwork } from '../../../src/publishers/linkedin/linkedin-network.js';
import { testLivePublisher } from '../../contract/live-publisher.js';
import type { HarnessFactory } from '../../contract/publisher-contract.js';
import { FAKE_AUTHOR, FAKE_TOKEN, rateLimitFault, ROUTES, startLinkedinFake } from '../../fakes/linkedin-fake.js';

const URL = 'https://news.example.com/story?utm_source=linkedin';
const draft: Draft = { text: `Defence ties deepen\n\n${URL}`, length: 50, limit: 3000, url: URL, title: 'Defence ties deepen', description: 'A new agreement.', hashtags: [] };

/** The shared publisher contract (test/contract) against Linkedin's fake, in its own envelopes. */
export const linkedinContractHarness: HarnessFactory = async () => {
  const fake = await startLinkedinFake();
  return {
    publisher: (apiBaseUrl) => testLivePublisher(linkedinNetwork, { apiBaseUrl: apiBaseUrl ?? fake.url, author: FAKE_AUTHOR, mode: 'live' }, { ACCESS_TOKEN: FAKE_TOKEN }),
    draft,
    failNext(kind, { resetAtMs }) {
      // LinkedIn usually gives no reset time (daily limits); when it does, it is Retry-After.
      if (kind === 'rate-limited') fake.server.fault(ROUTES.posts, rateLimitFault(Math.round((resetAtMs - Date.now()) / 1000)));
      if (kind === 'server-error') fake.server.fault(ROUTES.posts, { kind: 'status', status: 500, body: { status: 500, message: 'Internal Server Error' } });
      if (kind === 'auth') fake.server.fault(ROUTES.posts, { kind: 'status', status: 401, body: { status: 401, serviceErrorCode: 65600, code: 'INVALID_ACCESS_TOKEN', message: 'Invalid access token' } });
      if (kind === 'bad-request') fake.server.fault(ROUTES.posts, { kind: 'status', status: 400, body: { status: 400, message: 'Syntax exception in path variables' } });
      if (kind === 'lost-answer') fake.server.fault(ROUTES.posts, { kind: 'drop-after' });
    },
    postsMade: () => fake.posts.length,
    close: () => fake.stop(),
  };
};
