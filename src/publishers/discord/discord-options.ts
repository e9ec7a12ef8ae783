import type { NetworkSpec } from '../../config/network-spec.js';
import { liveCredentials, networkOptions } from '../network-options.js';
import { webhookUrlSchema } from '../webhook-url.js';

/**
 * Only used by tests and proxies: when `apiBaseUrl` differs from this, it replaces the webhook
 * URL's origin and the secret's path is kept. The webhook URL itself is the credential.
 */
export const DISCORD_DEFAULT_API_BASE_URL = 'https://discord.com';

export const discordOptionsSchema = networkOptions(DISCORD_DEFAULT_API_BASE_URL, {});

export const discordSpec = {
  id: 'discord',
  envPrefix: 'DISCORD',
  credentialSets: [['WEBHOOK_URL']],
  credentialsSchema: liveCredentials({ secrets: { WEBHOOK_URL: webhookUrlSchema('discord') } }),
  optionsSchema: discordOptionsSchema,
  defaultTemplate: '{summary}',
  defaultMaxHashtags: 0,
  liveAdapter: true,
} satisfies NetworkSpec;
