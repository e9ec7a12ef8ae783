import { randomBytes } from 'node:crypto';
import { countText } from '../desk/post-actions.js';
import type { ActionResult } from '../desk/desk-context.js';
import { parsePostId } from '../ledger/keys.js';
import type { WebContext } from './web-context.js';

/**
 * Editing a post that has not gone out yet (issue #15): queued and failed posts too, re-checked
 * against the network's limit, and only while the post still carries the text the editor saw (the
 * ledger's replaceDraft script refuses a post the publish worker has claimed meanwhile).
 */
export const EDITABLE_STATES = ['pending_approval', 'queued', 'failed'] as const;
const SNIPPET = 200;
const clip = (s: string) => (s.length > SNIPPET ? `${s.slice(0, SNIPPET - 1)}…` : s);

export async function editPost(ctx: WebContext, postId: string, editedText: string, user: string): Promise<ActionResult> {
  const ids = parsePostId(postId);
  const post = ids ? await ctx.posts.get(postId) : undefined;
  if (!ids || !post) return { ok: false, status: 404, message: `no post ${postId}` };
  const text = editedText.replace(/\r\n/g, '\n');
  if (text.trim() === '') return { ok: false, status: 422, message: 'the text is empty' };
  if (text === post.draft.text) return { ok: true, message: 'unchanged' };
  const count = countText(ctx, ids.channel, text, post.draft.limit);
  if (!count) return { ok: false, status: 404, message: `unknown channel ${ids.channel}` };
  if (!count.fits) return { ok: false, status: 422, message: `too long for ${ids.channel}: ${count.length} / ${count.limit}`, length: count.length, limit: count.limit };
  const draft = { ...post.draft, text, length: count.length };
  const result = await ctx.posts.replaceDraft({ postId, expectedText: post.draft.text, draft, by: user, sentences: post.draft.sentences ?? [], states: ['queued', 'failed'], detail: `${user} edited: “${clip(post.draft.text)}” → “${clip(text)}”` });
  if (result === 'ok') return { ok: true, message: `saved (${count.length} / ${count.limit})` };
  if (result === 'changed') return { ok: false, status: 409, message: 'the post changed meanwhile: reload and edit again' };
  return { ok: false, status: result === 'missing' ? 404 : 409, message: result === 'missing' ? `no post ${postId}` : `cannot edit: the post is ${result.slice('state:'.length)}` };
}

/**
 * A refused edit goes back to the post by redirect (post/redirect/get) without losing the text:
 * it waits in Redis for ten minutes under a random token that only its author's session can read.
 */
const REFUSED_TTL_S = 600;
const TOKEN = /^[A-Za-z0-9_-]{22}$/;
export interface RefusedEdit {
  postId: string;
  channel: string;
  text: string;
  error: string;
  user: string;
}
const refusedKey = (ctx: WebContext, token: string) => `${ctx.config.redis.prefix}:web:refused-edit:${token}`;

export async function stashRefused(ctx: WebContext, edit: RefusedEdit): Promise<string> {
  const token = randomBytes(16).toString('base64url');
  await ctx.redis.set(refusedKey(ctx, token), JSON.stringify(edit), 'EX', REFUSED_TTL_S);
  return token;
}

export async function takeRefused(ctx: WebContext, token: unknown, user: string, articleKey: string): Promise<RefusedEdit | undefined> {
  if (typeof token !== 'string' || !TOKEN.test(token)) return undefined;
  const raw = await ctx.redis.get(refusedKey(ctx, token));
  if (!raw) return undefined;
  const edit = JSON.parse(raw) as RefusedEdit;
  return edit.user === user && parsePostId(edit.postId)?.articleKey === articleKey ? edit : undefined;
}
