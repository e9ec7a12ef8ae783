import { createCanvas, loadImage } from '@napi-rs/canvas';
import { type ImageRules, sniffImageKind } from './image-info.js';

/**
 * Any decodable image (JPEG, PNG, WebP, GIF, AVIF, BMP) → a JPEG within a network's `ImageRules`.
 * Too tall (below `minAspect`): crop to it, keeping the upper part where faces and headlines usually are.
 * Too wide (above `maxAspect`): pad top and bottom with a solid colour, because cropping a panorama
 * loses the subject. Then scale into the width range and lower the quality until it fits the size cap.
 */
export interface ConvertOptions {
  padColour?: string;
}

export interface ConvertedImage {
  bytes: Buffer;
  width: number;
  height: number;
}

const QUALITIES = [88, 80, 70, 60];
/** Fraction of the surplus height cut from the top when cropping a tall image. */
const TOP_BIAS = 0.2;

export async function toFittingJpeg(input: Uint8Array, rules: ImageRules, opts: ConvertOptions = {}): Promise<ConvertedImage> {
  if (!sniffImageKind(input)) throw new Error('not a recognised image format');
  const img = await loadImage(Buffer.from(input));
  const w = img.width;
  const h = img.height;
  if (!w || !h) throw new Error('image has no size');

  let sy = 0;
  let sh = h;
  let boxH = h;
  const aspect = w / h;
  if (aspect < rules.minAspect) {
    sh = Math.round(w / rules.minAspect);
    sy = Math.round((h - sh) * TOP_BIAS);
    boxH = sh;
  } else if (aspect > rules.maxAspect) {
    boxH = Math.ceil(w / rules.maxAspect);
  }
  // Never upscale beyond the target width; never below the network's minimum width.
  const width = Math.min(rules.maxWidth, Math.max(rules.minWidth, Math.min(w, rules.targetWidth)));
  const scale = width / w;
  const height = Math.round(boxH * scale);
  const canvas = createCanvas(width, height);
  const g = canvas.getContext('2d');
  g.fillStyle = opts.padColour ?? '#000000';
  g.fillRect(0, 0, width, height);
  const drawH = Math.round(sh * scale);
  g.drawImage(img, 0, sy, w, sh, 0, Math.round((height - drawH) / 2), width, drawH);

  for (const q of QUALITIES) {
    const bytes = await canvas.encode('jpeg', q);
    if (bytes.length <= rules.maxBytes) return { bytes, width, height };
  }
  throw new Error(`cannot compress the image under ${rules.maxBytes} bytes`);
}
