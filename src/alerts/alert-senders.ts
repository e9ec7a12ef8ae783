import { createTransport } from 'nodemailer';
import type { SmtpSettings } from '../config/alerts-schema.js';
import type { AlertDestination, AlertMessage } from './alert-types.js';

/**
 * The four ways out (#16). Each returns nothing or throws; alert-delivery.ts retries and logs.
 * - webhook: `POST` JSON `{event, state, destination, subject, title, text, link, at}`.
 * - slack: incoming webhook, `POST {text}` in mrkdwn (`&`, `<`, `>` escaped; `<url|label>` link).
 * - discord: webhook, `POST {content, allowed_mentions: {parse: []}}` (2,000 characters; no pings).
 * - email: SMTP through nodemailer, plain text.
 * URLs come from the environment (never from content), so these use plain fetch with a timeout.
 */
export const SEND_TIMEOUT_MS = 10_000;
const DISCORD_MAX_CHARS = 2_000;
const SLACK_MAX_CHARS = 3_000;

const slackEscape = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
const clip = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);
const icon = (m: AlertMessage) => (m.state === 'recovered' ? '✅' : '🚨');

export function payloadFor(type: 'webhook' | 'slack' | 'discord', m: AlertMessage): unknown {
  if (type === 'webhook') return m;
  const hasUrl = /^https?:\/\//.test(m.link);
  if (type === 'slack') {
    const link = hasUrl ? `\n<${m.link}|Open the desk>` : `\nDesk: ${slackEscape(m.link)}`;
    return { text: clip(`${icon(m)} *${slackEscape(m.title)}*\n${slackEscape(m.text)}${link}`, SLACK_MAX_CHARS) };
  }
  return { content: clip(`${icon(m)} **${m.title}**\n${m.text}\n${hasUrl ? `<${m.link}>` : `Desk: ${m.link}`}`, DISCORD_MAX_CHARS), allowed_mentions: { parse: [] } };
}

export async function postJson(url: string, body: unknown, signal?: AbortSignal): Promise<void> {
  const timeout = AbortSignal.timeout(SEND_TIMEOUT_MS);
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': 'Crier alerts' },
    body: JSON.stringify(body),
    signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    redirect: 'error',
  });
  // The answer's body is never needed (and never read past its start): only whether it arrived.
  await res.body?.cancel().catch(() => undefined);
  if (res.status < 200 || res.status >= 300) throw new Error(`answered HTTP ${res.status}`);
}

export function smtpTransport(smtp: SmtpSettings) {
  const timeouts = { connectionTimeout: SEND_TIMEOUT_MS, greetingTimeout: SEND_TIMEOUT_MS, socketTimeout: SEND_TIMEOUT_MS };
  if (smtp.url) return createTransport({ url: smtp.url, ...timeouts });
  return createTransport({
    host: smtp.host,
    port: smtp.port ?? 587,
    secure: smtp.port === 465,
    ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.pass ?? '' } } : {}),
    ...timeouts,
  });
}

export async function sendEmail(smtp: SmtpSettings, d: AlertDestination, m: AlertMessage): Promise<void> {
  const transport = smtpTransport(smtp);
  try {
    await transport.sendMail({
      from: d.from ?? 'Crier <crier@localhost>',
      to: d.to ?? [],
      subject: `[Crier] ${m.state === 'recovered' ? 'Recovered: ' : ''}${m.title}`,
      text: `${m.text}\n\n${m.link}\n\n(${m.event}, ${m.at})\n`,
    });
  } finally {
    transport.close();
  }
}
