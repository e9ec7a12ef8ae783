import type { Redis } from 'ioredis';
import type { Draft } from '../drafts/draft.js';
import type { EventLog } from './events.js';
import { ledgerKeys, parsePostId, postIdFor } from './keys.js';
import { CLAIM_POST_LUA, FINISH_POST_LUA } from './redis-scripts.js';

export type PostState = 'queued' | 'posting' | 'posted' | 'failed' | 'skipped' | 'pending_approval' | 'unknown';
export type ClaimResult = 'claimed' | 'claimed-after-crash' | 'busy' | 'missing' | `done:${PostState}`;

export interface PostRecord {
  postId: string;
  articleKey: string;
  channel: string;
  network: string;
  state: PostState;
  draft: Draft;
  summariser: string;
  /** Why the preferred summariser was not used (e.g. an LLM variant failed a guardrail). */
  summaryNote?: string;
  createdAt: string;
  updatedAt: string;
  attempts: number;
  lastError?: string;
  remoteId?: string;
  remoteUrl?: string;
  confirmed?: boolean;
  note?: string;
  postedAt?: string;
  skipReason?: string;
  /** ISO time after which a manual-approval post goes out by itself. */
  autoApproveAt?: string;
}

const CREATE_POST_LUA = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV, 3))
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[1]))
redis.call('SADD', KEYS[2], ARGV[2])
redis.call('EXPIRE', KEYS[2], tonumber(ARGV[1]))
return 1
`;

type ScriptedRedis = Redis & {
  crierClaimPost(...a: (string | number)[]): Promise<ClaimResult>;
  crierFinishPost(...a: (string | number)[]): Promise<string>;
  crierCreatePost(...a: (string | number)[]): Promise<number>;
};

function scripted(redis: Redis): ScriptedRedis {
  const r = redis as ScriptedRedis;
  if (typeof r.crierClaimPost !== 'function') {
    r.defineCommand('crierClaimPost', { lua: CLAIM_POST_LUA, numberOfKeys: 2 });
    r.defineCommand('crierFinishPost', { lua: FINISH_POST_LUA, numberOfKeys: 3 });
    r.defineCommand('crierCreatePost', { lua: CREATE_POST_LUA, numberOfKeys: 2 });
  }
  return r;
}

function toRecord(h: Record<string, string>): PostRecord | undefined {
  if (!h.postId || !h.state) return undefined;
  const opt = (k: string) => (h[k] ? { [k]: h[k] } : {});
  return {
    postId: h.postId,
    articleKey: h.articleKey ?? '',
    channel: h.channel ?? '',
    network: h.network ?? '',
    state: h.state as PostState,
    draft: JSON.parse(h.draft ?? '{}') as Draft,
    summariser: h.summariser ?? '',
    createdAt: h.createdAt ?? '',
    updatedAt: h.updatedAt ?? '',
    attempts: Number(h.attempts ?? 0),
    ...(h.confirmed ? { confirmed: h.confirmed === '1' } : {}),
    ...opt('lastError'),
    ...opt('remoteId'),
    ...opt('remoteUrl'),
    ...opt('note'),
    ...opt('postedAt'),
    ...opt('skipReason'),
    ...opt('autoApproveAt'),
    ...opt('summaryNote'),
  } as PostRecord;
}

function flatten(fields: Record<string, string | number | boolean | undefined>): string[] {
  return Object.entries(fields).flatMap(([k, v]) =>
    v === undefined ? [] : [k, typeof v === 'boolean' ? (v ? '1' : '0') : String(v)],
  );
}

export function createPostLedger(redis: Redis, opts: { prefix: string; retentionDays: number; events?: EventLog }) {
  const keys = ledgerKeys(opts.prefix);
  /** Every transition goes to the event stream (desk live updates, metrics); a failed emit never fails a post. */
  // Not awaited: commands on one connection run in order, so a later read still sees the event,
  // and a post never waits on (or fails for) its own notification.
  const emit = async (postId: string, state: string, detail?: string) => {
    const ids = parsePostId(postId);
    if (!opts.events || !ids) return;
    void opts.events.emit({ type: 'post', postId, articleKey: ids.articleKey, channel: ids.channel, state, ...(detail ? { detail } : {}) }).catch(() => undefined);
  };
  const ttlSeconds = Math.ceil(opts.retentionDays * 86_400);
  const r = scripted(redis);
  const now = () => new Date().toISOString();

  async function finish(postId: string, token: string, state: PostState, fields: Record<string, string | number | boolean | undefined>, dailyKey?: string) {
    const post = keys.post(postId);
    const result = await r.crierFinishPost(post, keys.postLease(postId), dailyKey ?? post, token, state, 3 * 86_400, ...flatten({ ...fields, updatedAt: now() }));
    if (result === 'ok') await emit(postId, state, String(fields.lastError || fields.skipReason || fields.note || '') || undefined);
    return result;
  }

  return {
    /** Creates the post once; a second call (job retry, restart) is a no-op and returns false. */
    async create(input: { articleKey: string; channel: string; network: string; draft: Draft; summariser: string; summaryNote?: string; state: 'queued' | 'pending_approval' | 'failed'; lastError?: string; autoApproveAt?: string }): Promise<boolean> {
      const postId = postIdFor(input.articleKey, input.channel);
      const t = now();
      const created = await r.crierCreatePost(keys.post(postId), keys.articlePosts(input.articleKey), ttlSeconds, input.channel, ...flatten({
        postId, articleKey: input.articleKey, channel: input.channel, network: input.network, state: input.state,
        draft: JSON.stringify(input.draft), summariser: input.summariser, createdAt: t, updatedAt: t, attempts: 0,
        lastError: input.lastError, autoApproveAt: input.autoApproveAt, summaryNote: input.summaryNote,
      }));
      if (created === 1 && input.state === 'pending_approval') await redis.zadd(keys.pendingApproval, Date.now(), postId);
      if (created === 1) await emit(postId, input.state, input.lastError);
      return created === 1;
    },

    async get(postId: string): Promise<PostRecord | undefined> {
      return toRecord(await redis.hgetall(keys.post(postId)));
    },

    async listForArticle(articleKey: string): Promise<PostRecord[]> {
      const channels = (await redis.smembers(keys.articlePosts(articleKey))).sort();
      const posts = await Promise.all(channels.map((c) => redis.hgetall(keys.post(postIdFor(articleKey, c)))));
      return posts.map(toRecord).filter((p): p is PostRecord => p !== undefined);
    },

    async listPendingApproval(): Promise<string[]> {
      return redis.zrange(keys.pendingApproval, 0, -1);
    },

    async claim(postId: string, token: string, leaseMs: number): Promise<ClaimResult> {
      const result = await r.crierClaimPost(keys.post(postId), keys.postLease(postId), token, leaseMs, now());
      if (result === 'claimed' || result === 'claimed-after-crash') await emit(postId, 'posting');
      return result;
    },

    markPosted: (postId: string, token: string, receipt: { remoteId?: string; remoteUrl?: string; confirmed: boolean; note?: string }, dailyKey?: string) =>
      finish(postId, token, 'posted', { ...receipt, postedAt: now(), lastError: '' }, dailyKey),
    markFailed: (postId: string, token: string, lastError: string) => finish(postId, token, 'failed', { lastError }),
    markSkipped: (postId: string, token: string, skipReason: string) => finish(postId, token, 'skipped', { skipReason }),
    markUnknown: (postId: string, token: string, lastError: string) => finish(postId, token, 'unknown', { lastError }),
    /** Back to the queue after a retryable failure (the job will run again). */
    release: (postId: string, token: string, lastError: string) => finish(postId, token, 'queued', { lastError }),

    /** pending_approval → queued, optionally with an edited draft. Returns false if the post was not waiting. */
    async approve(postId: string, draft?: Draft): Promise<boolean> {
      const post = await this.get(postId);
      if (post?.state !== 'pending_approval') return false;
      await redis.hset(keys.post(postId), ...flatten({ state: 'queued', updatedAt: now(), draft: draft ? JSON.stringify(draft) : undefined }));
      await redis.zrem(keys.pendingApproval, postId);
      await emit(postId, 'queued', draft ? 'edited and approved' : 'approved');
      return true;
    },

    /** Editor decision: never post this one. Refused once it has been posted. */
    async skip(postId: string, reason: string): Promise<boolean> {
      const post = await this.get(postId);
      if (!post || post.state === 'posted' || post.state === 'posting') return false;
      await redis.hset(keys.post(postId), ...flatten({ state: 'skipped', skipReason: reason, updatedAt: now() }));
      await redis.zrem(keys.pendingApproval, postId);
      await emit(postId, 'skipped', reason);
      return true;
    },

    /** Editor asks to try a failed/unknown post again. */
    async requeue(postId: string): Promise<boolean> {
      const post = await this.get(postId);
      if (!post || !['failed', 'unknown', 'skipped'].includes(post.state)) return false;
      await redis.hset(keys.post(postId), ...flatten({ state: 'queued', updatedAt: now() }));
      await emit(postId, 'queued', 'retry requested');
      return true;
    },

    checkpoint(postId: string) {
      const key = keys.postCheckpoint(postId);
      return {
        get: (name: string) => redis.hget(key, name),
        set: async (name: string, value: string) => {
          await redis.hset(key, name, value);
          await redis.expire(key, ttlSeconds);
        },
      };
    },
  };
}

export type PostLedger = ReturnType<typeof createPostLedger>;
