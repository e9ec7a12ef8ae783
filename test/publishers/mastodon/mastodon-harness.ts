import type { Draft } from '../../../src/drafts/draft.js';
import { mastodonNetwork } from '../../../src/publishers/mastodon/mastodon-network.js';
import { testLivePublisher } from '../../contract/live-publisher.js';
import type { HarnessFactory } from '../../contract/publisher-contract.js';
import { FAKE_TOKEN, rateLimitFault, ROUTES, startMastodonFake } from '../../fakes/mastodon-fake.js';

const URL = 'https://news.example.com/story?utm_source=mastodon';
const draft: Draft = { text: `Defence ties deepen\n\n${URL}`, length: 44, limit: 500, url: URL, title: 'Defence ties deepen', description: 'A new agreement.', hashtags: [] };

/** The shared publisher contract (test/contract) against Mastodon's fake, in its own envelopes. */
export const mastodonContractHarness: HarnessFactory = async () => {
  const fake = await startMastodonFake();
  return {
    publisher: (apiBaseUrl) => testLivePublisher(mastodonNetwork, { apiBaseUrl: apiBaseUrl ?? fake.url }, { ACCESS_TOKEN: FAKE_TOKEN }),
    draft,
    failNext(kind, { resetAtMs }) {
      if (kind === 'rate-limited') fake.server.fault(ROUTES.statuses, rateLimitFault(resetAtMs));
      if (kind === 'server-error') fake.server.fault(ROUTES.statuses, { kind: 'status', status: 503, body: '<html>Mastodon is down for maintenance</html>', headers: { 'content-type': 'text/html' } });
      if (kind === 'auth') fake.server.fault(ROUTES.statuses, { kind: 'status', status: 401, body: { error: 'The access token is invalid' } });
      if (kind === 'bad-request') fake.server.fault(ROUTES.statuses, { kind: 'status', status: 422, body: { error: "Validation failed: Text can't be blank" } });
      if (kind === 'lost-answer') fake.server.fault(ROUTES.statuses, { kind: 'drop-after' });
    },
    postsMade: () => fake.statuses.length,
    close: () => fake.stop(),
  };
};
