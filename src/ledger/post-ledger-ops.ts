import type { Redis } from 'ioredis';
import type { Draft } from '../drafts/draft.js';
import type { EventLog } from './events.js';
import type { ClaimGate, ClaimGates, ClaimOutcome, ClaimResult, NewPost, PostRecord, PostState } from './post-ledger.js';
import { ledgerKeys, parsePostId, postIdFor } from './keys.js';
import { CLAIM_POST_LUA, CREATE_POSTS_LUA, FINISH_POST_LUA } from './redis-scripts.js';
import { EVENTS_MAX_LEN } from './events.js';
import { parseSentenceChoice } from './replace-draft.js';
import { reopenStory, storyChannels, withPackedFields } from './compaction.js';
import { orderArgs, orderFields } from './post-order.js';

/** The post ledger's pieces, split out of createPostLedger so each read and transition stays small. */

type ScriptedRedis = Redis & {
  crierClaimPost(...a: (string | number)[]): Promise<(string | number)[]>;
  crierFinishPost(...a: (string | number)[]): Promise<string>;
  crierCreatePosts(...a: (string | number)[]): Promise<number[]>;
};

export type PostCounters = { dailyKey?: string; spend?: { key: string; usd: number } };

function scripted(redis: Redis): ScriptedRedis {
  const r = redis as ScriptedRedis;
  if (typeof r.crierClaimPost !== 'function') {
    r.defineCommand('crierClaimPost', { lua: CLAIM_POST_LUA, numberOfKeys: 6 });
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
    ...orderFields(h),
    ...opt('handEditedAt'),
    ...opt('storyChangedAt'),
    ...opt('retractedAt'),
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

export interface LedgerOptions {
  prefix: string;
  retentionDays: number;
  events?: EventLog;
}

/** What every read and transition shares: the connection, the key names and the event helpers. */
export function ledgerContext(redis: Redis, opts: LedgerOptions) {
  const keys = ledgerKeys(opts.prefix);
  /**
   * Every transition goes to the event stream (desk live updates, metrics). The scripts append the
   * event themselves, in the same round trip as the transition, and only when it happened.
   */
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
  return { redis, r: scripted(redis), opts, keys, event, emit, ttlSeconds: Math.ceil(opts.retentionDays * 86_400), now: () => new Date().toISOString() };
}

export type LedgerContext = ReturnType<typeof ledgerContext>;

export async function finishPost(ctx: LedgerContext, postId: string, token: string, state: PostState, fields: Record<string, string | number | boolean | undefined>, counters: PostCounters = {}) {
  const post = ctx.keys.post(postId);
  const detail = String(fields.lastError || fields.skipReason || fields.note || '') || undefined;
  return ctx.r.crierFinishPost(
    post, ctx.keys.postLease(postId), counters.dailyKey ?? post, ctx.keys.events, counters.spend?.key ?? post,
    token, state, 3 * 86_400, ctx.event(postId, state, detail), EVENTS_MAX_LEN, counters.spend?.usd ?? 0, 40 * 86_400,
    ...flatten({ ...fields, updatedAt: ctx.now() }),
  );
}

/**
 * Claims the post unless a gate makes it wait (`gates` absent: no gate is checked). The post comes
 * back with the answer, so the worker needs no read of its own.
 */
export async function claimPost(ctx: LedgerContext, postId: string, token: string, leaseMs: number, gates?: ClaimGates): Promise<ClaimOutcome> {
  const key = ctx.keys.post(postId);
  const nowMs = gates?.nowMs ?? Date.now();
  const channel = parsePostId(postId)?.channel ?? '';
  const reply = await ctx.r.crierClaimPost(
    key, ctx.keys.postLease(postId), ctx.keys.events, gates?.dailyKey ?? key, ctx.keys.channelNextSlot(channel), ctx.keys.channelOrder(channel),
    token, leaseMs, new Date(nowMs).toISOString(), ctx.event(postId, 'posting'), EVENTS_MAX_LEN, nowMs,
    gates ? '1' : '0', gates?.quietUntilMs ?? 0, gates?.dailyCap ?? 0, gates?.spacingMs ?? 0,
    ...orderArgs(ctx.keys.post(''), postId, ctx.ttlSeconds, gates?.order),
  );
  const [status, untilMs, gate] = reply as [string, number, string];
  if (status === 'wait') return { status, untilMs: Number(untilMs), gate: gate as ClaimGate, ...(reply[3] !== undefined ? { ahead: String(reply[3]) } : {}) };
  const fields: Record<string, string> = {};
  for (let i = 3; i + 1 < reply.length; i += 2) fields[String(reply[i])] = String(reply[i + 1]);
  // A compacted post (#18) keeps most fields packed on its article: merged back for the caller.
  const [full] = fields.z === undefined ? [fields] : await withPackedFields(ctx.redis, ctx.opts.prefix, [{ postId, h: fields }]);
  const post = toRecord(full ?? fields);
  return { status: status as ClaimResult, ...(post ? { post } : {}) };
}

/** Creates the posts of one article that do not exist yet, in one round trip; one flag per input, in order. */
export async function createPosts(ctx: LedgerContext, articleKey: string, inputs: NewPost[]): Promise<boolean[]> {
  if (inputs.length === 0) return [];
  const t = ctx.now();
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
      createdAtMs: Date.parse(t), lane: input.lane, laneAtMs: input.lane ? Date.parse(t) : undefined, laneBy: input.laneBy,
    });
    args.push(input.channel, ctx.event(postId, input.state, input.lastError), input.state === 'pending_approval' ? Date.now() : '', fields.length, ...fields);
  }
  const postKeys = inputs.map((i) => ctx.keys.post(postIdFor(articleKey, i.channel)));
  const created = await ctx.r.crierCreatePosts(3 + postKeys.length, ctx.keys.articlePosts(articleKey), ctx.keys.events, ctx.keys.pendingApproval, ...postKeys, ctx.ttlSeconds, EVENTS_MAX_LEN, ...args);
  return created.map((c) => c === 1);
}

export async function getPost(ctx: LedgerContext, postId: string): Promise<PostRecord | undefined> {
  const [h] = await withPackedFields(ctx.redis, ctx.opts.prefix, [{ postId, h: await ctx.redis.hgetall(ctx.keys.post(postId)) }]);
  return toRecord(h ?? {});
}

export async function listPostsForArticle(ctx: LedgerContext, articleKey: string): Promise<PostRecord[]> {
  const postIds = (await storyChannels(ctx.redis, ctx.opts.prefix, articleKey)).map((c) => postIdFor(articleKey, c));
  const posts = await Promise.all(postIds.map(async (postId) => ({ postId, h: await ctx.redis.hgetall(ctx.keys.post(postId)) })));
  return (await withPackedFields(ctx.redis, ctx.opts.prefix, posts)).map(toRecord).filter((p): p is PostRecord => p !== undefined);
}

/**
 * Posts in any of `states`, newest article first (`crier status --posts`). There is no index per
 * state: this walks the article index in pages, reading only each post's state until one matches.
 */
export async function listPostsInStates(ctx: LedgerContext, states: readonly PostState[], opts: { limit?: number; pageSize?: number } = {}): Promise<PostRecord[]> {
  const { redis, keys } = ctx;
  const wanted = new Set<string>(states);
  const limit = opts.limit ?? Number.POSITIVE_INFINITY;
  const pageSize = opts.pageSize ?? 500;
  const found: PostRecord[] = [];
  for (let offset = 0; found.length < limit; offset += pageSize) {
    const articleKeys = await redis.zrevrange(keys.articlesByTime, offset, offset + pageSize - 1);
    if (articleKeys.length === 0) break;
    // A compacted story (#18) has no post set: all its posts are posted or skipped (an editor's retry restores the set).
    const channels = await redis.pipeline(articleKeys.map((a) => ['smembers', keys.articlePosts(a)])).exec();
    const postIds = articleKeys.flatMap((a, i) => ((channels?.[i]?.[1] as string[] | undefined) ?? []).sort().map((c) => postIdFor(a, c)));
    const postStates = await redis.pipeline(postIds.map((id) => ['hget', keys.post(id), 'state'])).exec();
    const matching = postIds.filter((_, i) => wanted.has(String(postStates?.[i]?.[1] ?? '')));
    const records = await Promise.all(matching.map((id) => getPost(ctx, id)));
    for (const r of records) if (r && wanted.has(r.state) && found.length < limit) found.push(r);
  }
  return found;
}

/**
 * An editor's state change outside the claim/lease path (approve, skip, requeue): applied only when
 * `allowed` accepts the post's current state; false otherwise.
 */
export async function editorTransition(
  ctx: LedgerContext,
  postId: string,
  change: { allowed: (post: PostRecord | undefined) => boolean; fields: Record<string, string | undefined>; leavesApproval: boolean; detail: string },
): Promise<boolean> {
  const post = await getPost(ctx, postId);
  if (!change.allowed(post)) return false;
  // A compacted story (#18) gets its post set back: this post may wait or fail again, and the lists look there.
  if (post) await reopenStory(ctx.redis, ctx.opts.prefix, post.articleKey, ctx.ttlSeconds);
  await ctx.redis.hset(ctx.keys.post(postId), ...flatten({ ...change.fields, updatedAt: ctx.now() }));
  if (change.leavesApproval) await ctx.redis.zrem(ctx.keys.pendingApproval, postId);
  await ctx.emit(postId, String(change.fields.state), change.detail);
  return true;
}
