import { createHash } from 'node:crypto';
import { canonicaliseUrl } from './canonical-url.js';
import { utcDay } from './feed-dates.js';
import type { FeedItem } from './feed-item.js';

/**
 * "Have we posted this story already?" has no single reliable answer in RSS. Newsrooms edit
 * headlines after publishing, CMS migrations rewrite every guid, slugs change when a title is
 * fixed, and some feeds bump pubDate on every edit. So an item gets several identities, strongest
 * first, and the caller treats it as already seen if ANY of them is known (and records all of
 * them). An edited title still matches on the URL; a changed guid still matches on the URL; a
 * changed URL (new slug) still matches on guid or on title + day. Each rule alone would repost.
 *
 *   url:<canonical URL without scheme>       same story in any feed, http or https, with or
 *                                            without "www." and tracking parameters
 *   guid:<feedId>:<guid>                     only when the guid is not just the link again;
 *                                            scoped to the feed because guids like "1234" are
 *                                            only unique within one CMS
 *   title:<normalised title>|<yyyy-mm-dd>    last resort; needs a date, otherwise every daily
 *                                            "Morning briefing" would look like yesterday's
 *
 * Trade-off: two different stories with the same headline on the same day collapse into one.
 * That is rare for news and much cheaper than posting a story twice.
 */

export type IdentityInput = Pick<FeedItem, 'title' | 'link' | 'guid' | 'publishedAt'>;

const KEY_HEX_CHARS = 20;

export function articleIdentities(item: IdentityInput, feedId: string): string[] {
  const identities: string[] = [];
  const canonical = item.link ? canonicaliseUrl(item.link) : undefined;
  if (canonical) identities.push(`url:${urlIdentity(canonical)}`);

  const guid = item.guid?.trim();
  if (guid && !sameAsLink(guid, canonical)) identities.push(`guid:${feedId}:${guid}`);

  const title = normaliseTitle(item.title);
  if (title && item.publishedAt) identities.push(`title:${title}|${utcDay(item.publishedAt)}`);
  // Nothing better to go on: an undated item with only a title. Still better than no identity.
  if (identities.length === 0 && title) identities.push(`title:${title}|undated`);
  return identities;
}

/**
 * BullMQ job ids must not contain ":" and must not be all digits, and Redis keys should be short:
 * "a" + 80 bits of SHA-256 is both, with collisions far beyond any newsroom's lifetime output.
 */
export function articleKeyFor(identity: string): string {
  return `a${createHash('sha256').update(identity, 'utf8').digest('hex').slice(0, KEY_HEX_CHARS)}`;
}

/** "https://www.Example.com/a?b" → "example.com/a?b": http/https and www/no-www are one site for identity. */
function urlIdentity(canonical: string): string {
  return canonical.replace(/^https?:\/\//i, '').replace(/^www\./i, '');
}

function sameAsLink(guid: string, canonicalLink: string | undefined): boolean {
  if (!canonicalLink) return false;
  const canonicalGuid = canonicaliseUrl(guid);
  return canonicalGuid !== undefined && urlIdentity(canonicalGuid) === urlIdentity(canonicalLink);
}

/**
 * Case, punctuation, quotes style and spacing changes are the usual headline "edits" that do
 * not make a new story; letters and digits of every script are kept (Urdu titles stay Urdu).
 */
export function normaliseTitle(title: string): string {
  return title
    .normalize('NFKC')
    .toLocaleLowerCase('en-US')
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, ' ')
    .trim();
}
