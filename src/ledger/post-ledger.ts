import type { Redis } from 'ioredis';
import type { Draft } from '../drafts/draft.js';
import type { EventLog } from './events.js';
import { ledgerKeys, parsePostId, postIdFor } from './keys.js';
import { CLAIM_POST_LUA, CREATE_POSTS_LUA, FINISH_POST_LUA } from './redis-scripts.js';
import { EVENTS_MAX_LEN } from './events.js';
import { parseSentenceChoice, replaceDraft, type SentenceChoice } from './replace-draft.js';

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
  /** The article's publication time, copied here so the embargo check needs no second read. */
  publishedAt?: string;
  /** The editor's last choice of summary sentences on the desk (#14). */
  sentenceChoice?: SentenceChoice;
}

export type ClaimGate = 'embargo' | 'quiet' | 'cap' | 'spacing';

/** What the claim checks atomically before it takes the post (see CLAIM_POST_LUA). */
export interface ClaimGates {
  nowMs?: number;
  /** End of the current quiet hours, when in them. */
  quietUntilMs?: number;
  dailyCap?: number;
  dailyKey?: string;
  spacingMs?: number;
}

export type ClaimOutcome = { status: 'wait'; untilMs: number; gate: ClaimGate } | { status: ClaimResult; post?: PostRecord };

export interface NewPost {
  articleKey: string;
  channel: string;
  network: string;
  draft: Draft;
  summariser: string;
  summaryNote?: string;
  state: 'queued' | 'pending_approval' | 'failed';
  lastError?: string;
  autoApproveAt?: string;
  publishedAt?: string;
}

type ScriptedRedis = Redis & {
  crierClaimPost(...a: (string | number)[]): Promise<(string | number)[]>;
  crierFinishPost(...a: (string | number)[]): Promise<string>;
  crierCreatePosts(...a: (string | number)[]): Promise<number[]>;
};

function scripted(redis: Redis): ScriptedRedis {
  const r = redis as ScriptedRedis;
  if (typeof r.crierClaimPost !== 'function') {
    r.defineCommand('crierClaimPost', { lua: CLAIM_POST_LUA, numberOfKeys: 5 });
    r.defineCommand('crierFinishPost', { lua: FINISH_POST_LUA, numberOfKeys: 5 });
    r.defineCommand('crierCreatePosts', { lua: CREATE_POSTS_LUA });
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
    ...opt('publishedAt'),
    ...(h.sentenceChoice && parseSentenceChoice(h.sentenceChoice) ? { sentenceChoice: parseSentenceChoice(h.sentenceChoice) } : {}),
  } as PostRecord;
}

function publishedAtMs(iso: string | undefined): number | undefined {
  const ms = iso ? Date.parse(iso) : NaN;
  return Number.isFinite(ms) ? ms : undefined;
}

function flatten(fields: Record<string, string | number | boolean | undefined>): string[] {
  return Object.entries(fields).flatMap(([k, v]) =>
    v === undefined ? [] : [k, typeof v === 'boolean' ? (v ? '1' : '0') : String(v)],
  );
}

export function createPostLedger(redis: Redis, opts: { prefix: string; retentionDays: number; events?: EventLog }) {
  const keys = ledgerKeys(opts.prefix);
  /**
   * Every transition goes to the event stream (desk live updates, metrics). The scripts append the
   * event themselves, in the same round trip as the transition, and only when it happened.
   */
  const eventsKey = keys.events;
  const event = (postId: string, state: string, detail?: string): string => {
    const ids = parsePostId(postId);
    if (!opts.events || !ids) return '';
    return JSON.stringify({ type: 'post', postId, articleKey: ids.articleKey, channel: ids.channel, state, ...(detail ? { detail } : {}), at: new Date().toISOString() });
  };
  const emit = async (postId: string, state: string, detail?: string) => {
    const ids = parsePostId(postId);
    if (!opts.events || !ids) return;
    await opts.events.emit({ type: 'post', postId, articleKey: ids.articleKey, channel: ids.channel, state, ...(detail ? { detail } : {}) }).catch(() => undefined);
  };
  const ttlSeconds = Math.ceil(opts.retentionDays * 86_400);
  const r = scripted(redis);
  const now = () => new Date().toISOString();

  async function finish(postId: string, token: string, state: PostState, fields: Record<string, string | number | boolean | undefined>, counters: { dailyKey?: string; spend?: { key: string; usd: number } } = {}) {
    const post = keys.post(postId);
    const detail = String(fields.lastError || fields.skipReason || fields.note || '') || undefined;
    return r.crierFinishPost(
      post, keys.postLease(postId), counters.dailyKey ?? post, eventsKey, counters.spend?.key ?? post,
      token, state, 3 * 86_400, event(postId, state, detail), EVENTS_MAX_LEN, counters.spend?.usd ?? 0, 40 * 86_400,
      ...flatten({ ...fields, updatedAt: now() }),
    );
  }

  /**
   * Claims the post unless a gate makes it wait (`gates` absent: no gate is checked). The post comes
   * back with the answer, so the worker needs no read of its own.
   */
  async function claimWithGates(postId: string, token: string, leaseMs: number, gates?: ClaimGates): Promise<ClaimOutcome> {
    const key = keys.post(postId);
    const nowMs = gates?.nowMs ?? Date.now();
    const reply = await r.crierClaimPost(
      key, keys.postLease(postId), eventsKey, gates?.dailyKey ?? key, keys.channelNextSlot(parsePostId(postId)?.channel ?? ''),
      token, leaseMs, new Date(nowMs).toISOString(), event(postId, 'posting'), EVENTS_MAX_LEN, nowMs,
      gates ? '1' : '0', gates?.quietUntilMs ?? 0, gates?.dailyCap ?? 0, gates?.spacingMs ?? 0,
    );
    const [status, untilMs, gate] = reply as [string, number, string];
    if (status === 'wait') return { status, untilMs: Number(untilMs), gate: gate as ClaimGate };
    const fields: Record<string, string> = {};
    for (let i = 3; i + 1 < reply.length; i += 2) fields[String(reply[i])] = String(reply[i + 1]);
    const post = toRecord(fields);
    return { status: status as ClaimResult, ...(post ? { post } : {}) };
  }

  return {
    /** Creates the post once; a second call (job retry, restart) is a no-op and returns false. */
    async create(input: NewPost): Promise<boolean> {
      return (await this.createMany(input.articleKey, [input]))[0] === true;
    },

    /** `create` for several channels of one article in one round trip; one flag per input, in order. */
    async createMany(articleKey: string, inputs: NewPost[]): Promise<boolean[]> {
      if (inputs.length === 0) return [];
      const t = now();
      const args: (string | number)[] = [];
      for (const input of inputs) {
        if (input.articleKey !== articleKey) throw new Error(`createMany: post for ${input.articleKey} given with article ${articleKey}`);
        const postId = postIdFor(articleKey, input.channel);
        const fields = flatten({
          postId, articleKey, channel: input.channel, network: input.network, state: input.state,
          draft: JSON.stringify(input.draft), summariser: input.summariser, createdAt: t, updatedAt: t, attempts: 0,
          lastError: input.lastError, autoApproveAt: input.autoApproveAt, summaryNote: input.summaryNote, publishedAt: input.publishedAt,
          // The claim script checks the embargo and Lua cannot parse ISO dates.
          publishedAtMs: publishedAtMs(input.publishedAt),
        });
        args.push(input.channel, event(postId, input.state, input.lastError), input.state === 'pending_approval' ? Date.now() : '', fields.length, ...fields);
      }
      const postKeys = inputs.map((i) => keys.post(postIdFor(articleKey, i.channel)));
      const created = await r.crierCreatePosts(3 + postKeys.length, keys.articlePosts(articleKey), eventsKey, keys.pendingApproval, ...postKeys, ttlSeconds, EVENTS_MAX_LEN, ...args);
      return created.map((c) => c === 1);
    },

    async get(postId: string): Promise<PostRecord | undefined> {
      return toRecord(await redis.hgetall(keys.post(postId)));
    },

    async listForArticle(articleKey: string): Promise<PostRecord[]> {
      const channels = (await redis.smembers(keys.articlePosts(articleKey))).sort();
      const posts = await Promise.all(channels.map((c) => redis.hgetall(keys.post(postIdFor(articleKey, c)))));
      return posts.map(toRecord).filter((p): p is PostRecord => p !== undefined);
    },

    /** Posts waiting for an editor, oldest first; one older than the retention has expired and is not listed. */
    async listPendingApproval(): Promise<string[]> {
      return redis.zrangebyscore(keys.pendingApproval, Date.now() - ttlSeconds * 1000, '+inf');
    },

    /**
     * Posts in any of `states`, newest article first (`crier status --posts`). There is no index per
     * state: this walks the article index in pages, reading only each post's state until one matches.
     */
    async listInStates(states: readonly PostState[], opts: { limit?: number; pageSize?: number } = {}): Promise<PostRecord[]> {
      const wanted = new Set<string>(states);
      const limit = opts.limit ?? Number.POSITIVE_INFINITY;
      const pageSize = opts.pageSize ?? 500;
      const found: PostRecord[] = [];
      for (let offset = 0; found.length < limit; offset += pageSize) {
        const articleKeys = await redis.zrevrange(keys.articlesByTime, offset, offset + pageSize - 1);
        if (articleKeys.length === 0) break;
        const channels = await redis.pipeline(articleKeys.map((a) => ['smembers', keys.articlePosts(a)])).exec();
        const postIds = articleKeys.flatMap((a, i) => ((channels?.[i]?.[1] as string[] | undefined) ?? []).sort().map((c) => postIdFor(a, c)));
        const postStates = await redis.pipeline(postIds.map((id) => ['hget', keys.post(id), 'state'])).exec();
        const matching = postIds.filter((_, i) => wanted.has(String(postStates?.[i]?.[1] ?? '')));
        const records = await Promise.all(matching.map((id) => this.get(id)));
        for (const r of records) if (r && wanted.has(r.state) && found.length < limit) found.push(r);
      }
      return found;
    },

    /** Claims the post (a lease, state 'posting') without looking at any publish gate. */
    claim: async (postId: string, token: string, leaseMs: number): Promise<ClaimResult> => {
      const outcome = await claimWithGates(postId, token, leaseMs);
      return outcome.status === 'wait' ? 'busy' : outcome.status;
    },

    claimWithGates,

    /** `dailyKey` and `spend` are counted in the same script, only if this call really posted it. */
    markPosted: (postId: string, token: string, receipt: { remoteId?: string; remoteUrl?: string; confirmed: boolean; note?: string }, counters: { dailyKey?: string; spend?: { key: string; usd: number } } = {}) =>
      finish(postId, token, 'posted', { ...receipt, postedAt: now(), lastError: '' }, counters),
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

    /**
     * An editor's new draft (chosen summary sentences), only while the post is in one of `states` and
     * still carries `expectedText`; recorded on the post and as an 'edited' event. See replace-draft.ts.
     */
    replaceDraft: (change: { postId: string; expectedText: string; draft: Draft; by: string; sentences: string[]; states: readonly string[]; detail: string }) =>
      replaceDraft(redis, opts.prefix, { ...change, emitEvent: opts.events !== undefined }),

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
