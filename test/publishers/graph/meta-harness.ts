import type { Draft } from '../../../src/drafts/draft.js';
import { facebookNetwork } from '../../../src/publishers/facebook/facebook-network.js';
import { instagramNetwork } from '../../../src/publishers/instagram/instagram-network.js';
import type { LiveFactoryInput, LivePublisher } from '../../../src/publishers/publisher.js';
import { allowPrivateOriginForTests } from '../../../src/shared/http/test-egress.js';
import { threadsNetwork } from '../../../src/publishers/threads/threads-network.js';
import type { HarnessFactory } from '../../contract/publisher-contract.js';
import { bucUsageHeader, GraphFake, graphError, ROUTES } from '../../fakes/graph-fake.js';
import { testImage } from '../../helpers/test-image.js';
import { silentLog, startSiteServer, type TinyServer } from './meta-helpers.js';

export const ARTICLE_URL = 'https://news.example.com/2025/floods?utm_source=social';

export function metaDraft(over: Partial<Draft> = {}): Draft {
  const text = `Monsoon floods displace thousands\n\nRivers breached embankments overnight.\n\n${ARTICLE_URL}`;
  return { text, length: text.length, limit: 500, url: ARTICLE_URL, title: 'Monsoon floods displace thousands', description: 'Rivers breached embankments overnight.', hashtags: [], ...over };
}

type Net = 'facebook' | 'instagram' | 'threads';
const DEFS = { facebook: facebookNetwork, instagram: instagramNetwork, threads: threadsNetwork };

export function metaPublisher(net: Net, fake: GraphFake, opts: { apiBaseUrl?: string; options?: Record<string, unknown>; publicBaseUrl?: string; log?: LiveFactoryInput['log'] } = {}): LivePublisher {
  const def = DEFS[net];
  const ids = net === 'facebook' ? { pageId: '1234' } : { userId: '5678' };
  const fast = net === 'facebook' ? {} : { pollIntervalMs: 5, maxPolls: 5 };
  const options = def.optionsSchema.parse(JSON.parse(JSON.stringify({ apiBaseUrl: opts.apiBaseUrl ?? fake.url, ...ids, ...fast, ...opts.options })));
  const secrets: Record<string, string> = net === 'facebook' ? { PAGE_TOKEN: fake.token } : { ACCESS_TOKEN: fake.token };
  return def.createLive!({ channel: net, options, secrets, log: opts.log ?? silentLog, ...(opts.publicBaseUrl ? { publicBaseUrl: opts.publicBaseUrl } : {}), publication: { name: 'Test Desk' } });
}

const FIRST_CALL = { facebook: ROUTES.fbFeed, instagram: ROUTES.igCreate, threads: ROUTES.thCreate };
/** The call that makes the post public: where an answer lost means the post may exist. */
const POSTING_CALL = { facebook: ROUTES.fbFeed, instagram: ROUTES.igPublish, threads: ROUTES.thPublish };

/** The shared publisher contract, in the Graph API's own envelopes (codes, not statuses). */
export function metaContractHarness(net: Net): HarnessFactory {
  return async () => {
    const fake = await new GraphFake().start();
    let site: TinyServer | undefined;
    let imageUrl: string | undefined;
    let withdraw: (() => void) | undefined;
    if (net === 'instagram') {
      site = await startSiteServer({ '/photo.jpg': ['image/jpeg', await testImage(1080, 1080)] });
      imageUrl = `${site.url}/photo.jpg`;
      // The article image is on 127.0.0.1: only the test runner can let the safe fetch reach it.
      withdraw = allowPrivateOriginForTests(site.url);
    }
    return {
      publisher: (apiBaseUrl) => metaPublisher(net, fake, apiBaseUrl ? { apiBaseUrl } : {}),
      draft: metaDraft(imageUrl ? { imageUrl } : {}),
      failNext(kind, { resetAtMs }) {
        const route = FIRST_CALL[net];
        if (kind === 'rate-limited') {
          fake.fault(route, graphError(32, undefined, { headers: bucUsageHeader(Math.round((resetAtMs - Date.now()) / 60_000)) }));
        } else if (kind === 'server-error') fake.fault(route, graphError(2, undefined, { status: 500 }));
        else if (kind === 'auth') fake.fault(route, graphError(190, 460));
        else if (kind === 'bad-request') fake.fault(route, graphError(100, undefined, { message: 'Invalid parameter' }));
        else fake.fault(POSTING_CALL[net], { kind: 'drop-after' });
      },
      postsMade: () => (net === 'facebook' ? fake.fbPosts.length : fake.publishedBy(net).length),
      async close() {
        await fake.stop();
        withdraw?.();
        await site?.stop();
      },
    };
  };
}
