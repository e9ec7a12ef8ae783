import type { Draft } from '../../../src/drafts/draft.js';
import { blueskyNetwork } from '../../../src/publishers/bluesky/bluesky-network.js';
import { testLivePublisher } from '../../contract/live-publisher.js';
import type { HarnessFactory } from '../../contract/publisher-contract.js';
import { FAKE_APP_PASSWORD, FAKE_IDENTIFIER, rateLimitFault, ROUTES, startBlueskyFake } from '../../fakes/bluesky-fake.js';

const URL = 'https://news.example.com/story?utm_source=bluesky';
const draft: Draft = { text: `Defence ties deepen\n\n${URL}`, length: 41, limit: 300, url: URL, title: 'Defence ties deepen', description: 'A new agreement.', hashtags: [] };

/** The shared publisher contract (test/contract) against Bluesky's fake, in its own envelopes. */
export const blueskyContractHarness: HarnessFactory = async () => {
  const fake = await startBlueskyFake();
  return {
    publisher: (apiBaseUrl) => testLivePublisher(blueskyNetwork, { apiBaseUrl: apiBaseUrl ?? fake.url }, { IDENTIFIER: FAKE_IDENTIFIER, APP_PASSWORD: FAKE_APP_PASSWORD }),
    draft,
    failNext(kind, { resetAtMs }) {
      if (kind === 'rate-limited') fake.server.fault(ROUTES.createRecord, rateLimitFault(resetAtMs));
      if (kind === 'server-error') fake.server.fault(ROUTES.createRecord, { kind: 'status', status: 502, body: { error: 'UpstreamFailure', message: 'Upstream Failure' } });
      // Bluesky's "401": the app password is refused at login (each contract case starts without a session).
      if (kind === 'auth') fake.server.fault(ROUTES.createSession, { kind: 'status', status: 401, body: { error: 'AuthenticationRequired', message: 'Invalid identifier or password' } });
      if (kind === 'bad-request') fake.server.fault(ROUTES.createRecord, { kind: 'status', status: 400, body: { error: 'InvalidRequest', message: 'Invalid app.bsky.feed.post record' } });
      if (kind === 'lost-answer') fake.server.fault(ROUTES.createRecord, { kind: 'drop-after' });
    },
    postsMade: () => fake.records.size,
    close: () => fake.stop(),
  };
};
