/**
 * Live X posting. Retries rely on X's duplicate-text rejection (no idempotency key exists), and
 * thread progress is checkpointed per post id so a retry continues a thread instead of
 * re-posting its head.
 */
import { isValidXText } from './x-count.js';
import type { Draft } from '../../drafts/draft.js';
import { PermanentError, UnknownOutcomeError, type PublishError } from '../errors.js';
import type { LiveFactoryInput, LivePublisher, PublishContext, PublishReceipt } from '../publisher.js';
import { agentFor, createXApi, type XApi } from './x-client.js';
import { xLifecycle } from './x-lifecycle.js';
import { fetchImage, uploadImage, X_MEDIA_REUSE_MS } from './x-media.js';
import type { XOptions } from './x-network.js';

/** Checkpoint names (one hash per post). */
const HEAD_ID = 'x.headId';
/** Set when the head got a 5xx: X sometimes posts and still answers 5xx, so a later duplicate is ours. */
const HEAD_MAYBE_POSTED = 'x.headMaybePosted';
const MEDIA = 'x.media';
const replyKey = (i: number) => `x.reply.${i}`;
/** A reply X called a duplicate: posted earlier (id unknown) or never postable; the thread goes on without it. */
const SKIPPED = '-';

export function xStatusUrl(id: string, handle?: string): string {
  return handle ? `https://x.com/${handle}/status/${id}` : `https://x.com/i/web/status/${id}`;
}

async function createPost(api: XApi, body: Record<string, unknown>): Promise<string> {
  const res = await api.post<{ data?: { id?: string } }>('tweets', body);
  const id = res?.data?.id;
  // A 2xx without an id: X probably posted, but we cannot prove it.
  if (typeof id !== 'string' || id === '') throw new UnknownOutcomeError('x: post answered without an id', { network: 'x' });
  return id;
}

const isPermanent = (e: PublishError, reason?: PermanentError['reason']): e is PermanentError =>
  e.kind === 'permanent' && (reason === undefined || (e as PermanentError).reason === reason);

/** Media ids for the head, or a note saying why the image was left out. */
async function imageFor(options: XOptions, api: XApi, draft: Draft, ctx: PublishContext): Promise<{ mediaIds?: string[]; note?: string }> {
  if (!options.attachImage || !draft.imageUrl) return {};
  const saved = (await ctx.checkpoint.get(MEDIA))?.split(' ');
  if (saved?.[0] && Number(saved[1]) > Date.now()) return { mediaIds: [saved[0]] };
  try {
    const image = await fetchImage(draft.imageUrl, { timeoutMs: options.imageTimeoutSeconds * 1000, signal: ctx.signal });
    const id = await uploadImage(api, image, ctx.signal);
    await ctx.checkpoint.set(MEDIA, `${id} ${Date.now() + X_MEDIA_REUSE_MS}`);
    return { mediaIds: [id] };
  } catch (err) {
    const reason = (err as PublishError).detail ? `${(err as Error).message} (${(err as PublishError).detail})` : (err as Error).message;
    ctx.log.warn({ reason }, 'x: posting without the image');
    return { note: `posted without the image: ${reason}` };
  }
}

/** The head post's id, posting it unless an earlier attempt already did. */
async function head(options: XOptions, api: XApi, draft: Draft, ctx: PublishContext, notes: string[]): Promise<string | undefined> {
  const done = await ctx.checkpoint.get(HEAD_ID);
  if (done) return done;
  const image = await imageFor(options, api, draft, ctx);
  if (image.note) notes.push(image.note);
  try {
    const id = await createPost(api, { text: draft.text, ...(image.mediaIds ? { media: { media_ids: image.mediaIds } } : {}) });
    await ctx.checkpoint.set(HEAD_ID, id);
    return id;
  } catch (err) {
    const e = err as PublishError;
    if (e.kind === 'retryable' && (e.status ?? 0) >= 500) await ctx.checkpoint.set(HEAD_MAYBE_POSTED, '1');
    // After an unknown outcome the core itself reads "duplicate" as "our earlier attempt posted".
    if (isPermanent(e, 'duplicate') && !ctx.afterUnknownOutcome && (await ctx.checkpoint.get(HEAD_MAYBE_POSTED)) === '1') {
      notes.push('posted by an earlier attempt that X answered with a server error; X reported this retry as a duplicate, so the post id is unknown');
      return undefined;
    }
    throw e;
  }
}

/** Posts the remaining replies; stops the thread (with a note) on errors that retrying cannot fix. */
async function replies(api: XApi, thread: readonly string[], headId: string, ctx: PublishContext, notes: string[]): Promise<void> {
  let parent = headId;
  for (const [i, text] of thread.entries()) {
    const done = await ctx.checkpoint.get(replyKey(i));
    if (done) {
      if (done !== SKIPPED) parent = done;
      continue;
    }
    try {
      parent = await createPost(api, { text, reply: { in_reply_to_tweet_id: parent } });
      await ctx.checkpoint.set(replyKey(i), parent);
    } catch (err) {
      const e = err as PublishError;
      if (isPermanent(e, 'duplicate')) {
        await ctx.checkpoint.set(replyKey(i), SKIPPED);
        notes.push(`reply ${i + 1}: X reported a duplicate (likely posted by an earlier attempt); the thread continues from the previous post`);
        continue;
      }
      // The head is out: a permanent refusal or lost credentials must not turn it into a failed post.
      if (isPermanent(e) || (e.kind === 'auth' && !(e as { keepPost?: boolean }).keepPost)) {
        notes.push(`thread stopped at reply ${i + 1} of ${thread.length}: ${e.message}${e.detail ? ` (${e.detail})` : ''}`);
        return;
      }
      throw e; // retry later from this reply
    }
  }
}

export function createXPublisher(input: LiveFactoryInput<XOptions>): LivePublisher {
  const { options, secrets, log } = input;
  const agent = agentFor(options.apiBaseUrl);
  const apiFor = (signal: AbortSignal) =>
    createXApi({ apiBaseUrl: options.apiBaseUrl, secrets, agent, requestTimeoutMs: options.requestTimeoutSeconds * 1000 }, signal);
  let handle: string | undefined;

  return {
    ...xLifecycle({ api: apiFor, statusUrl: (id) => xStatusUrl(id, handle) }),
    async verify(signal) {
      const me = await apiFor(signal).get<{ data?: { username?: string } }>('users/me');
      handle = me.data?.username ?? handle;
      return { account: handle ? `@${handle}` : '(unknown X account)' };
    },

    async publish(draft, ctx): Promise<PublishReceipt> {
      const texts = [draft.text, ...(draft.thread ?? [])];
      const invalid = texts.findIndex((t) => !isValidXText(t));
      if (invalid !== -1) {
        const which = invalid === 0 ? 'the post' : `thread reply ${invalid}`;
        throw new PermanentError(`x: ${which} is not a valid X post (over 280 weighted characters, empty or with forbidden characters)`, { network: 'x', reason: 'too-long' });
      }
      const api = apiFor(ctx.signal);
      const notes: string[] = [];
      const headId = await head(options, api, draft, ctx, notes);
      if (headId === undefined) {
        if (draft.thread?.length) notes.push('thread replies not posted: the first post id is unknown');
        return { confirmed: false, note: notes.join('; ') };
      }
      if (draft.thread?.length) await replies(api, draft.thread, headId, ctx, notes);
      log.debug({ remoteId: headId, replies: draft.thread?.length ?? 0 }, 'x: posted');
      return { remoteId: headId, remoteUrl: xStatusUrl(headId, handle), confirmed: true, ...(notes.length ? { note: notes.join('; ') } : {}) };
    },
  };
}
