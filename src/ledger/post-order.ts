import type { Redis } from 'ioredis';
import { ledgerKeys } from './keys.js';
import { HOLD_LUA, SET_LANE_LUA } from './order-scripts.js';

/**
 * A post's place in its channel's line (issue #15): its lane (breaking, moved to the front,
 * scheduled for a time), a hold (an editor's, or the staleness guard's) and who set them. Stored
 * on the post hash; the claim script reads them atomically with the other gates.
 */
export type PostLane = 'breaking' | 'front' | 'scheduled';
export type PostHold = 'editor' | 'stale';

export interface PostOrderFields {
  lane?: PostLane;
  /** When the lane was set; for 'scheduled', the time the post is due. */
  laneAtMs?: number;
  laneBy?: string;
  hold?: PostHold;
  holdBy?: string;
  holdReason?: string;
  holdAtMs?: number;
  /** An editor released a stale post: the staleness guard no longer applies to it. */
  staleOk?: boolean;
  /** Creation time in ms (the claim script cannot parse ISO dates). */
  createdAtMs?: number;
}

const LANES: readonly string[] = ['breaking', 'front', 'scheduled'];
const HOLDS: readonly string[] = ['editor', 'stale'];
const num = (v: string | undefined) => (v !== undefined && v !== '' && Number.isFinite(Number(v)) ? Number(v) : undefined);

/** The order fields of a post hash (for toRecord in post-ledger-ops.ts). */
export function orderFields(h: Record<string, string>): PostOrderFields {
  const out: PostOrderFields = {};
  if (h.lane && LANES.includes(h.lane)) out.lane = h.lane as PostLane;
  if (num(h.laneAtMs) !== undefined) out.laneAtMs = num(h.laneAtMs);
  if (h.laneBy) out.laneBy = h.laneBy;
  if (h.hold && HOLDS.includes(h.hold)) out.hold = h.hold as PostHold;
  if (h.holdBy) out.holdBy = h.holdBy;
  if (h.holdReason) out.holdReason = h.holdReason;
  if (num(h.holdAtMs) !== undefined) out.holdAtMs = num(h.holdAtMs);
  if (h.staleOk === '1') out.staleOk = true;
  if (num(h.createdAtMs) !== undefined) out.createdAtMs = num(h.createdAtMs);
  return out;
}

/** What the claim needs to know of the channel's order policy (publish-gates.ts fills it from config). */
export interface OrderGates {
  newestFirst: boolean;
  /** 0: no staleness guard. */
  maxPostAgeMs: number;
  breakingIgnoresQuietHours: boolean;
  /** A post queued less than this long ago is never held as stale: it did not wait, its feed accepted it. */
  staleGraceMs: number;
}

/** ARGV 11–17 of the claim script (see CLAIM_POST_LUA). */
export function orderArgs(postKeyPrefix: string, postId: string, ttlSeconds: number, order: OrderGates | undefined): (string | number)[] {
  return [
    order?.newestFirst ? '1' : '0', order?.maxPostAgeMs ?? 0, order?.breakingIgnoresQuietHours ? '1' : '0',
    postKeyPrefix, postId, ttlSeconds, order?.staleGraceMs ?? 0,
  ];
}

type OrderRedis = Redis & {
  crierSetLane(...a: (string | number)[]): Promise<string>;
  crierHold(...a: (string | number)[]): Promise<string>;
};

function scripted(redis: Redis): OrderRedis {
  const r = redis as OrderRedis;
  if (typeof r.crierSetLane !== 'function') {
    r.defineCommand('crierSetLane', { lua: SET_LANE_LUA, numberOfKeys: 2 });
    r.defineCommand('crierHold', { lua: HOLD_LUA, numberOfKeys: 2 });
  }
  return r;
}

/** The editor's moves on a post's place in line. Each returns the post's state ('' when it does not exist). */
export function createPostOrder(redis: Redis, opts: { prefix: string }) {
  const keys = ledgerKeys(opts.prefix);
  const r = scripted(redis);
  const channelOf = (postId: string) => postId.slice(postId.lastIndexOf('.') + 1);
  return {
    /** `lane` '' puts the post back in its ordinary place. */
    setLane: (postId: string, lane: PostLane | '', atMs: number, by: string, newestFirst: boolean, nowMs = Date.now()) =>
      r.crierSetLane(keys.post(postId), keys.channelOrder(channelOf(postId)), lane, atMs, by.slice(0, 200), postId, newestFirst ? '1' : '0', nowMs),
    hold: (postId: string, hold: PostHold, by: string, reason: string, nowMs = Date.now()) =>
      r.crierHold(keys.post(postId), keys.channelOrder(channelOf(postId)), hold, by.slice(0, 200), reason.slice(0, 300), postId, nowMs, ''),
    /** `staleOk`: "post it anyway" — the staleness guard will not hold it again. */
    release: (postId: string, staleOk: boolean, nowMs = Date.now()) =>
      r.crierHold(keys.post(postId), keys.channelOrder(channelOf(postId)), '', '', '', postId, nowMs, staleOk ? '1' : ''),
    /** The channel's line as the claim script sees it (ids, first first). */
    line: (channel: string, limit = 2_000) => redis.zrange(keys.channelOrder(channel), 0, limit - 1),
  };
}

export type PostOrder = ReturnType<typeof createPostOrder>;

/** The CMS hook's "the story I just published is breaking" (issue #15): remembered for a few minutes per feed. */
export const HOOK_BREAKING_TTL_SECONDS = 600;

export async function markFeedBreaking(redis: Redis, prefix: string, feedId: string, atMs = Date.now()): Promise<void> {
  await redis.set(ledgerKeys(prefix).feedBreakingPing(feedId), String(atMs), 'EX', HOOK_BREAKING_TTL_SECONDS);
}

/** When the hook last said so, if within the window. */
export async function feedBreakingPingMs(redis: Redis, prefix: string, feedId: string): Promise<number | undefined> {
  const v = Number(await redis.get(ledgerKeys(prefix).feedBreakingPing(feedId)));
  return Number.isFinite(v) && v > 0 ? v : undefined;
}
