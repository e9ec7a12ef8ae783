import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tidForPostId } from '../../../src/publishers/bluesky/bluesky-tid.js';
import { allPosts, writeTestFeed } from '../../helpers/e2e-feed.js';
import type { Fault } from '../../helpers/fake-http.js';
import { startTestCrier, type TestCrier } from '../../helpers/pipeline.js';
import { FAKE_APP_PASSWORD, FAKE_IDENTIFIER, rateLimitFault, ROUTES, startBlueskyFake, type BlueskyFake } from '../../fakes/bluesky-fake.js';

const ARTICLES = 8;
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.alloc(40_000, 9)]);

/** Fresh items with Urdu and emoji in the text; even ones carry an image served by the fake. */
function writeFeed(dir: string, imageUrl: (i: number) => string): Promise<string> {
  return writeTestFeed(dir, {
    count: ARTICLES,
    feedTitle: 'Desk',
    title: (i) => `Story ${i}: پاکستان and Türkiye 🇵🇰🤝🇹🇷 expand defence training`,
    link: (i) => `https://news.example/bluesky-story-${i}`,
    guid: (i) => `bsky-${i}`,
    description: (i) => `Officials met on Monday to discuss story ${i} and its budget. Members argued for three hours about the plan and its costs. A vote is expected next week after public comments.`,
    image: (i) => (i % 2 === 0 ? { url: imageUrl(i), type: 'image/png', bytes: png.length } : undefined),
  });
}

describe('bluesky end to end (live mode against the fake PDS)', () => {
  let crier: TestCrier | undefined;
  let fake: BlueskyFake | undefined;
  let dir = '';
  afterEach(async () => {
    await crier?.stop();
    await fake?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('one record per article through 5xx, 429, an expired token and dropped connections; one login', async () => {
    fake = await startBlueskyFake();
    const f = fake;
    dir = await mkdtemp(path.join(tmpdir(), 'crier-bluesky-e2e-'));
    const feedFile = await writeFeed(dir, (i) => f.addImage(`story-${i}.png`, png));
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

    crier = await startTestCrier(
      {
        feeds: [{ id: 'desk', url: feedFile, backfill: ARTICLES, intervalSeconds: 1, maxAgeHours: 100_000 }],
        networks: { bluesky: { mode: 'live', apiBaseUrl: f.url, allowPrivateImageHosts: true } },
        workers: { backoffMs: 50, attempts: 12 },
      },
      { env: { BLUESKY_IDENTIFIER: FAKE_IDENTIFIER, BLUESKY_APP_PASSWORD: FAKE_APP_PASSWORD } },
    );
    const c = crier;
    await c.waitFor('every post posted', async () => {
      const all = await allPosts(c);
      return all.length === ARTICLES && all.every((p) => p.state === 'posted');
    }, 45_000);
    await new Promise((r) => setTimeout(r, 1_500)); // more poll cycles: nothing else may be posted

    const posts = await allPosts(c);
    expect(f.records.size).toBe(ARTICLES);
    for (const post of posts) {
      const rkey = tidForPostId(post.postId);
      const record = f.records.get(rkey)?.value as { text: string; embed: { external: { uri: string; thumb?: unknown } } } | undefined;
      expect(record?.text, post.postId).toBe(post.draft.text);
      expect(post.remoteUrl).toBe(`https://bsky.app/profile/crier.test/post/${rkey}`);
      expect(record?.embed.external.uri).toBe(post.draft.url);
      expect(Boolean(record?.embed.external.thumb)).toBe(Boolean(post.draft.imageUrl));
    }
    const stories = [...f.records.values()].map((r) => /bluesky-story-(\d+)/.exec(String(r.value.text))?.[1]);
    expect(new Set(stories).size).toBe(ARTICLES);
    // Faults were hit, yet the session was created once (cached in Redis) and refreshed once.
    expect(f.server.requests.filter((r) => r.path.endsWith('createRecord')).length).toBeGreaterThan(ARTICLES);
    expect(f.stats).toEqual({ createSession: 1, refreshSession: 1 });
    expect(f.server.requests.some((r) => r.path.endsWith('getRecord'))).toBe(true);
  }, 60_000);
});
