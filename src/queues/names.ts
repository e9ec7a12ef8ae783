/** Queue names, in one place. BullMQ forbids ':' in names; ids are [a-z0-9_-] so dots are safe separators. */
export const POLL_QUEUE = 'poll';
export const SUMMARISE_QUEUE = 'summarise';
export const PUBLISH_QUEUE_PREFIX = 'publish.';

export function publishQueueName(channel: string): string {
  return `${PUBLISH_QUEUE_PREFIX}${channel}`;
}

/** Scheduler ids: one per feed, so `upsertJobScheduler` from any number of pollers keeps exactly one. */
export function feedSchedulerId(feedId: string): string {
  return `feed-${feedId}`;
}
