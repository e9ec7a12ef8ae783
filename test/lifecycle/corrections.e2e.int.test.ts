import { describe, expect, it } from 'vitest';
import { e2eResources, waitForPosts } from '../helpers/e2e-run.js';
import { TestFeedServer } from '../helpers/feed-server.js';
import { GraphFake } from '../fakes/graph-fake.js';
import * as mastodon from '../fakes/mastodon-fake.js';
import { startTelegramFake } from '../fakes/telegram-fake.js';
import { startXFake, xFaults } from '../fakes/x-fake.js';
import { enginesStory, lifecycleOf, postOf, waitForStep, waitUntilSettled } from './lifecycle-helpers.js';

describe('corrections end to end: a story corrected in the feed reaches every network its own way', () => {
  const e2e = e2eResources();

  it('edits the Mastodon status and the Telegram message, replies on X, re-drafts the pending Facebook post', async () => {
    const feed = e2e.track(await new TestFeedServer().start());
    feed.add(enginesStory('engines', 'Six'));
    const masto = e2e.track(await mastodon.startMastodonFake());
    const tg = e2e.track(await startTelegramFake());
    const x = e2e.track(await startXFake());
    const graph = e2e.track(await new GraphFake().start());
    graph.token = 'fb-token';
    const crier = await e2e.crier(feed.url, 1, {
      networks: {
        mastodon: { mode: 'live', apiBaseUrl: masto.url },
        telegram: { mode: 'live', apiBaseUrl: tg.url, chatId: '@crier_news' },
        x: { mode: 'live', apiBaseUrl: x.url },
        facebook: { mode: 'live', apiBaseUrl: graph.url, pageId: '1234', approval: 'manual' },
        linkedin: { mode: 'dry-run', approval: 'manual' },
      },
    }, { MASTODON_ACCESS_TOKEN: mastodon.FAKE_TOKEN, TELEGRAM_BOT_TOKEN: tg.token, X_OAUTH2_TOKEN: 'e2e-token', FACEBOOK_PAGE_TOKEN: graph.token });
    await waitForPosts(crier, 5, { states: ['posted', 'pending_approval'] });
    const firstX = await postOf(crier, 'x');
    expect((await postOf(crier, 'facebook')).draft.text).toContain('Six engines');
    // An editor writes LinkedIn's text by hand while it waits for approval.
    const li = await postOf(crier, 'linkedin');
    const own = 'Our own words on the grounded engines https://southasiandesk.example/news/2026/engines';
    expect(await crier.running.ctx.posts.replaceDraft({ postId: li.postId, expectedText: li.draft.text, draft: { ...li.draft, text: own }, by: 'ed', sentences: [], states: ['pending_approval'], detail: 'ed edited' })).toBe('ok');

    // The CMS corrects headline and body.
    feed.items[0] = enginesStory('engines', 'Eight');
    const masStep = await waitForStep(crier, 'mastodon', 'correct:', ['done']);
    const tgStep = await waitForStep(crier, 'telegram', 'correct:', ['done']);
    const xStep = await waitForStep(crier, 'x', 'correct:', ['done']);
    await crier.waitFor('facebook re-drafted', async () => (await postOf(crier, 'facebook')).draft.text.includes('Eight engines'));
    await crier.waitFor('linkedin flagged', async () => (await postOf(crier, 'linkedin')).storyChangedAt !== undefined);
    await waitUntilSettled(crier);

    expect(masStep.action).toBe('edit');
    expect(tgStep.action).toBe('edit');
    expect(xStep.action).toBe('reply');
    // Mastodon: the one status now says eight, its old text in the edit history; nothing new posted.
    expect(masto.statuses).toHaveLength(1);
    expect(masto.statuses[0]?.text).toContain('Eight engines');
    expect(masto.statuses[0]?.history).toHaveLength(1);
    expect(masto.statuses[0]?.history[0]).toContain('Six engines');
    // The ledger's draft is what readers now see.
    expect((await postOf(crier, 'mastodon')).draft.text).toBe(masto.statuses[0]?.text);
    // Telegram: the one message, edited in place.
    expect(tg.messages).toHaveLength(1);
    expect(tg.messages[0]?.edited).toBe(true);
    expect(tg.messages[0]?.visibleText).toContain('Eight engines');
    // X: the first tweet stands; one correction answers it.
    expect(x.tweets).toHaveLength(2);
    const reply = x.tweets.find((t) => t.inReplyTo === firstX.remoteId);
    expect(reply?.text).toMatch(/^Correction: Eight engines/);
    expect(xStep.remoteId).toBe(reply?.id);
    // Facebook: still waiting for its editor, with the new text; nothing went out.
    const fb = await postOf(crier, 'facebook');
    expect(fb.state).toBe('pending_approval');
    expect(fb.draft.title).toMatch(/^Eight engines/);
    expect(graph.fbPosts).toHaveLength(0);
    // LinkedIn: the editor's own text is kept, and the desk says the story changed since.
    expect((await postOf(crier, 'linkedin')).draft.text).toBe(own);
    // The ledger holds the new version and the one it replaced; the article shows the new headline.
    const key = fb.articleKey;
    expect((await crier.running.ctx.articles.get(key))?.article.title).toMatch(/^Eight engines/);
    const versions = await lifecycleOf(crier).versions(key);
    expect(versions.map((v) => v.article.title)).toEqual([expect.stringMatching(/^Six engines/)]);
  }, 60_000);

  it('a change the post does not carry (a later sentence) sends nothing to the network', async () => {
    const feed = e2e.track(await new TestFeedServer().start());
    feed.add(enginesStory('engines-later', 'Six'));
    const x = e2e.track(await startXFake());
    const crier = await e2e.crier(feed.url, 1, { networks: { x: { mode: 'live', apiBaseUrl: x.url } } }, { X_OAUTH2_TOKEN: 'e2e-token' });
    const [first] = await waitForPosts(crier, 1);
    const story = enginesStory('engines-later', 'Six');
    feed.items[0] = { ...story, description: (story.description ?? '').replace('two weeks', 'three weeks') };
    const step = await waitForStep(crier, 'x', 'correct:', ['ignored', 'done']);
    await waitUntilSettled(crier);
    expect(step).toMatchObject({ state: 'ignored', note: 'the post says the same with the new text' });
    expect((await crier.running.ctx.articles.get(first?.articleKey ?? ''))?.article.text).toContain('three weeks');
    expect(x.tweets).toHaveLength(1);
  }, 60_000);

  it('an answer lost during a correction never leads to a second edit or reply', async () => {
    const feed = e2e.track(await new TestFeedServer().start());
    feed.add(enginesStory('engines-lost', 'Six'));
    const masto = e2e.track(await mastodon.startMastodonFake());
    const x = e2e.track(await startXFake());
    const crier = await e2e.crier(feed.url, 1, {
      networks: { mastodon: { mode: 'live', apiBaseUrl: masto.url }, x: { mode: 'live', apiBaseUrl: x.url } },
    }, { MASTODON_ACCESS_TOKEN: mastodon.FAKE_TOKEN, X_OAUTH2_TOKEN: 'e2e-token' });
    await waitForPosts(crier, 2);

    // Both networks apply the correction and the connection drops before the answer.
    masto.server.fault(mastodon.ROUTES.statusEdit, { kind: 'drop-after' });
    x.failTweets(xFaults.dropAfter());
    feed.items[0] = enginesStory('engines-lost', 'Eight');
    const masStep = await waitForStep(crier, 'mastodon', 'correct:', ['done', 'unknown']);
    const xStep = await waitForStep(crier, 'x', 'correct:', ['done', 'unknown']);
    await waitUntilSettled(crier);

    // Mastodon's edit is a full replace of the same text: resent once, it changed the status once.
    expect(masStep.state).toBe('done');
    expect(masto.statuses).toHaveLength(1);
    expect(masto.statuses[0]?.history).toHaveLength(1);
    // X has no idempotency: the reply is left `unknown` for a person, never sent again.
    expect(xStep.state).toBe('unknown');
    expect(xStep.needs).toMatch(/check the post on x/);
    expect(x.tweets.filter((t) => t.inReplyTo)).toHaveLength(1);
    expect(x.server.requests.filter((r) => r.path === '/2/tweets')).toHaveLength(2);
    const flags = await lifecycleOf(crier).flags();
    expect(flags.map((f) => f.postId)).toEqual([(await postOf(crier, 'x')).postId]);
  }, 60_000);
});
