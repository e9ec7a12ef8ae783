import { Queue, type ConnectionOptions } from 'bullmq';

/**
 * The `websub` queue: the callback route answers the hub at once and leaves the work here.
 * - `deliver`: a signed delivery, read like a poll's response (the body is the topic's content).
 * - `subscribe`: (re)subscribe a feed at its hub (first time, renewal, after a restart or data loss).
 * - `unsubscribe`: a feed that left the config.
 * - `changed`: a subscription was verified or denied: re-time the feed's polling and its renewal.
 */
export const WEBSUB_QUEUE = 'websub';

export type WebsubJobData =
  | { kind: 'deliver'; feedId: string; bodyBase64: string; contentType?: string; receivedAt: string }
  | { kind: 'subscribe'; feedId: string; reason: string }
  | { kind: 'unsubscribe'; feedId: string }
  | { kind: 'changed'; feedId: string };

/** Deliveries are many and their outcome is on the feed: keep a short history. */
export const WEBSUB_JOB_OPTIONS = { attempts: 3, backoff: { type: 'exponential', delay: 1_000 }, removeOnComplete: { age: 3_600, count: 1_000 }, removeOnFail: { age: 86_400, count: 1_000 } } as const;

export function createWebsubQueue(connection: ConnectionOptions, prefix: string): Queue<WebsubJobData> {
  return new Queue<WebsubJobData>(WEBSUB_QUEUE, { connection, prefix, defaultJobOptions: WEBSUB_JOB_OPTIONS });
}

/** The callback path hubs call: the token is the subscription's own, so a guessed feed id gets nowhere. */
export const WEBSUB_ROUTE_PREFIX = '/websub';

export function callbackUrl(publicBaseUrl: string, feedId: string, token: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}${WEBSUB_ROUTE_PREFIX}/${feedId}/${token}`;
}
