/**
 * What an image is, from its bytes (never from a Content-Type header, which servers get wrong),
 * and whether it meets a network's `ImageRules`.
 */

export type ImageKind = 'jpeg' | 'png' | 'gif' | 'webp' | 'avif' | 'bmp';

export function sniffImageKind(b: Uint8Array): ImageKind | undefined {
  const ascii = (from: number, to: number) => String.fromCharCode(...b.subarray(from, to));
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b[0] === 0x89 && ascii(1, 4) === 'PNG') return 'png';
  if (ascii(0, 4) === 'GIF8') return 'gif';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp';
  if (ascii(4, 8) === 'ftyp' && /^avi[fs]$/.test(ascii(8, 12))) return 'avif';
  if (ascii(0, 2) === 'BM') return 'bmp';
  return undefined;
}

export interface JpegInfo {
  width: number;
  height: number;
}

/** SOF0–SOF15 carry the frame size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but do not. */
const isSof = (m: number): boolean => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;

/** Width and height from a JPEG's frame header, or undefined when the bytes are not a well-formed JPEG. */
export function jpegInfo(b: Uint8Array): JpegInfo | undefined {
  if (sniffImageKind(b) !== 'jpeg') return undefined;
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return undefined;
    const marker = b[i + 1] ?? 0;
    if (marker === 0xff) {
      i += 1; // fill byte
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2;
      continue;
    }
    const len = ((b[i + 2] ?? 0) << 8) | (b[i + 3] ?? 0);
    if (len < 2) return undefined;
    if (isSof(marker)) {
      const height = ((b[i + 5] ?? 0) << 8) | (b[i + 6] ?? 0);
      const width = ((b[i + 7] ?? 0) << 8) | (b[i + 8] ?? 0);
      return width > 0 && height > 0 ? { width, height } : undefined;
    }
    if (marker === 0xda) return undefined; // scan data before any frame header
    i += 2 + len;
  }
  return undefined;
}

/** A complete JPEG ends with EOI; a truncated download does not. */
export function endsWithEoi(b: Uint8Array): boolean {
  let end = b.length;
  while (end > 2 && b[end - 1] === 0x00) end -= 1; // some encoders pad
  return b[end - 2] === 0xff && b[end - 1] === 0xd9;
}

/**
 * What a network accepts as an image, declared in the network's folder (e.g. Instagram's in
 * src/publishers/instagram/instagram-image.ts); media/ knows no network. An image that misses
 * any rule is converted to a JPEG that meets them (image-convert.ts).
 */
export interface ImageRules {
  /** Formats taken as they are; only JPEG can be measured, so any other is re-encoded when its size matters. */
  readonly formats: readonly ImageKind[];
  readonly maxBytes: number;
  /** Width / height. */
  readonly minAspect: number;
  readonly maxAspect: number;
  readonly minWidth: number;
  readonly maxWidth: number;
  /** Width a converted image is scaled to when the original is wider (never upscaled past it). */
  readonly targetWidth: number;
  /** How the aspect range reads in a note, e.g. "4:5..1.91:1". */
  readonly aspectLabel: string;
}

/** Why these bytes cannot be handed to the network as they are, or undefined when they can. */
export function imageMisfit(bytes: Uint8Array, rules: ImageRules): string | undefined {
  const kind = sniffImageKind(bytes);
  const info = jpegInfo(bytes);
  const wanted = rules.formats.map((f) => f.toUpperCase()).join(' or ');
  if (!kind || !rules.formats.includes(kind) || !info) return `not a ${wanted} (${kind ?? 'unknown format'})`;
  if (!endsWithEoi(bytes)) return 'truncated JPEG';
  if (bytes.length > rules.maxBytes) return `${bytes.length} bytes is over ${rules.maxBytes}`;
  const aspect = info.width / info.height;
  // A hair of tolerance: 1080×1350 is exactly 0.8 and must pass.
  if (aspect < rules.minAspect - 1e-3 || aspect > rules.maxAspect + 1e-3) return `aspect ratio ${aspect.toFixed(3)} is outside ${rules.aspectLabel}`;
  if (info.width < rules.minWidth || info.width > rules.maxWidth) return `width ${info.width} is outside ${rules.minWidth}–${rules.maxWidth}`;
  return undefined;
}
