import { fitDraft } from '../../drafts/fit-draft.js';
import { utf16Length } from '../../text/length-counters.js';
import { defineNetwork } from '../publisher.js';
import { FACEBOOK_EDITORIAL_LENGTH, facebookSpec } from './facebook-options.js';
import { createFacebookPublisher } from './facebook-publisher.js';

export { FACEBOOK_DEFAULT_API_BASE_URL, FACEBOOK_DEFAULT_GRAPH_VERSION, FACEBOOK_EDITORIAL_LENGTH, FACEBOOK_MAX_LENGTH } from './facebook-options.js';

export const facebookNetwork = defineNetwork({
  ...facebookSpec,
  displayName: 'Facebook Page',
  limit: FACEBOOK_EDITORIAL_LENGTH,
  count: utf16Length,
  format: (input) => fitDraft(input, { limit: input.options.maxLength, count: utf16Length }),
  createLive: createFacebookPublisher,
  // Facebook has no idempotency key and no duplicate guard we can rely on: an unknown outcome needs a human.
  retryAfterUnknownIsSafe: false,
});
