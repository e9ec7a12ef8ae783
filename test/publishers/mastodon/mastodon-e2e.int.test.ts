import { describe, expect, it } from 'vitest';
import { urlWeightedLength } from '../../../src/text/length-counters.js';
import type { TestFeedSpec } from '../../helpers/e2e-feed.js';
import { e2eResources, waitForPosts } from '../../helpers/e2e-run.js';
import type { Fault } from '../../helpers/fake-http.js';
import { ledgerKeys } from '../../../src/ledger/keys.js';
import { FAKE_TOKEN, rateLimitFault, ROUTES, startMastodonFake } from '../../fakes/mastodon-fake.js';
import { allowPrivateOriginForTests } from '../../../src/shared/http/test-egress.js';

const ARTICLES = 8;
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.alloc(20_000, 5)]);

function feedSpec(imageUrl: (i: number) => string): TestFeedSpec {
  return {
    count: ARTICLES,
    feedTitle: 'Desk',
    title: (i) => `Story ${i}: council approves the harbour budget after a long debate`,
    link: (i) => `https://news.example/mastodon-story-${i}/${'long-slug-'.repeat(20)}`,
    guid: (i) => `masto-${i}`,
    description: (i) => `The council met on Monday to discuss story ${i} and its budget. Members argued for three hours about the plan and its costs. A vote is expected next week after public comments. Residents asked for more parking near the new ferry terminal and cheaper fares for students.`,
    image: (i) => (i % 2 === 0 ? { url: imageUrl(i), type: 'image/png', bytes: png.length } : undefined),
  };
}

describe('mastodon end to end (live mode against the fake instance)', () => {
  const e2e = e2eResources();

  it('one status per article through 5xx, an ISO-reset 429 and dropped connections', async () => {
    // A smaller instance than the 500 the drafts are fitted to would refuse them; a larger one is fine.
    const f = e2e.track(await startMastodonFake({ maxCharacters: 600, mediaPolls: 1 }));
    // The fake serves the article images; only the test runner can let the safe fetch reach it.
    e2e.defer(allowPrivateOriginForTests(f.url));
    const feedFile = await e2e.feed(feedSpec((i) => f.addImage(`story-${i}.png`, png)));
    const pass: Fault = { kind: 'delay', ms: 0 };
    // ~30% of status requests fail. A drop after the status was made is answered on retry from
    // the Idempotency-Key record; a drop before it never reached the instance.
    f.server.fault(
      ROUTES.statuses,
      { kind: 'status', status: 503, body: '<html>maintenance</html>', headers: { 'content-type': 'text/html' } }, pass, pass,
      rateLimitFault(Date.now() + 1_000), pass, pass,
      { kind: 'drop-after' }, pass,
      { kind: 'status', status: 500, body: { error: 'We are sorry, but something went wrong' } }, pass,
      { kind: 'drop-before' }, pass,
    );

    const crier = await e2e.crier(feedFile, ARTICLES, { networks: { mastodon: { mode: 'live', apiBaseUrl: f.url, attachImage: true } } }, { MASTODON_ACCESS_TOKEN: FAKE_TOKEN });
    const posts = await waitForPosts(crier, ARTICLES, { timeoutMs: 45_000, thenPolls: 2 });

    expect(f.statuses).toHaveLength(ARTICLES);
    for (const post of posts) {
      const matching = f.statuses.filter((s) => s.idempotencyKey === post.postId);
      expect(matching, post.postId).toHaveLength(1);
      expect(matching[0]?.text).toBe(post.draft.text);
      expect(post.remoteId).toBe(matching[0]?.id);
      expect(urlWeightedLength(23)(post.draft.text)).toBeLessThanOrEqual(500);
      expect(matching[0]?.mediaIds.length).toBe(post.draft.imageUrl ? 1 : 0);
    }
    const statusRequests = f.server.requests.filter((r) => r.path === '/api/v1/statuses');
    expect(statusRequests.length).toBeGreaterThan(ARTICLES);
    expect(statusRequests.every((r) => posts.some((p) => p.postId === r.headers['idempotency-key']))).toBe(true);
    // The instance limits were read once and then served from the channel state in Redis.
    expect(f.server.requests.filter((r) => r.path === '/api/v2/instance')).toHaveLength(1);
    // Each image was uploaded once even though some of its statuses were retried.
    expect(f.media.size).toBe(ARTICLES / 2);
    // The 429 made the whole channel wait, and the channel says why (desk, ops, crier status).
    const channelHash = await crier.running.ctx.redis.hgetall(ledgerKeys(crier.prefix).channel('mastodon'));
    expect(channelHash.waitReason).toMatch(/mastodon.*Too many requests/i);
    expect(Date.parse(channelHash.waitingUntil ?? '')).toBeGreaterThan(Date.now() - 120_000);
  }, 60_000);
});
