import { describe, expect, it } from 'vitest';
import type { TestFeedSpec } from '../../helpers/e2e-feed.js';
import { e2eResources, expectOnePerArticle, waitForPosts } from '../../helpers/e2e-run.js';
import type { Fault } from '../../helpers/fake-http.js';
import { FAKE_AUTHOR, FAKE_TOKEN, rateLimitFault, ROUTES, startLinkedinFake } from '../../fakes/linkedin-fake.js';
import { allowPrivateOriginForTests } from '../../../src/shared/http/test-egress.js';

const ARTICLES = 8;
const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(20_000, 4)]);

/** Titles and text full of little-text reserved characters; links carry UTM parameters (underscores). */
function feedSpec(imageUrl: (i: number) => string): TestFeedSpec {
  return {
    count: ARTICLES,
    feedTitle: 'Desk',
    title: (i) => `Story ${i}: Budget (2026) [draft] passes — *finally* <vote> ~90% @council`,
    link: (i) => `https://news.example/linkedin_story-${i}`,
    guid: (i) => `li-${i}`,
    description: (i) => `The council (all 12 members) met on Monday to discuss story ${i}. The plan_b option [rejected] cost #1 priority funds. A vote is expected next week after public comments.`,
    image: (i) => (i % 2 === 0 ? { url: imageUrl(i), bytes: jpeg.length } : undefined),
  };
}

describe('linkedin end to end (live mode against the fake Posts API)', () => {
  const e2e = e2eResources();

  it('one untruncated post per article through 5xx and 429s', async () => {
    const f = e2e.track(await startLinkedinFake());
    // The fake serves the article images; only the test runner can let the safe fetch reach it.
    e2e.defer(allowPrivateOriginForTests(f.url));
    const feedFile = await e2e.feed(feedSpec((i) => f.addImage(`story-${i}.jpg`, jpeg)));
    const pass: Fault = { kind: 'delay', ms: 0 };
    // ~30% of post requests fail. No dropped connections: LinkedIn has no idempotency key, so a
    // lost answer rightly ends as `unknown` for a human (linkedin-publisher.int covers that).
    f.server.fault(
      ROUTES.posts,
      { kind: 'status', status: 500, body: { status: 500, message: 'Internal Server Error' } }, pass, pass,
      rateLimitFault(1), pass, pass,
      { kind: 'status', status: 503, body: { status: 503, message: 'Service Unavailable' } }, pass,
      { kind: 'status', status: 502, body: '<html>Bad Gateway</html>', headers: { 'content-type': 'text/html' } }, pass,
    );

    const crier = await e2e.crier(feedFile, ARTICLES, { networks: { linkedin: { mode: 'live', apiBaseUrl: f.url, author: FAKE_AUTHOR } } }, { LINKEDIN_ACCESS_TOKEN: FAKE_TOKEN });
    const posts = await waitForPosts(crier, ARTICLES, { timeoutMs: 45_000, thenPolls: 2 });

    expectOnePerArticle(f.posts, (p) => p.article?.source, ARTICLES);
    for (const post of posts) {
      const sent = f.posts.filter((p) => p.urn === post.remoteId);
      expect(sent, post.postId).toHaveLength(1);
      // What LinkedIn shows is the whole draft: no reserved character cut it short.
      expect(sent[0]?.truncated).toBe(false);
      expect(sent[0]?.commentary).toBe(post.draft.text);
      expect(sent[0]?.article?.source).toBe(post.draft.url);
      expect(Boolean(sent[0]?.article?.thumbnail)).toBe(Boolean(post.draft.imageUrl));
      expect(post.remoteUrl).toBe(`https://www.linkedin.com/feed/update/${post.remoteId}`);
    }
    expect(f.posts.some((p) => /[()[\]*<>~@_]/.test(p.commentary))).toBe(true);
    expect(f.server.requests.filter((r) => r.path === '/rest/posts').length).toBeGreaterThan(ARTICLES);
    expect(f.images.size).toBe(ARTICLES / 2);
  }, 60_000);
});
