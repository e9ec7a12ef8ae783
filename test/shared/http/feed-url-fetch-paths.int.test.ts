import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../../src/articles/article.js';
import { summariserSchema } from '../../../src/config/schema.js';
import type { Draft } from '../../../src/drafts/draft.js';
import { DEFAULT_IMAGE_FETCH_LIMITS, selectImage } from '../../../src/media/image-select.js';
import { INSTAGRAM_IMAGE_RULES } from '../../../src/publishers/instagram/instagram-image.js';
import { blueskyNetwork } from '../../../src/publishers/bluesky/bluesky-network.js';
import { linkedinNetwork } from '../../../src/publishers/linkedin/linkedin-network.js';
import { createMastodonPublisher } from '../../../src/publishers/mastodon/mastodon-publisher.js';
import { mastodonNetwork } from '../../../src/publishers/mastodon/mastodon-network.js';
import { allowPrivateOriginForTests } from '../../../src/shared/http/test-egress.js';
import { createSummariser } from '../../../src/summaries/create-summariser.js';
import { testLivePublisher } from '../../contract/live-publisher.js';
import { memoryStore, testPublishContext } from '../../contract/publish-context.js';
import { FAKE_APP_PASSWORD, FAKE_IDENTIFIER, startBlueskyFake } from '../../fakes/bluesky-fake.js';
import { FAKE_AUTHOR, FAKE_TOKEN as LINKEDIN_TOKEN, startLinkedinFake } from '../../fakes/linkedin-fake.js';
import { FAKE_TOKEN as MASTODON_TOKEN, startMastodonFake } from '../../fakes/mastodon-fake.js';
import { FakeHttpServer } from '../../helpers/fake-http.js';
import { startInternalService, type InternalService } from '../../helpers/internal-service.js';

/**
 * Every fetch of a URL that came from a feed or a page goes through the SSRF-safe fetch. Each path
 * here runs with the test allowance for the fake's own origin (the newsroom's image host stands
 * on loopback) and gets a URL there that redirects into another loopback service, as a hostile
 * feed would: the redirect is refused, the internal service sees no request, nothing is uploaded.
 * (X's image path has the same test in test/publishers/x/x-media.int.test.ts.)
 */

const LINK = 'https://news.example.com/2026/05/defence-ties';
const draft = (imageUrl: string): Draft => ({ text: `Defence ties deepen\n\n${LINK}`, length: 0, limit: 300, url: LINK, title: 'Defence ties deepen', description: 'A naval deal.', hashtags: [], imageUrl });

let internal: InternalService;
beforeAll(async () => {
  internal = await startInternalService();
});
afterAll(() => internal.close());
afterEach(() => {
  expect(internal.hits).toEqual([]);
});

/** Adds `GET /to-internal` on a fake: a 302 into the internal service. Returns its URL. */
function redirectIntoLoopback(server: FakeHttpServer): string {
  server.route('GET', '/to-internal', (_req, res) => void res.writeHead(302, { location: `${internal.base}/latest/meta-data.png` }).end());
  return `${server.url}/to-internal`;
}

describe('a feed image that redirects into loopback is refused on every fetch path', () => {
  it('Bluesky link-card thumbnail: no blob uploaded', async () => {
    const fake = await startBlueskyFake();
    // The fake is reachable; where its image redirects to still meets the full policy.
    const withdraw = allowPrivateOriginForTests(fake.url);
    try {
      const publisher = testLivePublisher(blueskyNetwork, { apiBaseUrl: fake.url }, { IDENTIFIER: FAKE_IDENTIFIER, APP_PASSWORD: FAKE_APP_PASSWORD });
      const receipt = await publisher.publish(draft(redirectIntoLoopback(fake.server)), testPublishContext({ postId: 'r1.bluesky', channelState: memoryStore() }));
      expect(receipt.note).toMatch(/refused non-public address 127\.0\.0\.1/);
      expect(fake.blobs.size).toBe(0);
      expect(fake.server.requests.some((r) => r.path.endsWith('uploadBlob'))).toBe(false);
      expect(fake.records.size).toBe(1);
    } finally {
      withdraw();
      await fake.stop();
    }
  });

  it('Mastodon media attachment: nothing sent to /api/v2/media', async () => {
    const fake = await startMastodonFake();
    // The fake is reachable; where its image redirects to still meets the full policy.
    const withdraw = allowPrivateOriginForTests(fake.url);
    try {
      const options = mastodonNetwork.optionsSchema.parse({ apiBaseUrl: fake.url, attachImage: true });
      const publisher = createMastodonPublisher({ channel: 'mastodon', options, secrets: { ACCESS_TOKEN: MASTODON_TOKEN }, log: pino({ level: 'silent' }) }, { pollIntervalMs: 20, maxPolls: 10 });
      const receipt = await publisher.publish(draft(redirectIntoLoopback(fake.server)), testPublishContext({ postId: 'r2.mastodon', channelState: memoryStore() }));
      expect(receipt.note).toMatch(/refused non-public address 127\.0\.0\.1/);
      expect(fake.media.size).toBe(0);
      expect(fake.server.requests.some((r) => r.path === '/api/v2/media')).toBe(false);
      expect(fake.statuses).toHaveLength(1);
    } finally {
      withdraw();
      await fake.stop();
    }
  });

  it('LinkedIn thumbnail: no image initialised or uploaded', async () => {
    const fake = await startLinkedinFake();
    // The fake is reachable; where its image redirects to still meets the full policy.
    const withdraw = allowPrivateOriginForTests(fake.url);
    try {
      const publisher = testLivePublisher(linkedinNetwork, { apiBaseUrl: fake.url, author: FAKE_AUTHOR, mode: 'live' }, { ACCESS_TOKEN: LINKEDIN_TOKEN });
      const receipt = await publisher.publish(draft(redirectIntoLoopback(fake.server)), testPublishContext({ postId: 'r3.linkedin' }));
      expect(receipt.note).toMatch(/refused non-public address 127\.0\.0\.1/);
      expect(fake.server.requests.some((r) => r.path.startsWith('/rest/images') || r.path.startsWith('/dms-uploads'))).toBe(false);
      expect(fake.posts).toHaveLength(1);
    } finally {
      withdraw();
      await fake.stop();
    }
  });

  it('Instagram image selection: neither the feed image nor the og:image page follows the redirect', async () => {
    const site = await new FakeHttpServer().start();
    try {
      const toInternal = redirectIntoLoopback(site);
      site.route('GET', '/article', (_req, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end(`<html><head><meta property="og:image" content="${toInternal}"></head></html>`));
      const state = memoryStore();
      const picked = await selectImage({
        articleUrl: toInternal,
        imageUrl: toInternal,
        headline: 'Floods in Sindh',
        channel: 'instagram',
        state,
        publicBaseUrl: 'https://crier.example.net',
        publicationName: 'Desk',
        limits: { ...DEFAULT_IMAGE_FETCH_LIMITS, allowPrivateHosts: true, timeoutMs: 2_000 },
        rules: INSTAGRAM_IMAGE_RULES,
        signal: AbortSignal.timeout(10_000),
        log: pino({ level: 'silent' }),
      } as Parameters<typeof selectImage>[0]);
      // With both refused, Instagram gets a generated card, never the internal bytes.
      expect(picked).toMatchObject({ source: 'card' });
      const viaPage = await selectImage({
        articleUrl: `${site.url}/article`,
        headline: 'Floods in Sindh',
        channel: 'instagram',
        state,
        publicBaseUrl: 'https://crier.example.net',
        publicationName: 'Desk',
        limits: { ...DEFAULT_IMAGE_FETCH_LIMITS, allowPrivateHosts: true, timeoutMs: 2_000 },
        rules: INSTAGRAM_IMAGE_RULES,
        signal: AbortSignal.timeout(10_000),
        log: pino({ level: 'silent' }),
      } as Parameters<typeof selectImage>[0]);
      expect(viaPage).toMatchObject({ source: 'card' });
    } finally {
      await site.stop();
    }
  });

  it('article fetch for teaser-only feeds: the redirect is refused and the teaser kept', async () => {
    const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
    const teaserOnly = JSON.parse(readFileSync(path.resolve(repoRoot, 'test/fixtures/articles/teaser-only.json'), 'utf8')) as Article;
    const site = await new FakeHttpServer().start();
    try {
      const summariser = createSummariser(summariserSchema.parse({ fetchArticle: true, fetchTimeoutMs: 2_000, fetchMaxBytes: 64 * 1024 }), { allowPrivateHosts: true });
      const summary = await summariser.summarise({ ...teaserOnly, url: redirectIntoLoopback(site) });
      expect(summary.sentences).toHaveLength(1);
      expect(summary.sentences[0]).toContain('48 hours & asked');
      expect(site.requests.map((r) => r.path)).toEqual(['/to-internal']);
    } finally {
      await site.stop();
    }
  });
});
