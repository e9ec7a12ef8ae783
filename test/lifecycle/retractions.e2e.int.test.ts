import { describe, expect, it } from 'vitest';
import { retractArticle } from '../../src/desk/retract-actions.js';
import { allowPrivateOriginForTests } from '../../src/shared/http/test-egress.js';
import { e2eResources, waitForPosts } from '../helpers/e2e-run.js';
import { FakeHttpServer } from '../helpers/fake-http.js';
import { allPosts } from '../helpers/e2e-feed.js';
import { TestFeedServer } from '../helpers/feed-server.js';
import { testImage } from '../helpers/test-image.js';
import { GraphFake } from '../fakes/graph-fake.js';
import * as mastodon from '../fakes/mastodon-fake.js';
import { startXFake } from '../fakes/x-fake.js';
import { startSiteServer } from '../publishers/graph/meta-helpers.js';
import { enginesStory, lifecycleOf, postOf, waitForStep, waitUntilSettled } from './lifecycle-helpers.js';

describe('retractions end to end: a retracted story leaves every network that allows it, and never comes back', () => {
  const e2e = e2eResources();

  it('deletes on X and Mastodon, flags Instagram, and never posts the story again when it returns to the feed', async () => {
    const site = e2e.track(await startSiteServer({ '/img/square.jpg': ['image/jpeg', await testImage(1080, 1080)] }));
    e2e.defer(allowPrivateOriginForTests(site.url));
    const withImage = (engines: 'Six' | 'Eight') => {
      const s = enginesStory('retracted-engines', engines);
      return { ...s, description: `<p><img src="${site.url}/img/square.jpg"></p>${s.description ?? ''}` };
    };
    const feed = e2e.track(await new TestFeedServer().start());
    feed.add(withImage('Six'));
    const masto = e2e.track(await mastodon.startMastodonFake());
    const x = e2e.track(await startXFake());
    const graph = e2e.track(await new GraphFake().start());
    graph.token = 'ig-token';
    const crier = await e2e.crier(feed.url, 1, {
      publicBaseUrl: 'https://crier.example',
      networks: {
        mastodon: { mode: 'live', apiBaseUrl: masto.url },
        x: { mode: 'live', apiBaseUrl: x.url },
        instagram: { mode: 'live', apiBaseUrl: graph.url, userId: '5678', pollIntervalMs: 20, maxPolls: 10 },
      },
    }, { MASTODON_ACCESS_TOKEN: mastodon.FAKE_TOKEN, X_OAUTH2_TOKEN: 'e2e-token', INSTAGRAM_ACCESS_TOKEN: graph.token });
    const posted = await waitForPosts(crier, 3, { timeoutMs: 30_000 });
    expect(masto.statuses).toHaveLength(1);
    expect(x.tweets).toHaveLength(1);
    expect(graph.publishedBy('instagram')).toHaveLength(1);

    const articleKey = posted[0]?.articleKey ?? '';
    const answer = await retractArticle(crier.running.ctx, articleKey, 'editor-amna', 'wrong aircraft');
    expect(answer).toMatchObject({ ok: true, message: 'retracted: 0 posts cancelled, 3 already out to delete or flag' });
    const masStep = await waitForStep(crier, 'mastodon', 'retract', ['done']);
    const xStep = await waitForStep(crier, 'x', 'retract', ['done']);
    const igStep = await waitForStep(crier, 'instagram', 'retract', ['flagged']);
    await waitUntilSettled(crier);
    expect(masStep.action).toBe('remove');
    expect(xStep.action).toBe('remove');
    expect(masto.statuses).toHaveLength(0);
    expect(x.tweets).toHaveLength(0);
    // Instagram's API cannot delete it here: the desk gets the one action needed.
    expect(igStep.needs).toMatch(/delete the post on instagram by hand/);
    expect((await lifecycleOf(crier).flags()).map((f) => f.postId)).toEqual([(await postOf(crier, 'instagram')).postId]);
    // An editor's retry is refused from now on.
    expect(await crier.running.ctx.posts.requeue((await postOf(crier, 'mastodon')).postId)).toBe(false);

    // The story leaves the feed, then returns (changed): it is never posted or corrected again.
    const requestsBefore = masto.server.requests.length + x.server.requests.length + graph.http.requests.length;
    feed.items = [];
    await waitUntilSettled(crier, 1);
    feed.add(withImage('Eight'));
    await waitUntilSettled(crier, 2);
    expect(masto.server.requests.length + x.server.requests.length + graph.http.requests.length).toBe(requestsBefore);
    expect(masto.statuses).toHaveLength(0);
    expect(x.tweets).toHaveLength(0);
    expect(graph.publishedBy('instagram')).toHaveLength(1);
    expect((await allPosts(crier)).map((p) => p.retractedAt !== undefined)).toEqual([true, true, true]);
  }, 90_000);

  it('a feed rule retracts: a post out is deleted, and an item that arrives retracted is never posted', async () => {
    const feed = e2e.track(await new TestFeedServer().start());
    feed.add(enginesStory('rule-engines', 'Six'));
    const masto = e2e.track(await mastodon.startMastodonFake());
    const crier = await e2e.crier(feed.url, 1, { networks: { mastodon: { mode: 'live', apiBaseUrl: masto.url } } }, { MASTODON_ACCESS_TOKEN: mastodon.FAKE_TOKEN });
    await waitForPosts(crier, 1);
    expect(masto.statuses).toHaveLength(1);

    // The CMS marks the story retracted (category `Retracted`, any case) and publishes another, already retracted.
    feed.items[0] = enginesStory('rule-engines', 'Six', { categories: ['Aviation', 'Retracted'] });
    feed.add(enginesStory('born-retracted', 'Eight', { categories: ['retracted'] }));
    await waitForStep(crier, 'mastodon', 'retract', ['done']);
    await waitUntilSettled(crier);
    expect(masto.statuses).toHaveLength(0);
    expect(masto.server.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/statuses')).toHaveLength(1);
    const keys = await crier.running.ctx.articles.listKeys(10);
    const records = await Promise.all(keys.map((k) => crier.running.ctx.articles.get(k)));
    expect(records.map((r) => r?.skipReason ?? r?.retractedAt?.slice(0, 2))).toEqual(expect.arrayContaining(['retracted in the feed', '20']));
    expect(await allPosts(crier)).toHaveLength(1);
  }, 60_000);

  it('a dry-run channel has nothing to delete: the retraction records it and flags nothing', async () => {
    const feed = e2e.track(await new TestFeedServer().start());
    feed.add(enginesStory('dry-engines', 'Six'));
    const crier = await e2e.crier(feed.url, 1, { networks: { bluesky: { mode: 'dry-run' } } }, {});
    const [post] = await waitForPosts(crier, 1);
    expect(await retractArticle(crier.running.ctx, post?.articleKey ?? '', 'ed')).toMatchObject({ ok: true });
    const step = await waitForStep(crier, 'bluesky', 'retract', ['ignored', 'flagged', 'done']);
    expect(step).toMatchObject({ state: 'ignored', note: 'dry-run: nothing went out' });
    expect(await lifecycleOf(crier).flags()).toEqual([]);
  }, 60_000);

  it('a story whose page answers 410 Gone when re-checked is retracted; a 404 is not enough', async () => {
    let status = 200;
    const site = e2e.track(await new FakeHttpServer().route('GET', '/news/:slug', (req, res) => {
      res.writeHead(req.params.slug === 'gone-engines' ? status : 404, { 'content-type': 'text/html' });
      res.end('<html><body>story</body></html>');
    }).start());
    e2e.defer(allowPrivateOriginForTests(site.url));
    const feed = e2e.track(await new TestFeedServer().start());
    feed.add(enginesStory('gone-engines', 'Six', { link: `${site.url}/news/gone-engines`, guid: 'gone-1' }));
    feed.add(enginesStory('missing-engines', 'Six', { link: `${site.url}/news/missing-engines`, guid: 'gone-2', title: 'Another story whose page is missing' }));
    const masto = e2e.track(await mastodon.startMastodonFake());
    const crier = await e2e.crier(feed.url, 2, {
      networks: { mastodon: { mode: 'live', apiBaseUrl: masto.url } },
      lifecycle: { recheckGoneSeconds: 1 },
    }, { MASTODON_ACCESS_TOKEN: mastodon.FAKE_TOKEN });
    await waitForPosts(crier, 2);
    const rechecks = () => site.requests.filter((r) => r.path === '/news/gone-engines').length;
    // While the page answers 200 the re-check leaves the story alone.
    await crier.waitFor('two re-checks', () => rechecks() >= 2);
    expect(masto.statuses).toHaveLength(2);

    status = 410;
    const posts = await allPosts(crier);
    const gone = posts.find((p) => p.draft.url.includes('gone-engines'));
    await crier.waitFor('story retracted', async () => (await crier.running.ctx.articles.get(gone?.articleKey ?? ''))?.retractedAt !== undefined);
    await crier.waitFor('one status left', () => masto.statuses.length === 1);
    await crier.waitFor('retract step done', async () => (await lifecycleOf(crier).step(gone?.postId ?? '', 'retract'))?.state === 'done');
    // The 404 story stays, posted, though its page was re-checked after the other one went.
    const missingChecks = site.requests.filter((r) => r.path === '/news/missing-engines').length;
    await crier.waitFor('404 page re-checked again', () => site.requests.filter((r) => r.path === '/news/missing-engines').length > missingChecks);
    expect(masto.statuses[0]?.text).toContain('missing-engines');
    const missing = posts.find((p) => p.draft.url.includes('missing-engines'));
    expect((await crier.running.ctx.articles.get(missing?.articleKey ?? ''))?.retractedAt).toBeUndefined();
  }, 60_000);
});
