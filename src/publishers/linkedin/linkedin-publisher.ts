import type { PermanentError } from '../errors.js';
import { sendHttp } from '../http-client.js';
import type { LiveFactoryInput, LivePublisher, PublishContext } from '../publisher.js';
import type { LinkedinOptions } from './linkedin-options.js';
import { classify, duplicateOf } from './linkedin-classify.js';
import { uploadImage } from './linkedin-image.js';
import { linkedinLifecycle } from './linkedin-lifecycle.js';
import { commentaryFor } from './linkedin-little-text.js';

export const LINKEDIN_WEB_URL = 'https://www.linkedin.com';
/** Both headers are required on every /rest call; the version is YYYYMM and old ones are sunset. */
export const RESTLI_PROTOCOL_VERSION = '2.0.0';

/** The image URN survives retries, so an image is uploaded once per post. */
const IMAGE_CHECKPOINT = 'linkedin.imageUrn';

export function createLinkedinPublisher(input: LiveFactoryInput<LinkedinOptions>): LivePublisher {
  const options = input.options;
  const token = input.secrets.ACCESS_TOKEN;
  if (!token) throw new Error('linkedin: LINKEDIN_ACCESS_TOKEN is required in live mode');
  if (!options.author) throw new Error('linkedin: networks.<channel>.author (urn:li:person:… or urn:li:organization:…) is required in live mode');
  const author: string = options.author;
  const base = options.apiBaseUrl;
  const headers = {
    authorization: `Bearer ${token}`,
    'linkedin-version': options.version,
    'x-restli-protocol-version': RESTLI_PROTOCOL_VERSION,
  };

  async function thumbnail(imageUrl: string, ctx: PublishContext, notes: string[]): Promise<string | undefined> {
    const saved = await ctx.checkpoint.get(IMAGE_CHECKPOINT);
    if (saved) return saved;
    const uploaded = await uploadImage({ apiBaseUrl: base, headers, owner: author, imageUrl, signal: ctx.signal });
    if ('problem' in uploaded) {
      notes.push(`link card without thumbnail: ${uploaded.problem}`);
      return undefined;
    }
    await ctx.checkpoint.set(IMAGE_CHECKPOINT, uploaded.urn);
    return uploaded.urn;
  }

  return {
    ...linkedinLifecycle({ apiBaseUrl: base, headers }),
    async publish(draft, ctx) {
      const notes: string[] = [];
      const thumb = options.thumbnail && draft.imageUrl ? await thumbnail(draft.imageUrl, ctx, notes) : undefined;
      const article = {
        source: draft.url,
        title: draft.title,
        ...(draft.description ? { description: draft.description } : {}),
        ...(thumb ? { thumbnail: thumb } : {}),
      };
      const res = await sendHttp('linkedin', `${base}/rest/posts`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({
          author,
          commentary: commentaryFor(draft.text, draft.hashtags),
          visibility: options.visibility,
          distribution: { feedDistribution: 'MAIN_FEED', targetEntities: [], thirdPartyDistributionChannels: [] },
          ...(draft.url ? { content: { article } } : {}),
          lifecycleState: 'PUBLISHED',
          isReshareDisabledByAuthor: false,
        }),
        signal: ctx.signal,
      });
      if (res.status === 201 || res.status === 200) {
        // The post URN comes back in a header; the body is usually empty.
        const urn = res.headers.get('x-restli-id') ?? (res.json as { id?: string } | undefined)?.id;
        if (!urn) return { confirmed: false, note: ['LinkedIn accepted the post but returned no x-restli-id', ...notes].join('; ') };
        return { remoteId: urn, remoteUrl: `${LINKEDIN_WEB_URL}/feed/update/${urn}`, confirmed: true, ...(notes.length ? { note: notes.join('; ') } : {}) };
      }
      const err = classify(res.status, res.headers, res.json ?? res.text, Date.now());
      // A retry refused as a duplicate means an earlier attempt (answered 5xx) did post: report that post.
      const existing = err.kind === 'permanent' && (err as PermanentError).reason === 'duplicate' && ctx.attempt > 1 ? duplicateOf(res.json) : undefined;
      if (existing) {
        return { remoteId: existing, remoteUrl: `${LINKEDIN_WEB_URL}/feed/update/${existing}`, confirmed: false, note: ['LinkedIn reported this retry as a duplicate of a post made by an earlier attempt', ...notes].join('; ') };
      }
      throw err;
    },
  };
}
