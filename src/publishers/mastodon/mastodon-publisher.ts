import { urlWeightedLength } from '../../text/length-counters.js';
import { PermanentError } from '../errors.js';
import { sendHttp } from '../http-client.js';
import type { Draft } from '../../drafts/draft.js';
import type { LiveFactoryInput, LivePublisher, PublishContext, PublishReceipt } from '../publisher.js';
import type { MastodonOptions } from './mastodon-options.js';
import { classify } from './mastodon-classify.js';
import { instanceLimits } from './mastodon-instance.js';
import { mastodonLifecycle } from './mastodon-lifecycle.js';
import { DEFAULT_MEDIA_TIMING, type MediaTiming, uploadMedia } from './mastodon-media.js';

/** A retry reuses the attachment uploaded by an earlier attempt instead of uploading again. */
const MEDIA_CHECKPOINT = 'mastodon.mediaId';
/** When the status was first sent: the Idempotency-Key only protects a resend for so long. */
const SENT_AT_CHECKPOINT = 'mastodon.sentAt';
const ACCOUNT_ID_STATE = 'mastodon.accountId';
/**
 * Mastodon keeps an Idempotency-Key "for up to 1 hour". A resend later than this (a long rate-limit
 * wait, a paused channel) first looks for the status on the account, with a margin for clock skew.
 */
export const MASTODON_IDEMPOTENCY_TRUST_MS = 50 * 60_000;
/** How far back the account's own statuses are searched (the API's maximum page). */
const OWN_STATUSES_LIMIT = 40;
/** Allowance for the instance's clock when comparing its created_at with our send time. */
const CLOCK_SKEW_MS = 5 * 60_000;

/** What the publish steps share: the channel's options, its instance and token, and the media timing. */
interface MastodonClient {
  options: MastodonOptions;
  base: string;
  token: string;
  auth: { authorization: string };
  timing: MediaTiming;
}

async function mediaIds(c: MastodonClient, imageUrl: string, description: string, ctx: PublishContext, notes: string[]): Promise<string[]> {
  const { base, token, timing } = c;
  const saved = await ctx.checkpoint.get(MEDIA_CHECKPOINT);
  if (saved) return [saved];
  const media = await uploadMedia({ apiBaseUrl: base, token, imageUrl, description, signal: ctx.signal, timing });
  if ('problem' in media) {
    notes.push(`posted without the image: ${media.problem}`);
    return [];
  }
  await ctx.checkpoint.set(MEDIA_CHECKPOINT, media.id);
  return [media.id];
}

async function accountId(c: MastodonClient, ctx: PublishContext): Promise<string> {
  const { base, auth } = c;
  const cached = await ctx.channelState.get(ACCOUNT_ID_STATE);
  if (cached) return cached;
  const res = await sendHttp('mastodon', `${base}/api/v1/accounts/verify_credentials`, { headers: auth, signal: ctx.signal });
  const id = (res.json as { id?: unknown } | undefined)?.id;
  if (res.status !== 200 || typeof id !== 'string') throw classify(res.status === 200 ? 502 : res.status, res.headers, res.json, Date.now());
  await ctx.channelState.set(ACCOUNT_ID_STATE, id);
  return id;
}

/** Our status, if an earlier send made it: one of the account's newest, made after that send, linking the article. */
async function findOwnStatus(c: MastodonClient, url: string, sentAtMs: number, ctx: PublishContext): Promise<PublishReceipt | undefined> {
  const { base, auth } = c;
  const id = await accountId(c, ctx);
  const res = await sendHttp('mastodon', `${base}/api/v1/accounts/${encodeURIComponent(id)}/statuses?limit=${OWN_STATUSES_LIMIT}`, { headers: auth, signal: ctx.signal });
  if (res.status !== 200 || !Array.isArray(res.json)) throw classify(res.status === 200 ? 502 : res.status, res.headers, res.json, Date.now());
  // The status comes back as HTML: each link is an anchor to the full URL, '&' written as '&amp;'.
  const href = `href="${url.replace(/&/g, '&amp;')}"`;
  const found = (res.json as { id?: unknown; url?: unknown; created_at?: unknown; content?: unknown }[]).find(
    (s) => typeof s.content === 'string' && s.content.includes(href) && Date.parse(String(s.created_at)) >= sentAtMs - CLOCK_SKEW_MS,
  );
  if (!found || typeof found.id !== 'string') return undefined;
  return { remoteId: found.id, ...(typeof found.url === 'string' ? { remoteUrl: found.url } : {}), confirmed: true, note: 'found on the account: an earlier attempt had posted it' };
}

async function publishToMastodon(c: MastodonClient, draft: Draft, ctx: PublishContext): Promise<PublishReceipt> {
  const { options, base, auth } = c;
  const sentAtMs = Number(await ctx.checkpoint.get(SENT_AT_CHECKPOINT)) || 0;
  if (sentAtMs > 0 && Date.now() - sentAtMs > MASTODON_IDEMPOTENCY_TRUST_MS) {
    const found = await findOwnStatus(c, draft.url, sentAtMs, ctx);
    if (found) return found;
  }
  // The draft was fitted to 500/23; this instance may allow less (or weigh URLs differently).
  const limits = await instanceLimits(base, ctx.channelState, ctx.signal, ctx.log);
  const length = urlWeightedLength(limits.charactersReservedPerUrl)(draft.text);
  if (length > limits.maxCharacters) {
    throw new PermanentError(`mastodon: the post counts ${length} characters, this instance allows ${limits.maxCharacters}`, { network: 'mastodon', reason: 'too-long' });
  }
  const notes: string[] = [];
  const media = options.attachImage && draft.imageUrl ? await mediaIds(c, draft.imageUrl, draft.title, ctx, notes) : [];
  if (sentAtMs === 0) await ctx.checkpoint.set(SENT_AT_CHECKPOINT, String(Date.now()));
  const res = await sendHttp('mastodon', `${base}/api/v1/statuses`, {
    method: 'POST',
    // Mastodon keeps the key for an hour and answers a repeat with the status it already made
    // (after that, the search above has looked for it first).
    headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': ctx.postId },
    body: JSON.stringify({
      status: draft.text,
      visibility: options.visibility,
      ...(options.language ? { language: options.language } : {}),
      ...(media.length ? { media_ids: media } : {}),
    }),
    signal: ctx.signal,
    // The Idempotency-Key makes a resend safe: a lost answer is retryable, not unknown.
    idempotent: true,
  });
  const status = res.json as { id?: unknown; url?: unknown; uri?: unknown } | undefined;
  if (res.status === 200 && typeof status?.id === 'string') {
    const remoteUrl = typeof status.url === 'string' ? status.url : typeof status.uri === 'string' ? status.uri : undefined;
    return { remoteId: status.id, ...(remoteUrl ? { remoteUrl } : {}), confirmed: true, ...(notes.length ? { note: notes.join('; ') } : {}) };
  }
  throw classify(res.status === 200 ? 502 : res.status, res.headers, res.json, Date.now());
}

export function createMastodonPublisher(input: LiveFactoryInput<MastodonOptions>, timing: MediaTiming = DEFAULT_MEDIA_TIMING): LivePublisher {
  const options = input.options;
  const secret = input.secrets.ACCESS_TOKEN;
  if (!secret) throw new Error('mastodon: MASTODON_ACCESS_TOKEN is required in live mode');
  const token: string = secret;
  const base = options.apiBaseUrl;
  const auth = { authorization: `Bearer ${token}` };

  const client: MastodonClient = { options, base, token, auth, timing };

  return {
    ...mastodonLifecycle({ apiBaseUrl: base, token, visibility: options.visibility, ...(options.language ? { language: options.language } : {}) }),
    publish: (draft, ctx) => publishToMastodon(client, draft, ctx),

    async verify(signal) {
      const res = await sendHttp('mastodon', `${base}/api/v1/accounts/verify_credentials`, { headers: auth, signal });
      const acct = (res.json as { acct?: unknown } | undefined)?.acct;
      if (res.status !== 200 || typeof acct !== 'string') throw classify(res.status === 200 ? 502 : res.status, res.headers, res.json, Date.now());
      return { account: `@${acct}@${new URL(base).host}` };
    },
  };
}
