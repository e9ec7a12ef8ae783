import { createCanvas, loadImage } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { CARD_HEIGHT, CARD_WIDTH, isRtl, renderCard } from '../../src/media/card-render.js';
import { endsWithEoi, imageMisfit, jpegInfo } from '../../src/media/image-info.js';
import { INSTAGRAM_IMAGE_RULES } from '../../src/publishers/instagram/instagram-image.js';

async function pixels(jpeg: Buffer) {
  const img = await loadImage(jpeg);
  const c = createCanvas(img.width, img.height);
  const g = c.getContext('2d');
  g.drawImage(img, 0, 0);
  return { img, data: g.getImageData(0, 0, img.width, img.height).data };
}

/** Distinct colours (quantised) in a rectangle: a flat background has a handful, text has many. */
function distinctColours(data: Uint8ClampedArray, width: number, x0: number, y0: number, x1: number, y1: number): number {
  const seen = new Set<number>();
  for (let y = y0; y < y1; y += 2) {
    for (let x = x0; x < x1; x += 2) {
      const i = (y * width + x) * 4;
      seen.add(((data[i] ?? 0) >> 4) * 256 + ((data[i + 1] ?? 0) >> 4) * 16 + ((data[i + 2] ?? 0) >> 4));
    }
  }
  return seen.size;
}

describe('renderCard', () => {
  it('is a valid 1080×1350 JPEG that Instagram accepts as it is', async () => {
    const jpeg = await renderCard({ headline: 'Monsoon floods displace thousands across Sindh', publicationName: 'SouthAsianDesk', footer: 'southasiandesk.example' });
    expect(jpegInfo(jpeg)).toEqual({ width: CARD_WIDTH, height: CARD_HEIGHT });
    expect(endsWithEoi(jpeg)).toBe(true);
    expect(imageMisfit(jpeg, INSTAGRAM_IMAGE_RULES)).toBeUndefined();
    const { img } = await pixels(jpeg);
    expect([img.width, img.height]).toEqual([1080, 1350]);
  });

  it('draws the headline: the text area is far from uniform, and an empty headline leaves it flat', async () => {
    const headline = await pixels(await renderCard({ headline: 'Parliament passes the budget after a night of debate', publicationName: 'The Daily' }));
    const empty = await pixels(await renderCard({ headline: ' ', publicationName: 'The Daily' }));
    // The headline block sits between y≈300 and y≈1090, left-aligned at x≈96.
    const withText = distinctColours(headline.data, 1080, 96, 420, 984, 1000);
    const without = distinctColours(empty.data, 1080, 96, 420, 984, 1000);
    expect(withText).toBeGreaterThan(without * 3);
    expect(withText).toBeGreaterThan(40);
  });

  it('uses the brand colours', async () => {
    const { data } = await pixels(await renderCard({ headline: 'x', publicationName: 'P', brand: { primaryColour: '#C00000', accentColour: '#00C000' } }));
    const at = (x: number, y: number) => Array.from(data.subarray((y * 1080 + x) * 4, (y * 1080 + x) * 4 + 3));
    const [r, g, b] = at(1000, 700);
    expect(r).toBeGreaterThan(100);
    expect((g ?? 0) + (b ?? 0)).toBeLessThan(60);
    const [ar, ag] = at(540, 5); // the accent band along the top edge
    expect(ag).toBeGreaterThan(150);
    expect(ar).toBeLessThan(60);
  });

  it('renders an Urdu headline right-to-left without crashing, text on the right side', async () => {
    const jpeg = await renderCard({ headline: 'کراچی میں شدید بارش، نشیبی علاقے زیر آب آ گئے', publicationName: 'SouthAsianDesk اردو', footer: 'urdu.example' });
    expect(jpegInfo(jpeg)).toEqual({ width: 1080, height: 1350 });
    const { data } = await pixels(jpeg);
    expect(distinctColours(data, 1080, 540, 300, 984, 1100)).toBeGreaterThan(20);
  });

  it('shrinks a very long headline and still produces a card', async () => {
    const jpeg = await renderCard({ headline: 'word '.repeat(200), publicationName: 'P' });
    expect(jpegInfo(jpeg)).toEqual({ width: 1080, height: 1350 });
  });

  it('detects right-to-left text by its first strong character', () => {
    expect(isRtl('کراچی 2025')).toBe(true);
    expect(isRtl('2025 Karachi کراچی')).toBe(false);
    expect(isRtl('«שלום»')).toBe(true);
  });
});
