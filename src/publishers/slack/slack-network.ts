import { fitDraft } from '../../drafts/fit-draft.js';
import type { CopyBudgets } from '../../drafts/sentence-budget.js';
import { hasPlaceholder } from '../../drafts/template.js';
import { defineNetwork, type FormatInput } from '../publisher.js';
import { SLACK_SECTION_TEXT_MAX, slackLength } from './slack-mrkdwn.js';
import { SLACK_DEFAULT_API_BASE_URL, slackSpec } from './slack-options.js';
import { createSlackPublisher } from './slack-publisher.js';

export { SLACK_SECTION_TEXT_MAX } from './slack-mrkdwn.js';
export { SLACK_DEFAULT_API_BASE_URL } from './slack-options.js';

/**
 * The headline block carries the title and the link, so the draft text is the body under it
 * (the summary by default; a template with `{url}` still gets the URL).
 */
export function formatSlack(input: FormatInput) {
  return fitDraft(input, { limit: SLACK_SECTION_TEXT_MAX, count: slackLength, includeUrl: hasPlaceholder(input.template, 'url'), copy: SLACK_COPY });
}

/** Two sentences of the long picks; the channel's hashtag count stands. */
export const SLACK_COPY: CopyBudgets = { summaryBudget: 'long', sentenceBudget: 2, hashtagCap: Number.POSITIVE_INFINITY };

export const slackNetwork = defineNetwork({
  ...slackSpec,
  ...SLACK_COPY,
  displayName: 'Slack webhook',
  limit: SLACK_SECTION_TEXT_MAX,
  count: slackLength,
  format: formatSlack,
  createLive: ({ options, secrets }) =>
    createSlackPublisher({
      webhookUrl: secrets['WEBHOOK_URL'] ?? '',
      apiBaseUrl: options.apiBaseUrl,
      defaultApiBaseUrl: SLACK_DEFAULT_API_BASE_URL,
    }),
  // Webhooks have no idempotency key: a second POST after a lost answer is a second message.
  retryAfterUnknownIsSafe: false,
});
