import { describe, expect, it } from 'vitest';
import { toFittingJpeg } from '../../src/media/image-convert.js';
import { endsWithEoi, imageMisfit, jpegInfo, sniffImageKind } from '../../src/media/image-info.js';
import { INSTAGRAM_IMAGE_RULES } from '../../src/publishers/instagram/instagram-image.js';
import { extractOgImage } from '../../src/media/og-image.js';
import { testImage } from '../helpers/test-image.js';

describe('image-info', () => {
  it('sniffs formats by magic bytes and reads JPEG dimensions', async () => {
    expect(sniffImageKind(await testImage(10, 10, 'png'))).toBe('png');
    expect(sniffImageKind(await testImage(10, 10, 'webp'))).toBe('webp');
    const jpeg = await testImage(800, 600, 'jpeg');
    expect(jpegInfo(jpeg)).toEqual({ width: 800, height: 600 });
    expect(endsWithEoi(jpeg)).toBe(true);
    expect(endsWithEoi(jpeg.subarray(0, jpeg.length - 100))).toBe(false);
    expect(jpegInfo(Buffer.from('<html>'))).toBeUndefined();
  });

  it('explains why an image does not fit Instagram', async () => {
    expect(imageMisfit(await testImage(1080, 1080, 'jpeg'), INSTAGRAM_IMAGE_RULES)).toBeUndefined();
    expect(imageMisfit(await testImage(1080, 1350, 'jpeg'), INSTAGRAM_IMAGE_RULES)).toBeUndefined();
    expect(imageMisfit(await testImage(1080, 1080, 'png'), INSTAGRAM_IMAGE_RULES)).toMatch(/not a JPEG/);
    expect(imageMisfit(await testImage(600, 1200, 'jpeg'), INSTAGRAM_IMAGE_RULES)).toMatch(/aspect/);
    expect(imageMisfit(await testImage(2000, 500, 'jpeg'), INSTAGRAM_IMAGE_RULES)).toMatch(/aspect/);
    expect(imageMisfit(await testImage(2000, 1500, 'jpeg'), INSTAGRAM_IMAGE_RULES)).toMatch(/width/);
    expect(imageMisfit(await testImage(200, 200, 'jpeg'), INSTAGRAM_IMAGE_RULES)).toMatch(/width/);
  });
});

describe('toFittingJpeg', () => {
  it.each([
    ['tall PNG is cropped to 4:5', 900, 2000, 'png', 900 / 0.8],
    ['panorama WebP is padded to 1.91:1', 3000, 1000, 'webp', Math.round(1080 / 1.91)],
    ['huge JPEG is scaled to 1080 wide', 4000, 3000, 'jpeg', 810],
    ['tiny JPEG is scaled up to 320 wide', 100, 100, 'jpeg', 320],
  ] as const)('%s', async (_name, w, h, format, expectedHeight) => {
    const out = await toFittingJpeg(await testImage(w, h, format), INSTAGRAM_IMAGE_RULES, { padColour: '#000000' });
    expect(imageMisfit(out.bytes, INSTAGRAM_IMAGE_RULES)).toBeUndefined();
    expect(jpegInfo(out.bytes)).toEqual({ width: out.width, height: out.height });
    expect(Math.abs(out.height - expectedHeight)).toBeLessThanOrEqual(2);
  });

  it('refuses bytes that are not an image', async () => {
    await expect(toFittingJpeg(Buffer.from('<!doctype html><p>hi'), INSTAGRAM_IMAGE_RULES)).rejects.toThrow(/not a recognised image/);
  });
});

describe('extractOgImage', () => {
  it('prefers og:image:secure_url, handles attribute order, entities and relative URLs', () => {
    const html = `<head><meta content="/img/a.jpg?x=1&amp;y=2" property="og:image"><meta name="twitter:image" content="https://t.example/t.jpg"></head>`;
    expect(extractOgImage(html, 'https://news.example/story')).toBe('https://news.example/img/a.jpg?x=1&y=2');
    const secure = `<meta property='og:image' content='http://a.example/1.jpg'><meta property="og:image:secure_url" content="https://a.example/1.jpg" />`;
    expect(extractOgImage(secure, 'https://a.example/')).toBe('https://a.example/1.jpg');
    expect(extractOgImage('<meta name="twitter:image" content="https://t.example/t.jpg">', 'https://x.example/')).toBe('https://t.example/t.jpg');
    expect(extractOgImage('<meta property="og:image" content="javascript:alert(1)">', 'https://x.example/')).toBeUndefined();
    expect(extractOgImage('<p>no meta</p>', 'https://x.example/')).toBeUndefined();
  });
});
