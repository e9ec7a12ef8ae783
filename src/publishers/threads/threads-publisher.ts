import { AuthError, PermanentError } from '../errors.js';
import { graphClientFor } from '../graph/graph-client.js';
import { createMediaPublisher, type MediaPublisherSpec } from '../graph/graph-media-publisher.js';
import type { LiveFactoryInput, LivePublisher } from '../publisher.js';
import type { ThreadsOptions } from './threads-options.js';
import { threadsLifecycle } from './threads-lifecycle.js';
import { countLinks, THREADS_MAX_LINKS } from './threads-links.js';

const NETWORK = 'threads';
const FALLBACK_PUBLIC_URL = 'https://www.threads.net/';

/** Text post with a link preview card: `POST /{user}/threads` (TEXT + link_attachment), then `threads_publish`. */
export function createThreadsPublisher(input: LiveFactoryInput<ThreadsOptions>): LivePublisher {
  const o = input.options;
  const token = input.secrets.ACCESS_TOKEN ?? '';
  const client = graphClientFor(NETWORK, o, token);
  const containerPublisher = (createFields: MediaPublisherSpec['createFields']) => createMediaPublisher({
    network: NETWORK,
    client,
    userId: o.userId,
    tokenPresent: token !== '',
    channel: input.channel,
    paths: { create: '{user}/threads', publish: '{user}/threads_publish', list: '{user}/threads', quota: '{user}/threads_publishing_limit' },
    statusField: 'status',
    statusDetailField: 'error_message',
    listTextField: 'text',
    fallbackUrl: () => FALLBACK_PUBLIC_URL,
    poll: { pollIntervalMs: o.pollIntervalMs, maxPolls: o.maxPolls },
    ...(o.quotaTotal ? { quotaTotal: o.quotaTotal } : {}),
    quotaWaitMs: o.quotaWaitMinutes * 60_000,
    log: input.log,
    createFields,
  });
  const publisher = containerPublisher(async (draft) => {
    if (countLinks(draft.text) > THREADS_MAX_LINKS) {
      throw new PermanentError(`${NETWORK}: more than ${THREADS_MAX_LINKS} links in the post`, { network: NETWORK });
    }
    return { media_type: 'TEXT', text: draft.text, link_attachment: draft.url };
  });
  const userId = () => {
    if (!o.userId) throw new AuthError(`${NETWORK}: networks.${input.channel}.userId is not set`, { network: NETWORK, keepPost: true });
    return o.userId;
  };
  return {
    ...publisher,
    ...threadsLifecycle({ client, userId, containerPublisher: (fields) => containerPublisher(async (draft) => fields(draft)) }),
  };
}
