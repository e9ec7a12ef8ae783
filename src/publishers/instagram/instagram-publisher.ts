import { DEFAULT_IMAGE_FETCH_LIMITS, domainOf, selectImage } from '../../media/image-select.js';
import { INSTAGRAM_IMAGE_RULES } from './instagram-image.js';
import { NO_CORRECTIONS } from '../corrections.js';
import { PermanentError } from '../errors.js';
import { graphClientFor } from '../graph/graph-client.js';
import { createMediaPublisher } from '../graph/graph-media-publisher.js';
import type { LiveFactoryInput, LivePublisher } from '../publisher.js';
import type { InstagramOptions } from './instagram-options.js';

const NETWORK = 'instagram';
/** Instagram's own caption rules (IG User media reference): beyond these the container is refused. */
export const INSTAGRAM_MAX_HASHTAGS_IN_CAPTION = 30;
/** alt_text has no documented limit; keep it to what a screen reader reads comfortably. */
const ALT_TEXT_MAX = 1_000;
const FALLBACK_PUBLIC_URL = 'https://www.instagram.com/';

export function countHashtags(text: string): number {
  return (text.match(/(^|\s)#[\p{L}\p{N}_]+/gu) ?? []).length;
}

export function createInstagramPublisher(input: LiveFactoryInput<InstagramOptions>): LivePublisher {
  const o = input.options;
  const token = input.secrets.ACCESS_TOKEN ?? '';
  const client = graphClientFor(NETWORK, o, token);
  // The caption cannot be edited through the API and retractions go to a person: flagged, never called.
  const publisher = createMediaPublisher({
    network: NETWORK,
    client,
    userId: o.userId,
    tokenPresent: token !== '',
    channel: input.channel,
    paths: { create: '{user}/media', publish: '{user}/media_publish', list: '{user}/media', quota: '{user}/content_publishing_limit' },
    statusField: 'status_code',
    statusDetailField: 'status',
    listTextField: 'caption',
    fallbackUrl: () => FALLBACK_PUBLIC_URL,
    poll: { pollIntervalMs: o.pollIntervalMs, maxPolls: o.maxPolls },
    ...(o.quotaTotal ? { quotaTotal: o.quotaTotal } : {}),
    quotaWaitMs: o.quotaWaitMinutes * 60_000,
    log: input.log,
    async createFields(draft, ctx, notes) {
      if (countHashtags(draft.text) > INSTAGRAM_MAX_HASHTAGS_IN_CAPTION) {
        throw new PermanentError(`${NETWORK}: more than ${INSTAGRAM_MAX_HASHTAGS_IN_CAPTION} hashtags in the caption`, { network: NETWORK });
      }
      const image = await selectImage({
        ...(draft.imageUrl ? { imageUrl: draft.imageUrl } : {}),
        articleUrl: draft.url,
        headline: draft.title,
        channel: input.channel,
        state: ctx.channelState,
        ...(input.publicBaseUrl ? { publicBaseUrl: input.publicBaseUrl } : {}),
        publicationName: input.publication?.name ?? domainOf(draft.url),
        ...(input.publication?.brand ? { brand: input.publication.brand } : {}),
        footerHint: o.linkLine,
        rules: INSTAGRAM_IMAGE_RULES,
        limits: { ...DEFAULT_IMAGE_FETCH_LIMITS, timeoutMs: o.imageFetchTimeoutMs, maxImageBytes: o.imageMaxBytes },
        signal: ctx.signal,
        log: ctx.log,
      });
      notes.push(...image.notes);
      if (!image.url) throw new PermanentError(`${NETWORK}: no image to post (${image.notes.join('; ')})`, { network: NETWORK });
      if (image.source !== 'feed') notes.push(image.source === 'card' ? 'image: generated headline card' : 'image: the article page og:image');
      ctx.log.info({ source: image.source, converted: image.converted }, 'instagram image chosen');
      return { image_url: image.url, caption: draft.text, alt_text: draft.title.slice(0, ALT_TEXT_MAX) };
    },
  });
  return { ...publisher, corrections: NO_CORRECTIONS };
}
