import type { Redis } from 'ioredis';
import {
  ARTICLE_DROPPED_FIELDS, compactArticle, mergePacked, PACKED_MARKER, PACKED_POSTS_FIELD, packStory, splitPost, unpackStory,
} from './compaction-codec.js';
import { ledgerKeys, parsePostId, postIdFor } from './keys.js';

/**
 * Compaction of a settled story (#18). A story is SETTLED when it has at least one post and every
 * post is `posted` or `skipped`. A `failed` or `unknown` post is not: it waits for an editor (retry
 * or skip), who gets the full article, draft and sentence picker for it, and the desk's attention
 * list finds it through the story's post set. Compaction then keeps only what the ledger needs
 * (identities, hashes, outcomes, remote ids and URLs, times, the text as posted; see
 * compaction-codec.ts), in one script that first checks nothing changed since it was read: atomic
 * and idempotent. An editor's retry or skip of a compacted post reopens the story (`reopenStory`:
 * its post set is back) and the draft a publish needs is kept, so a retry still goes out.
 */

/** A story corrected lately (#16) keeps its new text this long for the correction's own jobs. */
export const CORRECTION_GRACE_MS = 86_400_000;
/** How far back the reconciler's sweep looks: stories settled by an editor, or missed while Crier was down. */
export const COMPACT_SWEEP_MS = 3 * 86_400_000;
const FINAL_STATES: ReadonlySet<string> = new Set(['posted', 'skipped']);

export type CompactResult = 'compacted' | 'already' | 'unsettled' | 'changed' | 'missing';

// KEYS: article hash, post set, ...post hashes. ARGV: 1 expected contentHash, 2 packed posts,
// 3 article field count n, n fields/values, then per post: expected state,
// expected updatedAt ('' when absent), field count m, m fields/values.
// A hash is re-created (DEL + HSET) so Redis picks its compact encoding again; its TTL is kept.
const COMPACT_STORY_LUA = `
local function rewrite(key, fields)
  local ttl = redis.call('PTTL', key)
  redis.call('DEL', key)
  redis.call('HSET', key, unpack(fields))
  if ttl > 0 then redis.call('PEXPIRE', key, ttl) end
end
if (redis.call('HGET', KEYS[1], 'contentHash') or '') ~= ARGV[1] then return 'changed' end
local a = 4 + tonumber(ARGV[3])
local posts = {}
for k = 3, #KEYS do
  local state, updated, m = ARGV[a], ARGV[a + 1], tonumber(ARGV[a + 2])
  if redis.call('HGET', KEYS[k], 'state') ~= state or (redis.call('HGET', KEYS[k], 'updatedAt') or '') ~= updated then return 'changed' end
  posts[#posts + 1] = {unpack(ARGV, a + 3, a + 2 + m)}
  a = a + 3 + m
end
local article = {unpack(ARGV, 4, 3 + tonumber(ARGV[3]))}
article[#article + 1] = '${PACKED_POSTS_FIELD}'
article[#article + 1] = ARGV[2]
rewrite(KEYS[1], article)
for k = 3, #KEYS do rewrite(KEYS[k], posts[k - 2]) end
redis.call('DEL', KEYS[2])
return 'compacted'
`;

type Fields = Record<string, string>;

/** A story's channels: its post set, and once compacted the posts packed on its article. */
export async function storyChannels(redis: Redis, prefix: string, articleKey: string): Promise<string[]> {
  const keys = ledgerKeys(prefix);
  const [members, packed] = await Promise.all([redis.smembers(keys.articlePosts(articleKey)), redis.hgetBuffer(keys.article(articleKey), PACKED_POSTS_FIELD)]);
  return [...new Set([...members, ...Object.keys(unpackStory(packed))])].sort();
}

/** An editor acts on a post of a compacted story: its post set comes back (the waiting and failed lists read it). */
export async function reopenStory(redis: Redis, prefix: string, articleKey: string, ttlSeconds: number): Promise<void> {
  const keys = ledgerKeys(prefix);
  const channels = Object.keys(unpackStory(await redis.hgetBuffer(keys.article(articleKey), PACKED_POSTS_FIELD)));
  if (channels.length === 0) return;
  const tx = redis.multi().sadd(keys.articlePosts(articleKey), ...channels).expire(keys.articlePosts(articleKey), ttlSeconds);
  // Scripts for a waiting post read its id from the hash (the approval list, a retraction's cancel).
  for (const c of channels) tx.hset(keys.post(postIdFor(articleKey, c)), 'postId', postIdFor(articleKey, c));
  await tx.exec();
}

/** Post hashes as the readers want them: a compacted one merged with its packed fields (one read per story). */
export async function withPackedFields(redis: Redis, prefix: string, hashes: { postId: string; h: Fields }[]): Promise<Fields[]> {
  const stories = new Map<string, Promise<Record<string, Fields>>>();
  return Promise.all(hashes.map(async ({ postId, h }) => {
    const ids = parsePostId(postId);
    if (h[PACKED_MARKER] === undefined || !ids) return h;
    let story = stories.get(ids.articleKey);
    if (!story) {
      story = redis.hgetBuffer(ledgerKeys(prefix).article(ids.articleKey), PACKED_POSTS_FIELD).then(unpackStory);
      stories.set(ids.articleKey, story);
    }
    return mergePacked(h, (await story)[ids.channel], ids);
  }));
}

/** Puts a compacted post's draft back on its hash (an editor's edit checks and replaces it there). */
export async function restoreDraftField(redis: Redis, prefix: string, postId: string): Promise<void> {
  const key = ledgerKeys(prefix).post(postId);
  const h = await redis.hgetall(key);
  if (h[PACKED_MARKER] === undefined || h.draft !== undefined) return;
  const [merged] = await withPackedFields(redis, prefix, [{ postId, h }]);
  if (merged?.draft) await redis.hsetnx(key, 'draft', merged.draft);
}

function isSettled(posts: Fields[]): boolean {
  return posts.length > 0 && posts.every((p) => p.state !== undefined && FINAL_STATES.has(p.state));
}

/** Nothing to do: packed already and untouched since (no transition wrote `updatedAt`, no correction refilled the body). */
function alreadyCompact(article: Fields, hashes: Fields[]): boolean {
  if (article[PACKED_POSTS_FIELD] === undefined) return false;
  if (hashes.some((h) => h[PACKED_MARKER] === undefined || h.updatedAt !== undefined)) return false;
  try {
    return (JSON.parse(article.data ?? '{}') as { text?: string }).text === '';
  } catch {
    return false;
  }
}

/** Compacts one story if it is settled; safe to call any number of times from any process. */
export async function compactStory(redis: Redis, prefix: string, articleKey: string, opts: { nowMs?: number } = {}): Promise<CompactResult> {
  const keys = ledgerKeys(prefix);
  const channels = await storyChannels(redis, prefix, articleKey);
  const postIds = channels.map((c) => postIdFor(articleKey, c));
  // The common call (a post of a story whose other posts still wait) stops here, before reading the article.
  const states = ((await redis.pipeline(postIds.map((id) => ['hget', keys.post(id), 'state'])).exec()) ?? []).map(([, v]) => v as string | null);
  if (states.some((st) => st === null)) return 'missing';
  if (!isSettled(states.map((state) => ({ state: state ?? '' })))) return 'unsettled';
  const pipe = redis.pipeline().hgetall(keys.article(articleKey));
  for (const id of postIds) pipe.hgetall(keys.post(id));
  const res = (await pipe.exec()) ?? [];
  const [article = {}, ...hashes] = res.map(([, v]) => (v ?? {}) as Fields);
  if (!article.data || hashes.some((h) => !h.state)) return 'missing';
  if (alreadyCompact(article, hashes)) return 'already';
  const merged = await withPackedFields(redis, prefix, postIds.map((postId, i) => ({ postId, h: hashes[i] ?? {} })));
  // A story corrected lately keeps its new text for the correction's own jobs (#16) a while.
  if (article.correctedAt && (opts.nowMs ?? Date.now()) - Number(article.correctedAt) < CORRECTION_GRACE_MS) return 'unsettled';
  if (!isSettled(merged)) return 'unsettled';
  const packed: Record<string, Fields> = {};
  const postArgs: (string | Buffer)[] = [];
  channels.forEach((channel, i) => {
    const split = splitPost(merged[i] ?? {}, channel);
    packed[channel] = split.packed;
    const fields = Object.entries(split.keep).flat();
    postArgs.push(hashes[i]?.state ?? '', hashes[i]?.updatedAt ?? '', String(fields.length), ...fields);
  });
  const slim = compactArticle(article.data, articleKey);
  const articleFields = Object.entries(article)
    .filter(([k]) => !ARTICLE_DROPPED_FIELDS.has(k))
    .flatMap(([k, v]) => [k, k === 'data' ? slim.data : v]);
  const reply = await redis.eval(
    COMPACT_STORY_LUA, 2 + postIds.length, keys.article(articleKey), keys.articlePosts(articleKey), ...postIds.map((id) => keys.post(id)),
    article.contentHash ?? '', packStory(packed, slim.extras), articleFields.length, ...articleFields, ...postArgs,
  );
  return String(reply) as CompactResult;
}

/**
 * The reconciler's sweep: stories discovered since `sinceMs` that still have a post set (not
 * compacted, or reopened by an editor): one settled by an editor's skip or retry, or whose
 * compaction a crash interrupted.
 */
export async function compactSettledStories(redis: Redis, prefix: string, opts: { sinceMs: number; limit?: number; nowMs?: number }): Promise<number> {
  const keys = ledgerKeys(prefix);
  const candidates = await redis.zrevrangebyscore(keys.articlesByTime, '+inf', opts.sinceMs, 'LIMIT', 0, opts.limit ?? 5_000);
  if (candidates.length === 0) return 0;
  // No post set: compacted already, or no post at all (a story skipped by a rule): nothing to settle.
  const sets = (await redis.pipeline(candidates.map((k) => ['scard', keys.articlePosts(k)])).exec()) ?? [];
  let compacted = 0;
  for (const [i, articleKey] of candidates.entries()) {
    if (Number(sets[i]?.[1] ?? 0) === 0) continue;
    if ((await compactStory(redis, prefix, articleKey, opts)) === 'compacted') compacted++;
  }
  return compacted;
}
