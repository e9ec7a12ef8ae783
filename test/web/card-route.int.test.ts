import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { putCard, CARD_ROUTE_PREFIX } from '../../src/media/card-store.js';
import { renderCard } from '../../src/media/card-render.js';
import { jpegInfo } from '../../src/media/image-info.js';
import { startWebHarness, type WebHarness } from './web-harness.js';

/** Meta fetches generated Instagram cards from Crier's own URL, without signing in. */
describe('generated cards served by the web server', () => {
  let h: WebHarness;
  beforeAll(async () => {
    h = await startWebHarness();
  });
  afterAll(async () => h.close());

  it('serves a stored card at /media/cards/<id>.jpg as a 1080×1350 JPEG, with no session', async () => {
    const bytes = await renderCard({ headline: 'Pakistan and Turkiye reaffirm defence ties as army chiefs meet in Rawalpindi', publicationName: 'SouthAsianDesk', footer: 'southasiandesk.example', footerHint: 'Link in bio' });
    const cardId = await putCard(h.ctx.control.state('instagram'), 'instagram', bytes);
    const res = await h.app.inject({ method: 'GET', url: `${CARD_ROUTE_PREFIX}/${cardId}.jpg` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/jpeg');
    expect(res.headers['cache-control']).toContain('immutable');
    const info = jpegInfo(res.rawPayload);
    expect(info).toMatchObject({ width: 1080, height: 1350 });
  });

  it('unknown or malformed card ids are 404, and nothing else under /media is public', async () => {
    expect((await h.app.inject({ method: 'GET', url: `${CARD_ROUTE_PREFIX}/instagram-${'0'.repeat(32)}.jpg` })).statusCode).toBe(404);
    expect((await h.app.inject({ method: 'GET', url: `${CARD_ROUTE_PREFIX}/..%2F..%2Fetc%2Fpasswd` })).statusCode).toBe(404);
    const desk = await h.app.inject({ method: 'GET', url: '/' });
    expect(desk.statusCode).toBe(303);
    expect(desk.headers.location).toMatch(/^\/login/);
  });
});
