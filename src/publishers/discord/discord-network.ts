import { utf16Length } from '../../text/length-counters.js';
import { fitDraft } from '../../drafts/fit-draft.js';
import type { CopyBudgets } from '../../drafts/sentence-budget.js';
import { hasPlaceholder } from '../../drafts/template.js';
import { defineNetwork, type FormatInput } from '../publisher.js';
import { DISCORD_DEFAULT_API_BASE_URL, discordSpec } from './discord-options.js';
import { createDiscordPublisher, DISCORD_MAX_CONTENT_LENGTH } from './discord-publisher.js';

export { DISCORD_MAX_CONTENT_LENGTH } from './discord-publisher.js';
export { DISCORD_DEFAULT_API_BASE_URL } from './discord-options.js';

/**
 * The article link travels in the embed (its title links to the article, with the image), so
 * by default the text is the summary alone: a bare URL in `content` would make Discord unfurl a
 * second card for the same link. A template with `{url}` still gets it.
 */
export function formatDiscord(input: FormatInput) {
  return fitDraft(input, { limit: DISCORD_MAX_CONTENT_LENGTH, count: utf16Length, includeUrl: hasPlaceholder(input.template, 'url'), copy: DISCORD_COPY });
}

/** Two sentences of the long picks; the channel's hashtag count stands. */
export const DISCORD_COPY: CopyBudgets = { summaryBudget: 'long', sentenceBudget: 2, hashtagCap: Number.POSITIVE_INFINITY };

export const discordNetwork = defineNetwork({
  ...discordSpec,
  ...DISCORD_COPY,
  displayName: 'Discord webhook',
  limit: DISCORD_MAX_CONTENT_LENGTH,
  count: utf16Length,
  format: formatDiscord,
  createLive: ({ options, secrets }) =>
    createDiscordPublisher({
      webhookUrl: secrets['WEBHOOK_URL'] ?? '',
      apiBaseUrl: options.apiBaseUrl,
      defaultApiBaseUrl: DISCORD_DEFAULT_API_BASE_URL,
    }),
  // Webhooks have no idempotency key: a second execute after a lost answer is a second message.
  retryAfterUnknownIsSafe: false,
});
