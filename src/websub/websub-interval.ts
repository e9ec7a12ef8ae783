import type { Redis } from 'ioredis';
import type { WebsubConfig } from '../config/websub-schema.js';
import { createWebsubStore, pushActive } from './websub-store.js';

/**
 * The poll planner's one question to WebSub: while a subscription is active, polling continues
 * only as a safety net, at `websub.fallbackIntervalSeconds` (the planner keeps a feed's own
 * interval when that is longer). Undefined: no active push, poll as configured.
 */
export async function pushFallbackSeconds(redis: Redis, prefix: string, websub: Pick<WebsubConfig, 'fallbackIntervalSeconds'>, feedId: string): Promise<number | undefined> {
  const sub = await createWebsubStore(redis, prefix).view(feedId);
  return pushActive(sub) ? websub.fallbackIntervalSeconds : undefined;
}
