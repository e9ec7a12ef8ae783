import type { Redis } from 'ioredis';
import type { Config } from '../config/load-config.js';
import type { ArticleLedger } from '../ledger/article-ledger.js';
import type { ChannelControl } from '../ledger/channel-control.js';
import { parsePostId } from '../ledger/keys.js';
import type { PostLedger } from '../ledger/post-ledger.js';
import { replaceDraft } from '../ledger/replace-draft.js';
import { renderCard } from '../media/card-render.js';
import { cardUrl, putCard } from '../media/card-store.js';
import { toFittingJpeg } from '../media/image-convert.js';
import { imageMisfit, sniffImageKind } from '../media/image-info.js';
import { domainOf } from '../media/image-select.js';
import { safeFetch } from '../shared/http/safe-fetch.js';
import type { ActionResult } from './desk-context.js';
import { imageCandidates, imageCheckFor, type ImageCandidate } from './image-candidates.js';

/**
 * "Use this image" (issue #15): an editor swaps a post's image for another from the article. The
 * chosen URL must be one of the article's candidates (never a URL typed in), is fetched through
 * the SSRF-safe fetch and checked against what the network takes; the draft's `imageUrl` is what
 * every publisher sends (Instagram's image-select tries it first), so the publish path uses it.
 * The change is one ledger script (refused if the post moved on or its text changed meanwhile)
 * and lands in the post's history with who made it.
 */
export interface ImageSwapContext {
  config: Pick<Config, 'channels' | 'publication' | 'publicBaseUrl' | 'redis'>;
  redis: Redis;
  posts: Pick<PostLedger, 'get'>;
  articles: Pick<ArticleLedger, 'get'>;
  control: Pick<ChannelControl, 'state'>;
}

export const IMAGE_SWAPPABLE_STATES = ['pending_approval', 'queued', 'failed'] as const;
const RASTER = new Set(['jpeg', 'png', 'gif', 'webp']);
const FETCH_TIMEOUT_MS = 10_000;
const LABELS: Record<ImageCandidate['source'], string> = { feed: 'feed image', 'og:image': 'article page og:image', article: 'image from the article', card: 'generated headline card' };

async function drawCard(ctx: ImageSwapContext, channel: string, network: string, headline: string, articleUrl: string): Promise<ActionResult | string> {
  if (!ctx.config.publicBaseUrl) return { ok: false, status: 422, message: 'a generated card needs publicBaseUrl (the networks fetch it from Crier)' };
  const brand = ctx.config.publication.brand;
  const bytes = await renderCard({ headline, publicationName: ctx.config.publication.name, footer: domainOf(articleUrl), ...(brand ? { brand } : {}) });
  const rules = imageCheckFor(network).rules;
  const fitted = rules && imageMisfit(bytes, rules) ? (await toFittingJpeg(bytes, rules, { padColour: brand?.primaryColour ?? '#000000' })).bytes : bytes;
  return cardUrl(ctx.config.publicBaseUrl, await putCard(ctx.control.state(channel), channel, fitted));
}

/** Refused with the reason when these bytes cannot go to the network; a note when they will be converted. */
async function checkImage(url: string, network: string, publicBaseUrl: string | undefined): Promise<{ refused?: string; note?: string }> {
  const check = imageCheckFor(network);
  const got = await safeFetch(url, { maxBytes: Math.max(check.maxBytes, 20 * 1024 * 1024), timeoutMs: FETCH_TIMEOUT_MS, accept: 'image/jpeg,image/*;q=0.8' });
  if (!got.ok) return { refused: `the image could not be read: ${got.problem}` };
  const kind = sniffImageKind(got.bytes);
  if (!kind || !RASTER.has(kind)) return { refused: `not a JPEG, PNG, GIF or WebP image (${kind ?? 'unknown format'})` };
  if (check.rules) {
    const misfit = imageMisfit(got.bytes, check.rules);
    // Instagram's path converts a misfit (image-select.ts), which needs Crier to serve the copy.
    if (misfit && !publicBaseUrl) return { refused: `${misfit}, and converting it needs publicBaseUrl` };
    return misfit ? { note: `will be converted for ${network}: ${misfit}` } : {};
  }
  if (got.bytes.length > check.maxBytes) return { refused: `${got.bytes.length} bytes is over ${network}'s ${check.maxBytes}` };
  return {};
}

export async function swapImage(ctx: ImageSwapContext, postId: string, choice: { source: string; url?: string }, user: string): Promise<ActionResult> {
  const ids = parsePostId(postId);
  const channel = ids ? ctx.config.channels.find((c) => c.id === ids.channel) : undefined;
  const post = ids && channel ? await ctx.posts.get(postId) : undefined;
  const record = post ? await ctx.articles.get(post.articleKey) : undefined;
  if (!ids || !channel || !post || !record) return { ok: false, status: 404, message: `no post ${postId}` };
  if (!(IMAGE_SWAPPABLE_STATES as readonly string[]).includes(post.state)) return { ok: false, status: 409, message: `cannot change the image: the post is ${post.state}` };
  const candidates = await imageCandidates(record.article, ctx.config.publicBaseUrl !== undefined);
  const picked = candidates.find((c) => c.source === choice.source && (c.source === 'card' || c.url === choice.url));
  if (!picked) return { ok: false, status: 422, message: 'that image is not one of this article\'s images (the page may be out of date: reload it)' };
  let url: string;
  let note: string | undefined;
  if (picked.source === 'card') {
    const drawn = await drawCard(ctx, channel.id, channel.network, record.article.title, post.draft.url);
    if (typeof drawn !== 'string') return drawn;
    url = drawn;
  } else {
    url = picked.url ?? '';
    if (url === post.draft.imageUrl) return { ok: false, status: 409, message: 'the post already uses that image' };
    const checked = await checkImage(url, channel.network, ctx.config.publicBaseUrl);
    if (checked.refused) return { ok: false, status: 422, message: `cannot use that image on ${channel.id}: ${checked.refused}; the post is unchanged` };
    note = checked.note;
  }
  const detail = `${user} changed the image to the ${LABELS[picked.source]}${picked.url ? ` (${domainOf(picked.url)})` : ''}`;
  const result = await replaceDraft(ctx.redis, ctx.config.redis.prefix, { postId, expectedText: post.draft.text, draft: { ...post.draft, imageUrl: url }, by: user, states: IMAGE_SWAPPABLE_STATES, detail, emitEvent: true });
  if (result === 'ok') return { ok: true, message: `${channel.id} now uses the ${LABELS[picked.source]}${note ? ` (${note})` : ''}`, post: { ...post, draft: { ...post.draft, imageUrl: url } } };
  if (result === 'changed') return { ok: false, status: 409, message: 'the post changed meanwhile: reload and choose again' };
  return { ok: false, status: result === 'missing' ? 404 : 409, message: result === 'missing' ? `no post ${postId}` : `cannot change the image: the post is ${result.slice('state:'.length)}` };
}
