import { createHash } from 'node:crypto';

/**
 * The idempotency key (or client-chosen record id seed) of a correction reply: the post id plus a
 * hash of the reply's text. A retry of the same reply sends the same key, so the network answers
 * with the reply it already made; a later, different correction of the same post gets its own key.
 */
export function correctionReplyKey(postId: string, text: string): string {
  return `${postId}:reply:${createHash('sha256').update(text).digest('hex').slice(0, 16)}`;
}

/** Networks that can neither edit, reply to nor delete a post through the API (Instagram captions, Slack webhooks): flag it. */
export const NO_CORRECTIONS = { edit: false, reply: false, remove: false } as const;
