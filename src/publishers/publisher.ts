import type { Logger } from 'pino';
import type { z } from 'zod';
import type { NetworkSpec } from '../config/network-spec.js';
import type { ChannelOptions, Draft, FormatInput, LengthCounter } from '../drafts/draft.js';
import type { CopyBudgets } from '../drafts/sentence-budget.js';
import type { StateStore } from '../shared/state-store.js';

export type { ChannelOptions, FormatInput } from '../drafts/draft.js';
export type { StateStore } from '../shared/state-store.js';

export interface PublishContext {
  /** Stable per article+channel: use it for idempotency keys and client-chosen record ids. */
  postId: string;
  /** 1-based attempt number. */
  attempt: number;
  /** The previous attempt may have posted (timeout after sending). */
  afterUnknownOutcome: boolean;
  /** Persisted before risky steps (e.g. an Instagram container id) so a retry can resume, not repeat. */
  checkpoint: StateStore;
  /** Channel-wide state (cached sessions, discovered limits). */
  channelState: StateStore;
  signal: AbortSignal;
  log: Logger;
}

export interface PublishReceipt {
  remoteId?: string;
  remoteUrl?: string;
  /** False when we believe it posted but could not read back an id (e.g. X duplicate after unknown outcome). */
  confirmed: boolean;
  /** Anything the editor should know (image dropped, link card missing...). */
  note?: string;
}

/** A post already out, as its receipt stored it: enough to edit, answer or delete it later (#16). */
export interface RemotePost {
  remoteId: string;
  remoteUrl?: string;
  /** Network extras the receipt kept (Telegram `chatId`, Bluesky `cid`...); absent ones are looked up. */
  extra?: Record<string, string>;
}

/** What a network allows once a post is out; a caller picks `edit`, `reply` or `flag` from it. */
export interface CorrectionCapabilities {
  edit: boolean;
  reply: boolean;
  remove: boolean;
}

export interface RemoveResult {
  /** The network no longer had it (404 / not found on delete): done, nothing was deleted now. */
  alreadyGone: boolean;
  note?: string;
}

export interface LivePublisher {
  /** Throws only `src/publishers/errors.ts` classes. */
  publish(draft: Draft, ctx: PublishContext): Promise<PublishReceipt>;
  /** Absent: none of the calls below exist (manual removal only). */
  readonly corrections?: CorrectionCapabilities;
  /** Changes the post in place to `draft.text`; repeating it with the same text is harmless. */
  edit?(remote: RemotePost, draft: Draft, ctx: PublishContext): Promise<PublishReceipt>;
  /** Posts `draft.text` threaded under the post (a correction); as exactly-once as a first post. */
  reply?(remote: RemotePost, draft: Draft, ctx: PublishContext): Promise<PublishReceipt>;
  /** Deletes the post; one already gone is success (`alreadyGone`). */
  remove?(remote: RemotePost, ctx: PublishContext): Promise<RemoveResult>;
  /**
   * Checks credentials; returns the account label shown by `crier check`. `channelState` is the
   * channel's shared state when Redis is up, so a cached session is used instead of a new login.
   */
  verify?(signal: AbortSignal, channelState?: StateStore): Promise<{ account: string }>;
  /** Releases what the publisher holds open (files, sockets) when the process stops. */
  close?(): void;
}

export interface LiveFactoryInput<O = ChannelOptions> {
  channel: string;
  /** Where this channel's credentials come from (e.g. `X_URDU`), for error messages that tell ops what to fix. */
  envPrefix?: string;
  /** The channel's options as its network's `optionsSchema` parsed them (defaults applied). */
  options: O;
  /** Secrets by suffix (e.g. `APP_KEY`), read from `<ENVPREFIX>_<SUFFIX>` or its `_FILE`. */
  secrets: Record<string, string>;
  publicBaseUrl?: string;
  /** The publication's name and card colours (`publication` in the config), for generated images. */
  publication?: { name: string; brand?: { primaryColour?: string; textColour?: string; accentColour?: string } };
  log: Logger;
}

/** What a network says about when a channel's credentials stop working (#16); see `credentialsExpiry`. */
export interface CredentialsExpiry {
  /** Unix ms when the credential stops working; absent: it never expires (Meta's `expires_at: 0`). */
  expiresAtMs?: number;
  /** What expires then ("page token", "data access", "refresh token"...). */
  what: string;
  /** The network says the credential is no longer valid (revoked, expired): the channel halts. */
  invalid?: string;
  /** Crier renews it by itself (a Bluesky session re-created from the app password): shown, never alerted on. */
  selfRenewing?: boolean;
}

export interface ExpiryCheckContext<O = ChannelOptions> {
  channel: string;
  options: O;
  secrets: Record<string, string>;
  /** The channel's shared state (cached sessions): read, never written, by an expiry check. */
  channelState?: StateStore;
  signal: AbortSignal;
  log: Logger;
  nowMs: number;
}

/**
 * A network: what the config needs to validate a channel (`NetworkSpec`) plus formatting and
 * posting. `O` is the network's own options type (`z.infer` of its `optionsSchema`); build one
 * with `defineNetwork`, which types `O` from the schema. Its `CopyBudgets` (summary length class,
 * sentence budget, hashtag cap) are required: a network without them does not typecheck.
 */
export interface NetworkDefinition<O = ChannelOptions> extends NetworkSpec, CopyBudgets {
  readonly displayName: string;
  readonly defaultTemplate: string;
  readonly defaultMaxHashtags: number;
  readonly limit: number;
  readonly count: LengthCounter;
  /** Pure: summary → draft within `limit` by `count`. Throws only if nothing can fit (e.g. a URL longer than the limit). */
  format(input: FormatInput<O>): Draft;
  /** The text exactly as the network receives it, where it differs from the draft's (Bluesky's short links). */
  postedText?(draft: Draft): string;
  /** Absent: the network has no live adapter yet and can only run in dry-run mode. */
  createLive?(input: LiveFactoryInput<O>): LivePublisher;
  /** Re-sending after an unknown outcome cannot duplicate (idempotency key, client id, duplicate rejection). */
  readonly retryAfterUnknownIsSafe: boolean;
  /** Price of one post in USD (X charges per request); used with the channel's `monthlyBudgetUsd`. */
  costUsd?(draft: Draft, options: O): number;
  /**
   * Where the network says when the credentials expire (#16), without spending posting quota;
   * absent: nothing to ask (tokens that never expire). Throws only `src/publishers/errors.ts` classes.
   */
  credentialsExpiry?(ctx: ExpiryCheckContext<O>): Promise<CredentialsExpiry>;
}

/**
 * Builds a network with its options typed from its `optionsSchema`, and hands it to the registry
 * as a plain `NetworkDefinition`. This is the one place the options type is erased (the methods'
 * parameters are compared bivariantly, so no cast is written): sound because every caller passes
 * a channel's options as the config parsed them with this same schema (`parseConfig`), and tests
 * that call a network directly parse theirs with `optionsSchema` too. The schema keeps its own
 * type, so `xNetwork.optionsSchema.parse(...)` gives typed options.
 */
export function defineNetwork<S extends z.ZodObject>(def: NetworkDefinition<z.output<S>> & { readonly optionsSchema: S }): NetworkDefinition & { readonly optionsSchema: S } {
  return def;
}
