import { utf16Length } from '../../drafts/counters.js';
import { fitDraft } from '../../drafts/fit-draft.js';
import { hasPlaceholder } from '../../drafts/template.js';
import type { FormatInput, NetworkDefinition } from '../publisher.js';
import { liveCredentials, networkOptions } from '../network-options.js';
import { webhookUrlSchema } from '../webhook-url.js';
import { createDiscordPublisher, DISCORD_MAX_CONTENT_LENGTH } from './discord-publisher.js';

export { DISCORD_MAX_CONTENT_LENGTH } from './discord-publisher.js';

/**
 * Only used by tests and proxies: when `apiBaseUrl` differs from this, it replaces the webhook
 * URL's origin and the secret's path is kept. The webhook URL itself is the credential.
 */
export const DISCORD_DEFAULT_API_BASE_URL = 'https://discord.com';

/**
 * The article link travels in the embed (its title links to the article, with the image), so
 * by default the text is the summary alone: a bare URL in `content` would make Discord unfurl a
 * second card for the same link. A template with `{url}` still gets it.
 */
export function formatDiscord(input: FormatInput) {
  return fitDraft(input, { limit: DISCORD_MAX_CONTENT_LENGTH, count: utf16Length, includeUrl: hasPlaceholder(input.template, 'url') });
}

export const discordNetwork: NetworkDefinition = {
  id: 'discord',
  displayName: 'Discord webhook',
  envPrefix: 'DISCORD',
  credentialSets: [['WEBHOOK_URL']],
  credentialsSchema: liveCredentials({ secrets: { WEBHOOK_URL: webhookUrlSchema('discord') } }),
  optionsSchema: networkOptions(DISCORD_DEFAULT_API_BASE_URL, {}),
  defaultTemplate: '{summary}',
  defaultMaxHashtags: 0,
  limit: DISCORD_MAX_CONTENT_LENGTH,
  count: utf16Length,
  format: formatDiscord,
  createLive: ({ options, secrets }) =>
    createDiscordPublisher({
      webhookUrl: secrets['WEBHOOK_URL'] ?? '',
      apiBaseUrl: String(options['apiBaseUrl'] ?? DISCORD_DEFAULT_API_BASE_URL),
      defaultApiBaseUrl: DISCORD_DEFAULT_API_BASE_URL,
    }),
  // Webhooks have no idempotency key: a second execute after a lost answer is a second message.
  retryAfterUnknownIsSafe: false,
};
