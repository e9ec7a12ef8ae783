import type { Redis } from 'ioredis';
import type { Article } from '../articles/article.js';
import type { Draft } from '../drafts/draft.js';
import { EVENTS_MAX_LEN } from './events.js';
import { ledgerKeys, parsePostId } from './keys.js';

/**
 * What Crier remembers of a story's life after its first post (#16): the versions a correction
 * replaced, the retraction, and each correction or removal step on a post with its remote result.
 * The steps carry the same exactly-once rules as a first post: a step is written `sending` before
 * the network is called, so a lost answer or a crash leaves a trace that forbids a blind resend.
 */

export interface ArticleVersion {
  /** When the newer version replaced this one (ms). */
  replacedAtMs: number;
  article: Article;
}

export type StepAction = 'edit' | 'reply' | 'remove' | 'flag' | 'ignore';
/** `sending`: the call went out and no answer was recorded (lost answer or crash): never re-sent. */
export type StepState = 'sending' | 'done' | 'failed' | 'unknown' | 'flagged' | 'ignored';

export interface LifecycleStep {
  /** `correct:<contentHash>` or `retract`. */
  step: string;
  action: StepAction;
  state: StepState;
  at: string;
  remoteId?: string;
  remoteUrl?: string;
  note?: string;
  error?: string;
  /** For `flagged` and `unknown`: the one thing an editor must do. */
  needs?: string;
  /** A failure that sent nothing (5xx, rate limit): the next attempt may send. */
  retryable?: boolean;
}

export type RedraftResult = 'ok' | 'missing' | 'changed' | `state:${string}`;

// KEYS: post hash, events. ARGV: expected text, new draft, updatedAt, event json, maxlen, allowed states (comma list).
const REDRAFT_LUA = `
local state = redis.call('HGET', KEYS[1], 'state')
if not state then return 'missing' end
local allowed = false
for s in string.gmatch(ARGV[6], '[^,]+') do if s == state then allowed = true end end
if not allowed then return 'state:' .. state end
local ok, current = pcall(cjson.decode, redis.call('HGET', KEYS[1], 'draft') or '{}')
if not ok or type(current) ~= 'table' or current.text ~= ARGV[1] then return 'changed' end
redis.call('HSET', KEYS[1], 'draft', ARGV[2], 'updatedAt', ARGV[3])
redis.call('HDEL', KEYS[1], 'storyChangedAt')
if ARGV[4] ~= '' then redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[5], '*', 'e', ARGV[4]) end
return 'ok'
`;

// KEYS: post hash, pending-approval zset, events. ARGV: reason, now, event json, maxlen.
// Marks the post retracted whatever its state (an editor's retry is refused from then on); a post
// not out yet is skipped. Returns the state the post had.
const CANCEL_LUA = `
local state = redis.call('HGET', KEYS[1], 'state')
if not state then return 'missing' end
redis.call('HSET', KEYS[1], 'retractedAt', ARGV[2])
if state == 'queued' or state == 'pending_approval' or state == 'failed' then
  redis.call('HSET', KEYS[1], 'state', 'skipped', 'skipReason', ARGV[1], 'updatedAt', ARGV[2])
  redis.call('ZREM', KEYS[2], redis.call('HGET', KEYS[1], 'postId'))
  if ARGV[3] ~= '' then redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[4], '*', 'e', ARGV[3]) end
end
return state
`;

async function readVersions(redis: Redis, key: string): Promise<ArticleVersion[]> {
  const raw = await redis.lrange(key, 0, -1);
  return raw.flatMap((r) => {
    try {
      const v = JSON.parse(r) as { replacedAt?: number; article?: Article };
      return v.article && typeof v.replacedAt === 'number' ? [{ replacedAtMs: v.replacedAt, article: v.article }] : [];
    } catch {
      return [];
    }
  });
}

export function createLifecycleLedger(redis: Redis, opts: { prefix: string; retentionDays: number; emitEvents?: boolean }) {
  const keys = ledgerKeys(opts.prefix);
  const ttlSeconds = Math.ceil(opts.retentionDays * 86_400);
  const stepsKey = (postId: string) => `${keys.post(postId)}:lifecycle`;
  const leaseKey = (postId: string) => `${keys.post(postId)}:lifecycle-lease`;
  /** Steps that need a person (flagged, unknown outcome): the desk's needs-attention list. */
  const attentionKey = `${opts.prefix}:crier:lifecycle:attention`;
  const postEvent = (postId: string, state: string, detail: string) => {
    const ids = parsePostId(postId);
    if (opts.emitEvents === false || !ids) return '';
    return JSON.stringify({ type: 'post', postId, articleKey: ids.articleKey, channel: ids.channel, state, detail, by: 'crier', at: new Date().toISOString() });
  };

  return {
    /** The versions corrections replaced, oldest first (the last five). */
    versions: (articleKey: string) => readVersions(redis, `${keys.article(articleKey)}:versions`),

    /** Marks the story retracted; true only for the call that did it (a second retraction is a no-op). */
    async markRetracted(articleKey: string): Promise<boolean> {
      const set = await redis.eval(
        "if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end return redis.call('HSETNX', KEYS[1], 'retractedAt', ARGV[1])",
        1, keys.article(articleKey), new Date().toISOString(),
      );
      return Number(set) === 1;
    },

    async retractedAt(articleKey: string): Promise<string | undefined> {
      return (await redis.hget(keys.article(articleKey), 'retractedAt')) ?? undefined;
    },

    /** Replaces a draft Crier made (not an editor's) while the post is still in `states` and carries `expectedText`. */
    async redraft(postId: string, expectedText: string, draft: Draft, states: readonly string[], detail: string): Promise<RedraftResult> {
      const reply = await redis.eval(REDRAFT_LUA, 2, keys.post(postId), keys.events, expectedText, JSON.stringify(draft), new Date().toISOString(), postEvent(postId, 'edited', detail), EVENTS_MAX_LEN, states.join(','));
      return String(reply) as RedraftResult;
    },

    /** After an edit on the network: the post's draft is what readers now see (a posted post only). */
    async setPostedDraft(postId: string, draft: Draft): Promise<boolean> {
      const set = await redis.eval("if redis.call('HGET', KEYS[1], 'state') ~= 'posted' then return 0 end redis.call('HSET', KEYS[1], 'draft', ARGV[1]) return 1", 1, keys.post(postId), JSON.stringify(draft));
      return Number(set) === 1;
    },

    /** An editor's own draft is kept: the desk shows "story changed since your edit". */
    async flagStoryChanged(postId: string, detail: string): Promise<void> {
      await redis.hset(keys.post(postId), 'storyChangedAt', new Date().toISOString());
      const event = postEvent(postId, 'edited', detail);
      if (event) await redis.xadd(keys.events, 'MAXLEN', '~', EVENTS_MAX_LEN, '*', 'e', event);
    },

    /** Retraction of one post: returns the state it had ('missing' if none). */
    async cancel(postId: string, reason: string): Promise<string> {
      return String(await redis.eval(CANCEL_LUA, 3, keys.post(postId), keys.pendingApproval, keys.events, reason, new Date().toISOString(), postEvent(postId, 'skipped', reason), EVENTS_MAX_LEN));
    },

    async step(postId: string, step: string): Promise<LifecycleStep | undefined> {
      const raw = await redis.hget(stepsKey(postId), step);
      return raw ? (JSON.parse(raw) as LifecycleStep) : undefined;
    },

    /** Records a step's state (its history on the desk) and, when it is settled, an event on the stream. */
    async recordStep(postId: string, s: LifecycleStep): Promise<void> {
      await redis.hset(stepsKey(postId), s.step, JSON.stringify(s));
      await redis.expire(stepsKey(postId), ttlSeconds);
      if (s.state === 'flagged' || s.state === 'unknown' || (s.state === 'failed' && !s.retryable)) await redis.zadd(attentionKey, Date.now(), `${postId}|${s.step}`);
      if (s.state === 'sending') return;
      const result = [s.remoteUrl ?? s.remoteId, s.note, s.error, s.needs].filter(Boolean).join('; ');
      const event = postEvent(postId, 'edited', `${s.step.startsWith('retract') ? 'retraction' : 'correction'}: ${s.action} ${s.state}${result ? ` (${result})` : ''}`);
      if (event) await redis.xadd(keys.events, 'MAXLEN', '~', EVENTS_MAX_LEN, '*', 'e', event);
    },

    /** Every step on the post, oldest first. */
    async steps(postId: string): Promise<LifecycleStep[]> {
      const all = Object.values(await redis.hgetall(stepsKey(postId))).map((r) => JSON.parse(r) as LifecycleStep);
      return all.sort((a, b) => a.at.localeCompare(b.at));
    },

    /** Steps waiting for a person, newest first, with what each needs. */
    async flags(limit = 100): Promise<{ postId: string; step: LifecycleStep }[]> {
      const members = await redis.zrevrange(attentionKey, 0, limit - 1);
      const found = await Promise.all(members.map(async (m) => {
        const [postId = '', step = ''] = m.split('|');
        const raw = await redis.hget(stepsKey(postId), step);
        return raw ? [{ postId, step: JSON.parse(raw) as LifecycleStep }] : [];
      }));
      return found.flat();
    },

    /** An editor did what the flag asked: it leaves the list (the step keeps its history). */
    async resolveFlag(postId: string, step: string): Promise<boolean> {
      return (await redis.zrem(attentionKey, `${postId}|${step}`)) === 1;
    },

    /** One lifecycle call per post at a time, across processes (a stalled job running twice). */
    async lease(postId: string, token: string, ms: number): Promise<boolean> {
      return (await redis.set(leaseKey(postId), token, 'PX', ms, 'NX')) === 'OK';
    },
    async releaseLease(postId: string, token: string): Promise<void> {
      await redis.eval("if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0", 1, leaseKey(postId), token);
    },
  };
}

export type LifecycleLedger = ReturnType<typeof createLifecycleLedger>;
