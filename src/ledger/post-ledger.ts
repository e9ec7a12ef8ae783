import type { Redis } from 'ioredis';
import type { Draft } from '../drafts/draft.js';
import { replaceDraft, type SentenceChoice } from './replace-draft.js';
import { restoreDraftField } from './compaction.js';
import type { OrderGates, PostOrderFields } from './post-order.js';
import {
  claimPost, createPosts, editorTransition, finishPost, getPost, ledgerContext, listPostsForArticle, listPostsInStates,
  type LedgerOptions, type PostCounters,
} from './post-ledger-ops.js';

export type PostState = 'queued' | 'posting' | 'posted' | 'failed' | 'skipped' | 'pending_approval' | 'unknown';
export type ClaimResult = 'claimed' | 'claimed-after-crash' | 'busy' | 'missing' | `done:${PostState}`;

export interface PostRecord extends PostOrderFields {
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
  /** The editor changed the text when approving: a correction must not overwrite it (#16). */
  handEditedAt?: string;
  /** The story changed after an editor's own edit: the desk says so, the draft is kept (#16). */
  storyChangedAt?: string;
  /** The story was retracted (#16): never posted again, an editor's retry is refused. */
  retractedAt?: string;
}

export type ClaimGate = 'embargo' | 'quiet' | 'cap' | 'spacing' | 'held' | 'scheduled' | 'order' | 'stale';

/** What the claim checks atomically before it takes the post (see CLAIM_POST_LUA). */
export interface ClaimGates {
  nowMs?: number;
  /** End of the current quiet hours, when in them. */
  quietUntilMs?: number;
  dailyCap?: number;
  dailyKey?: string;
  spacingMs?: number;
  /** Queue order and staleness (issue #15, see post-order.ts); absent: oldest-first default, no guard. */
  order?: OrderGates;
}

export type ClaimOutcome = { status: 'wait'; untilMs: number; gate: ClaimGate; ahead?: string } | { status: ClaimResult; post?: PostRecord };

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
  /** Set by a breaking rule in config (issue #15): the post starts in the breaking lane. */
  lane?: 'breaking';
  laneBy?: string;
}

export function createPostLedger(redis: Redis, opts: LedgerOptions) {
  const ctx = ledgerContext(redis, opts);
  const { keys, ttlSeconds } = ctx;
  const claimWithGates = (postId: string, token: string, leaseMs: number, gates?: ClaimGates) => claimPost(ctx, postId, token, leaseMs, gates);

  return {
    /** Creates the post once; a second call (job retry, restart) is a no-op and returns false. */
    async create(input: NewPost): Promise<boolean> {
      return (await this.createMany(input.articleKey, [input]))[0] === true;
    },

    /** `create` for several channels of one article in one round trip; one flag per input, in order. */
    createMany: (articleKey: string, inputs: NewPost[]): Promise<boolean[]> => createPosts(ctx, articleKey, inputs),

    get: (postId: string): Promise<PostRecord | undefined> => getPost(ctx, postId),

    listForArticle: (articleKey: string): Promise<PostRecord[]> => listPostsForArticle(ctx, articleKey),

    /** Posts waiting for an editor, oldest first; one older than the retention has expired and is not listed. */
    async listPendingApproval(): Promise<string[]> {
      return redis.zrangebyscore(keys.pendingApproval, Date.now() - ttlSeconds * 1000, '+inf');
    },

    /** Posts in any of `states`, newest article first (`crier status --posts`); see listPostsInStates. */
    listInStates: (states: readonly PostState[], o: { limit?: number; pageSize?: number } = {}): Promise<PostRecord[]> => listPostsInStates(ctx, states, o),

    /** Claims the post (a lease, state 'posting') without looking at any publish gate. */
    claim: async (postId: string, token: string, leaseMs: number): Promise<ClaimResult> => {
      const outcome = await claimWithGates(postId, token, leaseMs);
      return outcome.status === 'wait' ? 'busy' : outcome.status;
    },

    claimWithGates,

    /** `dailyKey` and `spend` are counted in the same script, only if this call really posted it. */
    markPosted: (postId: string, token: string, receipt: { remoteId?: string; remoteUrl?: string; confirmed: boolean; note?: string }, counters: PostCounters = {}) =>
      finishPost(ctx, postId, token, 'posted', { ...receipt, postedAt: ctx.now(), lastError: '' }, counters),
    markFailed: (postId: string, token: string, lastError: string) => finishPost(ctx, postId, token, 'failed', { lastError }),
    markSkipped: (postId: string, token: string, skipReason: string) => finishPost(ctx, postId, token, 'skipped', { skipReason }),
    markUnknown: (postId: string, token: string, lastError: string) => finishPost(ctx, postId, token, 'unknown', { lastError }),
    /** Back to the queue after a retryable failure (the job will run again). */
    release: (postId: string, token: string, lastError: string) => finishPost(ctx, postId, token, 'queued', { lastError }),

    /** pending_approval → queued, optionally with an edited draft. Returns false if the post was not waiting. */
    approve: (postId: string, draft?: Draft): Promise<boolean> =>
      editorTransition(ctx, postId, {
        allowed: (post) => post?.state === 'pending_approval',
        fields: { state: 'queued', draft: draft ? JSON.stringify(draft) : undefined, handEditedAt: draft ? ctx.now() : undefined },
        leavesApproval: true,
        detail: draft ? 'edited and approved' : 'approved',
      }),

    /** Editor decision: never post this one. Refused once it has been posted. */
    skip: (postId: string, reason: string): Promise<boolean> =>
      editorTransition(ctx, postId, {
        allowed: (post) => post !== undefined && post.state !== 'posted' && post.state !== 'posting',
        fields: { state: 'skipped', skipReason: reason },
        leavesApproval: true,
        detail: reason,
      }),

    /** Editor asks to try a failed/unknown post again. */
    requeue: (postId: string): Promise<boolean> =>
      editorTransition(ctx, postId, {
        allowed: (post) => post !== undefined && ['failed', 'unknown', 'skipped'].includes(post.state) && !post.retractedAt,
        fields: { state: 'queued' },
        leavesApproval: false,
        detail: 'retry requested',
      }),

    /**
     * An editor's new draft (chosen summary sentences), only while the post is in one of `states` and
     * still carries `expectedText`; recorded on the post and as an 'edited' event. See replace-draft.ts.
     */
    replaceDraft: async (change: { postId: string; expectedText: string; draft: Draft; by: string; sentences: string[]; states: readonly string[]; detail: string }) => {
      // A compacted post's draft is packed on its article (#18): the script checks and replaces it on the post.
      await restoreDraftField(redis, opts.prefix, change.postId);
      return replaceDraft(redis, opts.prefix, { ...change, emitEvent: opts.events !== undefined });
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
