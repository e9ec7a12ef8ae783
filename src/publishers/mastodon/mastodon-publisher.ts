import { urlWeightedLength } from '../../drafts/counters.js';
import { PermanentError } from '../errors.js';
import { sendHttp } from '../http-client.js';
import type { LiveFactoryInput, LivePublisher, PublishContext } from '../publisher.js';
import { classify } from './mastodon-classify.js';
import { instanceLimits } from './mastodon-instance.js';
import { DEFAULT_MEDIA_TIMING, type MediaTiming, uploadMedia } from './mastodon-media.js';

interface MastodonOptions {
  apiBaseUrl: string;
  attachImage: boolean;
  allowPrivateImageHosts: boolean;
  visibility: 'public' | 'unlisted' | 'private' | 'direct';
  language?: string;
}

/** A retry reuses the attachment uploaded by an earlier attempt instead of uploading again. */
const MEDIA_CHECKPOINT = 'mastodon.mediaId';

export function createMastodonPublisher(input: LiveFactoryInput, timing: MediaTiming = DEFAULT_MEDIA_TIMING): LivePublisher {
  const options = input.options as unknown as MastodonOptions;
  const secret = input.secrets.ACCESS_TOKEN;
  if (!secret) throw new Error('mastodon: MASTODON_ACCESS_TOKEN is required in live mode');
  const token: string = secret;
  const base = options.apiBaseUrl;
  const auth = { authorization: `Bearer ${token}` };

  async function mediaIds(imageUrl: string, description: string, ctx: PublishContext, notes: string[]): Promise<string[]> {
    const saved = await ctx.checkpoint.get(MEDIA_CHECKPOINT);
    if (saved) return [saved];
    const media = await uploadMedia({ apiBaseUrl: base, token, imageUrl, description, signal: ctx.signal, timing, allowPrivateImageHosts: options.allowPrivateImageHosts });
    if ('problem' in media) {
      notes.push(`posted without the image: ${media.problem}`);
      return [];
    }
    await ctx.checkpoint.set(MEDIA_CHECKPOINT, media.id);
    return [media.id];
  }

  return {
    async publish(draft, ctx) {
      // The draft was fitted to 500/23; this instance may allow less (or weigh URLs differently).
      const limits = await instanceLimits(base, ctx.channelState, ctx.signal, ctx.log);
      const length = urlWeightedLength(limits.charactersReservedPerUrl)(draft.text);
      if (length > limits.maxCharacters) {
        throw new PermanentError(`mastodon: the post counts ${length} characters, this instance allows ${limits.maxCharacters}`, { network: 'mastodon', reason: 'too-long' });
      }
      const notes: string[] = [];
      const media = options.attachImage && draft.imageUrl ? await mediaIds(draft.imageUrl, draft.title, ctx, notes) : [];
      const res = await sendHttp('mastodon', `${base}/api/v1/statuses`, {
        method: 'POST',
        // Mastodon keeps the key for an hour and answers a repeat with the status it already made.
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
    },

    async verify(signal) {
      const res = await sendHttp('mastodon', `${base}/api/v1/accounts/verify_credentials`, { headers: auth, signal });
      const acct = (res.json as { acct?: unknown } | undefined)?.acct;
      if (res.status !== 200 || typeof acct !== 'string') throw classify(res.status === 200 ? 502 : res.status, res.headers, res.json, Date.now());
      return { account: `@${acct}@${new URL(base).host}` };
    },
  };
}
