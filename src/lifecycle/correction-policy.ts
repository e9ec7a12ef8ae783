import type { CorrectionSetting } from '../config/lifecycle-schema.js';
import type { PostState } from '../ledger/post-ledger.js';
import type { CorrectionCapabilities } from '../publishers/publisher.js';

/**
 * What a correction or a retraction does to each post of a story (#16). Pure: the lifecycle
 * worker (workers/lifecycle.worker.ts) carries the plans out.
 */

/** A reply correction: the new headline and summary under a "Correction:" label, fitted like any draft. */
export const CORRECTION_REPLY_TEMPLATE = 'Correction: {title}\n\n{summary}\n\n{url}';

const NONE: CorrectionCapabilities = { edit: false, reply: false, remove: false };

/** Without a setting: edit where the network can, else reply where it can, else ask an editor. */
export function defaultCorrection(caps: CorrectionCapabilities | undefined): CorrectionSetting {
  const c = caps ?? NONE;
  return c.edit ? 'edit' : c.reply ? 'reply' : 'flag';
}

/** Why `setting` cannot work on this network (checked at start-up), or undefined when it can. */
export function correctionSettingProblem(setting: CorrectionSetting | undefined, caps: CorrectionCapabilities | undefined, network: string): string | undefined {
  const c = caps ?? NONE;
  if (setting === 'edit' && !c.edit) return `${network} cannot edit a post through its API; use ${c.reply ? 'reply, ' : ''}flag or ignore`;
  if (setting === 'reply' && !c.reply) return `${network} cannot reply to a post through its API; use ${c.edit ? 'edit, ' : ''}flag or ignore`;
  return undefined;
}

export function resolveCorrection(setting: CorrectionSetting | undefined, caps: CorrectionCapabilities | undefined): CorrectionSetting {
  return setting ?? defaultCorrection(caps);
}

export interface PostFacts {
  state: PostState;
  network: string;
  remoteId?: string;
  /** An editor chose or wrote this draft (sentence choice, edited text): never overwritten. */
  handEdited: boolean;
}

export type CorrectionPlan =
  | { kind: 'redraft' }
  | { kind: 'keep-edited' }
  /** The post is being sent right now: look again once it has settled. */
  | { kind: 'wait' }
  | { kind: 'remote'; action: 'edit' | 'reply' }
  | { kind: 'flag'; needs: string }
  | { kind: 'nothing'; why: string };

export function planCorrection(post: PostFacts, setting: CorrectionSetting): CorrectionPlan {
  switch (post.state) {
    case 'posting':
      return { kind: 'wait' };
    case 'queued':
    case 'pending_approval':
    case 'failed':
      return post.handEdited ? { kind: 'keep-edited' } : { kind: 'redraft' };
    case 'skipped':
      return { kind: 'nothing', why: 'skipped' };
    case 'unknown':
      return { kind: 'flag', needs: `the first post's outcome is unknown: check ${post.network}, and correct it there if it went out` };
    case 'posted':
      if (setting === 'ignore') return { kind: 'nothing', why: 'corrections: ignore' };
      if (setting === 'flag') return { kind: 'flag', needs: `correct the post on ${post.network} by hand (corrections: flag)` };
      if (!post.remoteId) return { kind: 'flag', needs: `Crier has no id for the post on ${post.network}: correct it there by hand` };
      return { kind: 'remote', action: setting };
  }
}

export type RetractionPlan =
  | { kind: 'cancel' }
  | { kind: 'wait' }
  | { kind: 'remove' }
  | { kind: 'flag'; needs: string }
  | { kind: 'nothing' };

export function planRetraction(post: Omit<PostFacts, 'handEdited'>, caps: CorrectionCapabilities | undefined): RetractionPlan {
  switch (post.state) {
    case 'posting':
      return { kind: 'wait' };
    case 'queued':
    case 'pending_approval':
    case 'failed':
      return { kind: 'cancel' };
    case 'skipped':
      return { kind: 'nothing' };
    case 'unknown':
      return { kind: 'flag', needs: `the post's outcome is unknown: check ${post.network} and delete it there if it went out` };
    case 'posted':
      if (!caps?.remove) return { kind: 'flag', needs: `delete the post on ${post.network} by hand (the API cannot)` };
      if (!post.remoteId) return { kind: 'flag', needs: `Crier has no id for the post on ${post.network}: delete it there by hand` };
      return { kind: 'remove' };
  }
}

/** A feed item carrying one of the configured categories is a retraction (compared case-insensitively). */
export function isRetractedByFeed(categories: readonly string[], retractCategories: readonly string[]): boolean {
  if (retractCategories.length === 0) return false;
  const wanted = new Set(retractCategories.map((c) => c.trim().toLowerCase()));
  return categories.slice(0, 100).some((c) => wanted.has(c.trim().toLowerCase()));
}
