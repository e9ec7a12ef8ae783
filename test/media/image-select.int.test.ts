import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCardId } from '../../src/media/card-store.js';
import { type ImageRules, imageMisfit, jpegInfo } from '../../src/media/image-info.js';
import { INSTAGRAM_IMAGE_RULES } from '../../src/publishers/instagram/instagram-image.js';
import { DEFAULT_IMAGE_FETCH_LIMITS, type ImageSelectInput, selectImage } from '../../src/media/image-select.js';
import { memoryStore } from '../contract/publish-context.js';
import { testImage } from '../helpers/test-image.js';
import { silentLog, startSiteServer, type TinyServer } from '../publishers/graph/meta-helpers.js';

let site: TinyServer;
const PUBLIC = 'https://crier.example.net';

beforeAll(async () => {
  const square = await testImage(1080, 1080);
  const png = await testImage(1200, 2400, 'png');
  site = await startSiteServer({
    '/square.jpg': ['image/jpeg', square],
    '/tall.png': ['image/png', png],
    '/with-og': ['text/html', '<html><head><meta property="og:image" content="/square.jpg"></head></html>'],
    '/no-og': ['text/html', '<html><head><title>t</title></head></html>'],
    '/not-image': ['image/jpeg', '<html>oops</html>'],
  });
});
afterAll(() => site.stop());

function input(over: Partial<ImageSelectInput>): ImageSelectInput & { state: ReturnType<typeof memoryStore> } {
  return {
    articleUrl: `${site.url}/no-og`,
    headline: 'Floods in Sindh',
    channel: 'instagram',
    state: memoryStore(),
    publicBaseUrl: PUBLIC,
    publicationName: 'Desk',
    limits: { ...DEFAULT_IMAGE_FETCH_LIMITS, allowPrivateHosts: true, timeoutMs: 2_000 },
    rules: INSTAGRAM_IMAGE_RULES,
    signal: AbortSignal.timeout(10_000),
    log: silentLog,
    ...over,
  } as ImageSelectInput & { state: ReturnType<typeof memoryStore> };
}

function storedJpeg(state: ReturnType<typeof memoryStore>, url: string): Uint8Array {
  const id = /\/media\/cards\/([^/]+)\.jpg$/.exec(url)?.[1] ?? '';
  const parsed = parseCardId(id);
  const b64 = state.values.get(`card:${parsed?.hash}`);
  if (!b64) throw new Error(`no stored card for ${url}`);
  return Buffer.from(b64, 'base64');
}

describe('selectImage', () => {
  it('passes a feed JPEG that already fits through as its own URL', async () => {
    const i = input({ imageUrl: `${site.url}/square.jpg` });
    const r = await selectImage(i);
    expect(r).toMatchObject({ url: `${site.url}/square.jpg`, source: 'feed', converted: false });
    expect(i.state.values.size).toBe(0);
  });

  it('converts a feed image that does not fit and serves it from publicBaseUrl', async () => {
    const i = input({ imageUrl: `${site.url}/tall.png` });
    const r = await selectImage(i);
    expect(r).toMatchObject({ source: 'feed', converted: true });
    expect(r.url).toMatch(new RegExp(`^${PUBLIC}/media/cards/instagram-[0-9a-f]{32}\\.jpg$`));
    const info = jpegInfo(storedJpeg(i.state, r.url ?? ''));
    expect(info && info.width / info.height).toBeCloseTo(0.8, 2);
  });

  it('falls back to the article og:image when the feed image is missing or broken', async () => {
    const r = await selectImage(input({ imageUrl: `${site.url}/gone.jpg`, articleUrl: `${site.url}/with-og` }));
    expect(r).toMatchObject({ url: `${site.url}/square.jpg`, source: 'og:image' });
    expect(r.notes.join(' ')).toMatch(/feed image skipped: .*HTTP 404/);
  });

  it('generates a 1080×1350 card when there is no image at all', async () => {
    const i = input({ imageUrl: `${site.url}/not-image` });
    const r = await selectImage(i);
    expect(r).toMatchObject({ source: 'card', converted: true });
    expect(jpegInfo(storedJpeg(i.state, r.url ?? ''))).toEqual({ width: 1080, height: 1350 });
    expect(r.notes.join(' ')).toMatch(/not convertible/);
  });

  it('refuses private hosts unless allowed, and falls back to a card', async () => {
    const i = input({ imageUrl: `${site.url}/square.jpg`, limits: { ...DEFAULT_IMAGE_FETCH_LIMITS, timeoutMs: 2_000 } });
    const before = site.hits.length;
    const r = await selectImage(i);
    expect(r).toMatchObject({ source: 'card' });
    expect(r.notes.join(' ')).toMatch(/non-public address/);
    expect(site.hits.length).toBe(before);
  });

  it('an image-first network with other rules (a tall 2:3 pin) gets a card reshaped to its rules', async () => {
    const pin: ImageRules = { formats: ['jpeg'], maxBytes: 2 * 1024 * 1024, minAspect: 0.5, maxAspect: 2 / 3 + 1e-3, minWidth: 600, maxWidth: 1000, targetWidth: 1000, aspectLabel: '1:2..2:3' };
    const i = input({ rules: pin });
    const r = await selectImage(i);
    expect(r).toMatchObject({ source: 'card', converted: true });
    const stored = storedJpeg(i.state, r.url ?? '');
    expect(imageMisfit(stored, INSTAGRAM_IMAGE_RULES)).toMatch(/aspect/);
    expect(imageMisfit(stored, pin)).toBeUndefined();
  });

  it('without publicBaseUrl: a fitting remote image still works; otherwise there is nothing to post', async () => {
    const { publicBaseUrl: _p, ...rest } = input({ imageUrl: `${site.url}/square.jpg` });
    expect((await selectImage(rest)).url).toBe(`${site.url}/square.jpg`);
    const { publicBaseUrl: _q, ...none } = input({});
    const r = await selectImage(none);
    expect(r.url).toBeUndefined();
    expect(r.notes.join(' ')).toMatch(/no publicBaseUrl/);
  });
});
