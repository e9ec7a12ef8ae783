import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { allowPrivateOriginForTests } from '../../../src/shared/http/test-egress.js';
import { e2eResources, waitForPosts } from '../../helpers/e2e-run.js';
import { TestFeedServer, type TestItem } from '../../helpers/feed-server.js';
import { TEST_REDIS_URL } from '../../helpers/redis.js';
import { GraphFake, graphError, ROUTES } from '../../fakes/graph-fake.js';
import { testImage } from '../../helpers/test-image.js';
import { startCardServer, startSiteServer } from './meta-helpers.js';

/** BUC regain time in minutes; a fraction keeps the throttle wait (1.2 s) inside a test. */
const shortThrottle = (code: number) => graphError(code, undefined, { headers: { 'x-business-use-case-usage': JSON.stringify({ '1': [{ type: 'pages', call_count: 100, estimated_time_to_regain_access: 0.02 }] }) } });

describe('meta end to end: one feed → facebook, instagram, threads with faults', () => {
  const e2e = e2eResources();

  it('ends with exactly one post per article per network; an imageless article gets a Crier-served card', async () => {
    const site = await startSiteServer({
      '/img/square.jpg': ['image/jpeg', await testImage(1080, 1080)],
      '/img/tall.png': ['image/png', await testImage(800, 2000, 'png')],
      '/img/og.jpg': ['image/jpeg', await testImage(1200, 900)],
      '/news/story-3': ['text/html', '<html><head><meta property="og:image" content="/img/og.jpg"></head><body>x</body></html>'],
      '/news/story-4': ['text/html', '<html><head><title>No image here</title></head></html>'],
    });
    e2e.track(site);
    // The article pages and images are on 127.0.0.1: only the test runner can let the safe fetch reach them.
    e2e.defer(allowPrivateOriginForTests(site.url));
    const img = (path: string) => `<p><img src="${site.url}${path}"></p>`;
    const items: TestItem[] = [1, 2, 3, 4].map((n) => ({
      title: `Story ${n}: Floods reach the delta as relief convoys move south`,
      link: `${site.url}/news/story-${n}`,
      guid: `meta-${n}`,
      pubDate: new Date(Date.now() - (10 + n) * 60_000),
      description: `${n === 1 ? img('/img/square.jpg') : n === 2 ? img('/img/tall.png') : ''}<p>Story ${n}. Rivers rose again overnight in the southern districts. Officials said more convoys would leave on Sunday.</p>`,
    }));
    const feed = e2e.track(await new TestFeedServer().start());
    feed.add(...items);

    const graph = e2e.track(await new GraphFake().start());
    const threads = e2e.track(await new GraphFake().start());
    graph.token = 'fb-and-ig-token';
    threads.token = 'threads-token';
    // Facebook: 5xx, throttles, a link-scrape failure. (No dropped connections: Facebook cannot
    // deduplicate, so a lost answer rightly ends as `unknown` for a human; its publisher test covers that.)
    graph.fault(ROUTES.fbFeed, graphError(2, undefined, { status: 500 }), shortThrottle(32), graphError(1609005), shortThrottle(17));
    // Instagram: retryable creation error, slow/expired/failed containers, a publish whose answer is lost.
    graph.fault(ROUTES.igCreate, graphError(-1, 2207001));
    graph.script('IN_PROGRESS', 'IN_PROGRESS', 'FINISHED').script('EXPIRED').script('ERROR:2207020');
    graph.fault(ROUTES.igPublish, { kind: 'drop-after' }, graphError(1, undefined, { status: 500 }));
    // Threads: a lost publish answer, a 5xx on creation, a throttle.
    threads.fault(ROUTES.thPublish, { kind: 'drop-after' });
    threads.fault(ROUTES.thCreate, graphError(2, undefined, { status: 503 }), shortThrottle(4));
    threads.script('IN_PROGRESS', 'FINISHED');

    const redis = new Redis(TEST_REDIS_URL);
    e2e.defer(() => redis.disconnect());
    let prefix = '';
    const cards = e2e.track(await startCardServer(redis, () => prefix));

    const crier = await e2e.crier(
      feed.url,
      items.length,
      {
        publication: { name: 'SouthAsianDesk', brand: { primaryColour: '#0B1F3A', accentColour: '#E8B04B' } },
        publicBaseUrl: cards.url,
        networks: {
          facebook: { mode: 'live', apiBaseUrl: graph.url, pageId: '1234' },
          instagram: { mode: 'live', apiBaseUrl: graph.url, userId: '5678', pollIntervalMs: 20, maxPolls: 10 },
          threads: { mode: 'live', apiBaseUrl: threads.url, userId: '9012', pollIntervalMs: 20 },
        },
      },
      { FACEBOOK_PAGE_TOKEN: graph.token, INSTAGRAM_ACCESS_TOKEN: graph.token, THREADS_ACCESS_TOKEN: threads.token },
    );
    prefix = crier.prefix;

    // 12 posts (4 articles × 3 networks), then more poll cycles in which nothing else may be posted.
    const posts = await waitForPosts(crier, 12, { timeoutMs: 60_000, thenPolls: 2 });

    for (const n of [1, 2, 3, 4]) {
      const path = `/news/story-${n}`;
      expect(graph.fbPosts.filter((p) => p.message.includes(path)), `facebook ${path}`).toHaveLength(1);
      expect(graph.publishedBy('instagram').filter((m) => m.text.startsWith(`Story ${n}:`)), `instagram ${path}`).toHaveLength(1);
      expect(threads.publishedBy('threads').filter((m) => m.text.includes(path)), `threads ${path}`).toHaveLength(1);
    }
    expect(graph.fbPosts).toHaveLength(4);
    expect(graph.publishedBy('instagram')).toHaveLength(4);
    expect(threads.publishedBy('threads')).toHaveLength(4);

    // Every image Meta fetched for a published container was a valid JPEG within Instagram's rules.
    const publishedImages = graph.publishedBy('instagram').map((m) => graph.containers.get(m.containerId)?.fields.get('image_url') ?? '');
    const fetched = (url: string) => graph.imageFetches.find((f) => f.url === url);
    for (const url of publishedImages) {
      expect(fetched(url), url).toMatchObject({ status: 200, validJpeg: true });
      expect(fetched(url)?.misfit, url).toBeUndefined();
    }
    const imageFor = (n: number) => publishedImages[graph.publishedBy('instagram').findIndex((m) => m.text.startsWith(`Story ${n}:`))] ?? '';
    expect(imageFor(1)).toBe(`${site.url}/img/square.jpg`); // already fits: passed through
    expect(imageFor(2)).toMatch(new RegExp(`^${cards.url}/media/cards/instagram-[0-9a-f]{32}\\.jpg$`)); // PNG converted
    expect(imageFor(3)).toBe(`${site.url}/img/og.jpg`); // og:image of the article page
    expect(imageFor(4)).toMatch(new RegExp(`^${cards.url}/media/cards/instagram-[0-9a-f]{32}\\.jpg$`)); // generated card
    expect(fetched(imageFor(4))).toMatchObject({ width: 1080, height: 1350 });
    const card = await fetch(imageFor(4));
    expect(card.headers.get('content-type')).toBe('image/jpeg');

    // Captions point to the bio; Facebook and Threads carry the link.
    for (const m of graph.publishedBy('instagram')) expect(m.text).toMatch(/Link in bio · 127\.0\.0\.1/);
    for (const c of threads.containers.values()) expect(c.fields.get('link_attachment')).toMatch(/\/news\/story-\d/);
    // The faults really happened.
    expect(graph.containers.size).toBeGreaterThan(4);
    expect(graph.http.requests.filter((r) => r.path.endsWith('/media_publish')).length).toBeGreaterThanOrEqual(5);
    expect(posts.filter((p) => p.network === 'instagram').some((p) => /already published/.test(p.note ?? ''))).toBe(true);
  }, 90_000);
});
