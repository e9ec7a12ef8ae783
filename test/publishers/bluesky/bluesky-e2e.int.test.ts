import { describe, expect, it } from 'vitest';
import { shortenLinks } from '../../../src/publishers/bluesky/bluesky-links.js';
import { tidForPostId } from '../../../src/publishers/bluesky/bluesky-tid.js';
import type { TestFeedSpec } from '../../helpers/e2e-feed.js';
import { e2eResources, expectOnePerArticle, waitForPosts } from '../../helpers/e2e-run.js';
import type { Fault } from '../../helpers/fake-http.js';
import { FAKE_APP_PASSWORD, FAKE_IDENTIFIER, linkUris, rateLimitFault, ROUTES, startBlueskyFake } from '../../fakes/bluesky-fake.js';
import { allowPrivateOriginForTests } from '../../../src/shared/http/test-egress.js';

const ARTICLES = 8;
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.alloc(40_000, 9)]);

/** Fresh items with Urdu and emoji in the text; even ones carry an image served by the fake. */
function feedSpec(imageUrl: (i: number) => string): TestFeedSpec {
  return {
    count: ARTICLES,
    feedTitle: 'Desk',
    title: (i) => `Story ${i}: پاکستان and Türkiye 🇵🇰🤝🇹🇷 expand defence training`,
    link: (i) => `https://news.example/bluesky-story-${i}`,
    guid: (i) => `bsky-${i}`,
    description: (i) => `Officials met on Monday to discuss story ${i} and its budget. Members argued for three hours about the plan and its costs. A vote is expected next week after public comments.`,
    image: (i) => (i % 2 === 0 ? { url: imageUrl(i), type: 'image/png', bytes: png.length } : undefined),
  };
}

describe('bluesky end to end (live mode against the fake PDS)', () => {
  const e2e = e2eResources();

  it('one record per article through 5xx, 429, an expired token and dropped connections; one login', async () => {
    const f = e2e.track(await startBlueskyFake());
    // The fake serves the article images; only the test runner can let the safe fetch reach it.
    e2e.defer(allowPrivateOriginForTests(f.url));
    const feedFile = await e2e.feed(feedSpec((i) => f.addImage(`story-${i}.png`, png)));
    const pass: Fault = { kind: 'delay', ms: 0 };
    // ~30% of createRecord calls fail, each the way a PDS fails; the drops leave the outcome unknown
    // (one after the record was made), which only the deterministic rkey + getRecord make safe.
    f.server.fault(
      ROUTES.createRecord,
      { kind: 'status', status: 502, body: { error: 'UpstreamFailure', message: 'Upstream Failure' } }, pass, pass,
      rateLimitFault(Date.now() + 1_000), pass, pass,
      { kind: 'drop-after' }, pass,
      { kind: 'status', status: 400, body: { error: 'ExpiredToken', message: 'Token has expired' } }, pass,
      { kind: 'drop-before' }, pass,
    );

    const crier = await e2e.crier(feedFile, ARTICLES, { networks: { bluesky: { mode: 'live', apiBaseUrl: f.url } } }, { BLUESKY_IDENTIFIER: FAKE_IDENTIFIER, BLUESKY_APP_PASSWORD: FAKE_APP_PASSWORD });
    // Settled, then more poll cycles in which nothing else may be posted.
    const posts = await waitForPosts(crier, ARTICLES, { timeoutMs: 45_000, thenPolls: 2 });

    expectOnePerArticle([...f.records.values()], (r) => /bluesky-story-(\d+)/.exec(linkUris(r)[0] ?? '')?.[1], ARTICLES);
    for (const post of posts) {
      const rkey = tidForPostId(post.postId);
      const stored = f.records.get(rkey);
      const record = stored?.value as { text: string; embed: { external: { uri: string; thumb?: unknown } } } | undefined;
      // Posted with the link in its short form; the link facet carries the full URL (with UTM).
      expect(record?.text, post.postId).toBe(shortenLinks(post.draft.text, [post.draft.url]).text);
      expect(stored && linkUris(stored), post.postId).toEqual([post.draft.url]);
      expect(post.remoteUrl).toBe(`https://bsky.app/profile/crier.test/post/${rkey}`);
      expect(record?.embed.external.uri).toBe(post.draft.url);
      expect(Boolean(record?.embed.external.thumb)).toBe(Boolean(post.draft.imageUrl));
    }
    // Faults were hit, yet the session was created once (cached in Redis) and refreshed once.
    expect(f.server.requests.filter((r) => r.path.endsWith('createRecord')).length).toBeGreaterThan(ARTICLES);
    expect(f.stats).toEqual({ createSession: 1, refreshSession: 1 });
    expect(f.server.requests.some((r) => r.path.endsWith('getRecord'))).toBe(true);
  }, 60_000);
});
