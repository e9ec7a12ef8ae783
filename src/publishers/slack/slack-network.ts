import { fitDraft } from '../../drafts/fit-draft.js';
import { hasPlaceholder } from '../../drafts/template.js';
import type { FormatInput, NetworkDefinition } from '../publisher.js';
import { liveCredentials, networkOptions } from '../network-options.js';
import { webhookUrlSchema } from '../webhook-url.js';
import { SLACK_SECTION_TEXT_MAX, slackLength } from './slack-mrkdwn.js';
import { createSlackPublisher } from './slack-publisher.js';

export { SLACK_SECTION_TEXT_MAX } from './slack-mrkdwn.js';
/** Only for tests and proxies: an overriding `apiBaseUrl` replaces the webhook URL's origin. */
export const SLACK_DEFAULT_API_BASE_URL = 'https://hooks.slack.com';

/**
 * The headline block carries the title and the link, so the draft text is the body under it
 * (the summary by default; a template with `{url}` still gets the URL).
 */
export function formatSlack(input: FormatInput) {
  return fitDraft(input, { limit: SLACK_SECTION_TEXT_MAX, count: slackLength, includeUrl: hasPlaceholder(input.template, 'url') });
}

export const slackNetwork: NetworkDefinition = {
  id: 'slack',
  displayName: 'Slack webhook',
  envPrefix: 'SLACK',
  credentialSets: [['WEBHOOK_URL']],
  credentialsSchema: liveCredentials({ secrets: { WEBHOOK_URL: webhookUrlSchema('slack') } }),
  optionsSchema: networkOptions(SLACK_DEFAULT_API_BASE_URL, {}),
  defaultTemplate: '{summary}',
  defaultMaxHashtags: 0,
  limit: SLACK_SECTION_TEXT_MAX,
  count: slackLength,
  format: formatSlack,
  createLive: ({ options, secrets }) =>
    createSlackPublisher({
      webhookUrl: secrets['WEBHOOK_URL'] ?? '',
      apiBaseUrl: String(options['apiBaseUrl'] ?? SLACK_DEFAULT_API_BASE_URL),
      defaultApiBaseUrl: SLACK_DEFAULT_API_BASE_URL,
    }),
  // Webhooks have no idempotency key: a second POST after a lost answer is a second message.
  retryAfterUnknownIsSafe: false,
};
