import { z } from 'zod';
import type { ConfigIssue } from './config-error.js';
import { readSecret } from './secrets.js';

/**
 * `alerts:` (#16): where ops hear about trouble. A list of destinations, each with the events it
 * wants and its thresholds. A destination's URL is a secret (a Slack or Discord webhook URL is a
 * credential), so the config names only the environment variable that holds it (`urlEnv`, or its
 * `_FILE`); e-mail takes its SMTP settings from the environment too. A missing variable fails at
 * start-up with every other problem.
 */
export const ALERT_EVENTS = [
  'feed-failing',
  'feed-recovered',
  'channel-halted',
  'channel-resumed',
  'post-failed',
  'post-unknown',
  'approval-waiting',
  'credentials-expiring',
  'redis-down',
  'redis-up',
  'queue-delayed',
] as const;
export type AlertEventName = (typeof ALERT_EVENTS)[number];

const envName = z.string().regex(/^[A-Z][A-Z0-9_]{0,62}$/, 'expected an environment variable name like ALERTS_SLACK_URL');

export const alertDestinationSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'expected lower-case letters, digits, "-" or "_" (max 63)'),
    type: z.enum(['webhook', 'slack', 'discord', 'email']),
    /** The variable holding the URL (webhook, slack, discord) or, for email, an SMTP URL (default SMTP_URL, else SMTP_HOST…). */
    urlEnv: envName.optional(),
    /** E-mail only: recipients and sender. */
    to: z.array(z.email()).min(1).max(20).optional(),
    from: z.string().min(3).max(200).optional(),
    events: z.array(z.enum(ALERT_EVENTS)).min(1, 'list the events this destination wants').max(ALERT_EVENTS.length),
    /** A feed failing this long (from its last success) is an incident. */
    feedFailingMinutes: z.number().positive().max(10_080).default(15),
    /** The oldest post waiting for an editor this long is an incident. */
    approvalWaitingMinutes: z.number().positive().max(10_080).default(30),
    /** The oldest job waiting in a running channel's queue this long is an incident. */
    queueDelayMinutes: z.number().positive().max(10_080).default(15),
    /** Credentials warnings this many days before expiry (each once). */
    credentialsWarnDays: z.array(z.number().int().min(1).max(90)).min(1).max(5).default([14, 3]),
    /** Redis unreachable this long before `redis-down` is sent (a blip is not an incident). */
    redisDownSeconds: z.number().int().min(0).max(3_600).default(60),
    /** At most this many messages per hour to this destination; the rest are counted and logged. */
    maxPerHour: z.number().int().min(1).max(1_000).default(30),
    url: z.never({ error: 'secrets never go in the config file: put the URL in an environment variable and name it in urlEnv' }).optional(),
  })
  .strict()
  .superRefine((d, ctx) => {
    if (d.type !== 'email' && !d.urlEnv) ctx.addIssue({ code: 'custom', path: ['urlEnv'], message: `type ${d.type} needs urlEnv: the environment variable holding its URL` });
    if (d.type === 'email' && !d.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'type email needs to: [addresses]' });
    if (d.type !== 'email' && (d.to || d.from)) ctx.addIssue({ code: 'custom', path: [d.to ? 'to' : 'from'], message: `only type email takes ${d.to ? 'to' : 'from'}` });
  });

export const alertsSchema = z
  .array(alertDestinationSchema)
  .max(20)
  .default([])
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((d, i) => {
      if (seen.has(d.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `duplicate alert destination id "${d.id}"` });
      seen.add(d.id);
    });
  });

export type AlertDestination = z.infer<typeof alertDestinationSchema>;

export interface SmtpSettings {
  url?: string;
  host?: string;
  port?: number;
  user?: string;
  pass?: string;
}

/** Per destination id: its URL, or its SMTP settings. Never serialised, never logged. */
export type AlertSecrets = Readonly<Record<string, { url?: string; smtp?: SmtpSettings }>>;

const httpUrl = (v: string) => URL.canParse(v) && /^https?:$/.test(new URL(v).protocol);

function readSmtp(env: NodeJS.ProcessEnv, d: AlertDestination, at: string, issues: ConfigIssue[]): SmtpSettings | undefined {
  const urlVar = d.urlEnv ?? 'SMTP_URL';
  const url = readSecret(env, urlVar);
  if (url.problem) issues.push({ path: at, message: url.problem });
  if (url.value) {
    if (!/^smtps?:\/\//i.test(url.value) || !URL.canParse(url.value)) issues.push({ path: at, message: `${urlVar} is not an smtp:// or smtps:// URL` });
    return { url: url.value };
  }
  const host = readSecret(env, 'SMTP_HOST');
  const port = readSecret(env, 'SMTP_PORT');
  const user = readSecret(env, 'SMTP_USER');
  const pass = readSecret(env, 'SMTP_PASS');
  for (const r of [host, port, user, pass]) if (r.problem) issues.push({ path: at, message: r.problem });
  if (!host.value) {
    issues.push({ path: at, message: `type email needs ${urlVar} (smtp://user:pass@host:port) or SMTP_HOST (with SMTP_PORT, SMTP_USER, SMTP_PASS) in the environment` });
    return undefined;
  }
  const portNumber = port.value === undefined ? 587 : Number(port.value);
  if (!Number.isInteger(portNumber) || portNumber < 1 || portNumber > 65_535) issues.push({ path: at, message: 'SMTP_PORT is not a port number' });
  return { host: host.value, port: portNumber, ...(user.value ? { user: user.value } : {}), ...(pass.value ? { pass: pass.value } : {}) };
}

/** Reads every destination's secret; problems name the variable, never the value. */
export function readAlertSecrets(env: NodeJS.ProcessEnv, destinations: readonly AlertDestination[], issues: ConfigIssue[]): AlertSecrets {
  const out: Record<string, { url?: string; smtp?: SmtpSettings }> = {};
  destinations.forEach((d, i) => {
    const at = `alerts[${i}]`;
    if (d.type === 'email') {
      const smtp = readSmtp(env, d, at, issues);
      if (smtp) out[d.id] = { smtp };
      return;
    }
    const name = d.urlEnv ?? '';
    const { value, problem } = readSecret(env, name);
    if (problem) issues.push({ path: at, message: problem });
    else if (value === undefined) issues.push({ path: at, message: `${name} is not set: it must hold the ${d.type} URL (or set ${name}_FILE)` });
    else if (!httpUrl(value)) issues.push({ path: at, message: `${name} is not an http(s) URL` });
    else out[d.id] = { url: value };
  });
  return Object.freeze(out);
}
