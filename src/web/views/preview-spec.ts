import { INSTAGRAM_IMAGE_RULES } from '../../publishers/instagram/instagram-image.js';

/**
 * How each network shows a post, for the desk's previews (issue #15). What the publishers send is
 * read from their code (which options attach an image, which post a link the network scrapes);
 * how the network then draws it is what its apps do today, and those figures are assumptions
 * (none is documented by the networks, and our API reference notes say nothing on folds):
 *  - the "…See more" fold: Facebook about 480 characters or 5 lines, LinkedIn about 210
 *    characters or 3 lines ("…see more"), Instagram about 125 characters or 2 lines ("… more");
 *    X (280), Threads (500), Bluesky (300), Mastodon, Telegram, Discord and Slack show it all;
 *  - crops: a link card's image 1.91:1 (Facebook, X, LinkedIn, Threads, Bluesky, Mastodon); an
 *    attached photo in an X or Mastodon timeline 16:9; Instagram keeps the image's own shape
 *    within its ImageRules range (4:5 to 1.91:1; Crier pads anything outside it); Telegram
 *    and Discord show the whole image.
 */
export type PreviewMedia = 'photo' | 'link-card' | 'scraped-card' | 'none';

export interface PreviewSpec {
  label: string;
  fold?: { chars: number; lines: number; more: string };
  /** How links read in the text: in full, shortened (scheme dropped, long paths cut), or plain text (not clickable). */
  links: 'full' | 'short' | 'plain';
  media: PreviewMedia;
  /** Width / height of the frame the network crops to; absent: the image's own shape. */
  aspect?: number;
  /** The image's own shape, held within this range (Instagram's ImageRules). */
  aspectRange?: { min: number; max: number };
  /** True when the post's own image goes out (so swapping it changes the post). */
  sendsImage: boolean;
}

const LINK_CARD = 1.91;
const TIMELINE_PHOTO = 16 / 9;
const on = (options: Record<string, unknown>, key: string, dflt: boolean): boolean => (typeof options[key] === 'boolean' ? (options[key] as boolean) : dflt);

export function previewSpec(network: string, options: Record<string, unknown>, hasImage: boolean): PreviewSpec {
  switch (network) {
    case 'facebook':
      // The publisher posts `link`: Facebook scrapes the page for the card (its og:image).
      return { label: 'Facebook', fold: { chars: 480, lines: 5, more: '…See more' }, links: 'full', media: 'scraped-card', aspect: LINK_CARD, sendsImage: false };
    case 'instagram':
      return { label: 'Instagram', fold: { chars: 125, lines: 2, more: '… more' }, links: 'plain', media: 'photo', aspectRange: { min: INSTAGRAM_IMAGE_RULES.minAspect, max: INSTAGRAM_IMAGE_RULES.maxAspect }, sendsImage: true };
    case 'linkedin': {
      const thumb = on(options, 'thumbnail', true) && hasImage;
      return { label: 'LinkedIn', fold: { chars: 210, lines: 3, more: '…see more' }, links: 'full', media: thumb ? 'link-card' : 'scraped-card', aspect: LINK_CARD, sendsImage: thumb };
    }
    case 'x': {
      const attach = on(options, 'attachImage', false) && hasImage;
      return { label: 'X', links: 'short', media: attach ? 'photo' : 'scraped-card', aspect: attach ? TIMELINE_PHOTO : LINK_CARD, sendsImage: attach };
    }
    case 'mastodon': {
      const attach = on(options, 'attachImage', false) && hasImage;
      return { label: 'Mastodon', links: 'short', media: attach ? 'photo' : 'scraped-card', aspect: attach ? TIMELINE_PHOTO : LINK_CARD, sendsImage: attach };
    }
    case 'bluesky': {
      const card = on(options, 'linkCard', true);
      return { label: 'Bluesky', links: 'short', media: card ? 'link-card' : 'none', aspect: LINK_CARD, sendsImage: card && hasImage };
    }
    case 'threads':
      return { label: 'Threads', links: 'full', media: 'scraped-card', aspect: LINK_CARD, sendsImage: false };
    case 'telegram': {
      const photo = on(options, 'sendPhoto', true) && hasImage;
      return { label: 'Telegram', links: 'full', media: photo ? 'photo' : 'scraped-card', sendsImage: photo };
    }
    case 'discord':
      return { label: 'Discord', links: 'full', media: hasImage ? 'link-card' : 'none', sendsImage: hasImage };
    default:
      return { label: network, links: 'full', media: 'scraped-card', aspect: LINK_CARD, sendsImage: false };
  }
}
