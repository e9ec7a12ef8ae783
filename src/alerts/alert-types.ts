import type { AlertDestination, AlertEventName } from '../config/alerts-schema.js';

export type { AlertDestination, AlertEventName } from '../config/alerts-schema.js';

/**
 * A condition that holds now (#16): a failing feed, a waiting approval, a delayed queue, an
 * expiring credential. The periodic check reports every condition of a kind at once; an open
 * incident of that kind missing from the report has ended.
 */
export interface Condition {
  event: AlertEventName;
  /** What it is about: a feed id, a channel id, a post id, `approvals`. */
  subject: string;
  /** When it began, if known (a feed's last success); otherwise when the alerts first saw it. */
  sinceMs?: number;
  /** The destination's threshold this condition must last before it is an incident. */
  threshold?: 'feedFailingMinutes' | 'approvalWaitingMinutes' | 'queueDelayMinutes' | 'redisDownSeconds';
  /** Credentials only: the destination's `credentialsWarnDays` pick the warning level from this. */
  expiresAtMs?: number;
  title: string;
  text: string;
  /** A desk path (`/feeds#feed-x`), made absolute with `publicBaseUrl`. */
  href: string;
}

/** The opening events that have a recovery message, and its name. */
export const RECOVERY: Partial<Record<AlertEventName, AlertEventName>> = {
  'feed-failing': 'feed-recovered',
  'channel-halted': 'channel-resumed',
  'redis-down': 'redis-up',
};

/** One message to one destination. */
export interface AlertMessage {
  destination: string;
  event: AlertEventName;
  state: 'open' | 'recovered';
  subject: string;
  title: string;
  text: string;
  /** Absolute when `publicBaseUrl` is set, else the desk path. */
  link: string;
  at: string;
}

export type Deliver = (destination: AlertDestination, message: AlertMessage) => Promise<boolean>;

export const MINUTE_MS = 60_000;

/** How long a condition must last for a destination before it becomes an incident. */
export function thresholdMs(d: AlertDestination, c: Pick<Condition, 'threshold'>): number {
  switch (c.threshold) {
    case 'feedFailingMinutes':
      return d.feedFailingMinutes * MINUTE_MS;
    case 'approvalWaitingMinutes':
      return d.approvalWaitingMinutes * MINUTE_MS;
    case 'queueDelayMinutes':
      return d.queueDelayMinutes * MINUTE_MS;
    case 'redisDownSeconds':
      return d.redisDownSeconds * 1000;
    default:
      return 0;
  }
}

/** Text from outside (feed errors, network answers) is capped and flattened before it is sent. */
export function oneLine(s: string, maxChars = 500): string {
  // eslint-disable-next-line no-control-regex
  const flat = s.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
  return flat.length > maxChars ? `${flat.slice(0, maxChars - 1)}…` : flat;
}
