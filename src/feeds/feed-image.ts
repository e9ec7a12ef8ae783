import type { RawItem } from './feed-item.js';
import { asArray, attr, isRecord } from './xml-values.js';

/** The item's own picture: an image enclosure, then Media RSS content, then a Media RSS thumbnail. */

const IMAGE_EXTENSION = /\.(?:jpe?g|png|gif|webp|avif)(?:[?#]|$)/i;

export function pickImage(raw: RawItem): string | undefined {
  const enclosures = [
    ...asArray(raw.rawEnclosure).map((node) => ({ url: attr(node, 'url'), type: attr(node, 'type') })),
    ...asArray(raw.rawLink)
      .filter((node) => attr(node, 'rel')?.toLowerCase() === 'enclosure')
      .map((node) => ({ url: attr(node, 'href'), type: attr(node, 'type') })),
  ];
  const enclosure = enclosures.find((e) => e.url && (e.type?.startsWith('image/') || (!e.type && IMAGE_EXTENSION.test(e.url))));
  if (enclosure?.url) return enclosure.url;

  const groups = asArray(raw.rawMediaGroup).filter(isRecord);
  const mediaContents = [...asArray(raw.rawMediaContent), ...groups.flatMap((g) => asArray(g['media:content']))];
  const media = mediaContents.find((node) => {
    const medium = attr(node, 'medium')?.toLowerCase();
    const type = attr(node, 'type')?.toLowerCase();
    const url = attr(node, 'url') ?? '';
    return medium === 'image' || type?.startsWith('image/') || (!medium && !type && IMAGE_EXTENSION.test(url));
  });
  if (media && attr(media, 'url')) return attr(media, 'url');

  const thumbnails = [...asArray(raw.rawMediaThumbnail), ...groups.flatMap((g) => asArray(g['media:thumbnail']))];
  const thumbnail = thumbnails.map((node) => attr(node, 'url')).find((url) => url);
  return thumbnail;
}
