import { z } from 'zod';

/** Discord and Slack post to a secret URL: one home for what such a URL looks like and where it is sent. */
export type WebhookKind = 'discord' | 'slack';

interface WebhookRule {
  variable: string;
  host: RegExp;
  path: RegExp;
  shape: string;
}

const RULES: Record<WebhookKind, WebhookRule> = {
  discord: {
    variable: 'DISCORD_WEBHOOK_URL',
    host: /^(?:(?:ptb|canary)\.)?(?:discord|discordapp)\.com$/,
    path: /^\/api(?:\/v\d{1,2})?\/webhooks\/\d{1,25}\/[A-Za-z0-9_-]{1,200}\/?$/,
    shape: 'https://discord.com/api/webhooks/<id>/<token>',
  },
  slack: {
    variable: 'SLACK_WEBHOOK_URL',
    host: /^hooks\.slack\.com$/,
    path: /^\/services\/T[A-Z0-9]{1,30}\/B[A-Z0-9]{1,30}\/[A-Za-z0-9]{1,100}$/,
    shape: 'https://hooks.slack.com/services/T…/B…/…',
  },
};

const MAX_URL_CHARS = 2_048;
const NAMES: Record<WebhookKind, string> = { discord: 'Discord', slack: 'Slack' };

/** What is wrong with a webhook URL, or undefined. Never quotes the URL: it is the secret. */
export function webhookUrlProblem(kind: WebhookKind, raw: string): string | undefined {
  const rule = RULES[kind];
  let url: URL;
  try {
    if (raw.length > MAX_URL_CHARS) throw new Error('too long');
    url = new URL(raw);
  } catch {
    return `is not a URL (expected ${rule.shape})`;
  }
  if (url.protocol !== 'https:' || url.username || url.password || url.port || !rule.host.test(url.hostname) || !rule.path.test(url.pathname)) {
    return `is not a ${NAMES[kind]} webhook URL (expected ${rule.shape})`;
  }
  return undefined;
}

/** For a network's credentials schema: the message is prefixed with the variable name by the config. */
export function webhookUrlSchema(kind: WebhookKind) {
  return z.string().superRefine((raw, ctx) => {
    const problem = webhookUrlProblem(kind, raw);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
}

export interface WebhookTargetInput {
  /** The secret URL. */
  webhookUrl: string;
  apiBaseUrl: string;
  defaultApiBaseUrl: string;
}

/**
 * Where to send: the secret URL, its origin swapped for `apiBaseUrl` when that is overridden
 * (tests, proxies). Throws an Error naming the variable, never quoting it. The override is joined,
 * not parsed: a bad base fails when the request is sent, as a classified publish error.
 */
export function webhookTarget(kind: WebhookKind, input: WebhookTargetInput): string {
  const problem = webhookUrlProblem(kind, input.webhookUrl);
  if (problem) throw new Error(`${RULES[kind].variable} ${problem}`);
  const url = new URL(input.webhookUrl);
  if (input.apiBaseUrl === input.defaultApiBaseUrl) return url.toString();
  return `${input.apiBaseUrl.replace(/\/+$/, '')}${url.pathname}${url.search}`;
}
