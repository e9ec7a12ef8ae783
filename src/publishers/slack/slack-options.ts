import type { NetworkSpec } from '../../config/network-spec.js';
import { liveCredentials, networkOptions } from '../network-options.js';
import { webhookUrlSchema } from '../webhook-url.js';

/** Only for tests and proxies: an overriding `apiBaseUrl` replaces the webhook URL's origin. */
export const SLACK_DEFAULT_API_BASE_URL = 'https://hooks.slack.com';

export const slackOptionsSchema = networkOptions(SLACK_DEFAULT_API_BASE_URL, {});

export const slackSpec = {
  id: 'slack',
  envPrefix: 'SLACK',
  credentialSets: [['WEBHOOK_URL']],
  credentialsSchema: liveCredentials({ secrets: { WEBHOOK_URL: webhookUrlSchema('slack') } }),
  optionsSchema: slackOptionsSchema,
  defaultTemplate: '{summary}',
  defaultMaxHashtags: 0,
  liveAdapter: true,
} satisfies NetworkSpec;
