import type { Job } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import type { SummariseJobData } from '../../src/queues/jobs.js';
import { createSummariseProcessor } from '../../workers/summarise.worker.js';
import { postHistory } from '../../src/web/post-history.js';
import { startWebHarness, type WebHarness } from './web-harness.js';

/** The CMS hook's breaking flag (issue #15): the story the ping announces starts in the breaking lane on every channel. */
const TOKEN = 'hook-token-for-tests-0123456789';
let h: WebHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function summarise(harness: WebHarness, articleKey: string, feedId: string) {
  await createSummariseProcessor(harness.ctx)({ data: { articleKey, feedId } } as Job<SummariseJobData>);
  return harness.ctx.posts.listForArticle(articleKey);
}

describe('CMS hook with a breaking flag', () => {
  it('puts the next story of the pinged feed in the breaking lane, and only that feed', async () => {
    h = await startWebHarness({ networks: { x: {}, facebook: {} }, editorial: { breaking: { keywords: ['earthquake'] } } }, { hookToken: TOKEN });
    // A story the poller found a minute before the ping is not the one announced.
    const before = 'b0b0b0b0b0b0b0b0';
    await h.ctx.articles.record({ key: before, feedId: 'metro', title: 'Found before the ping', url: 'https://news.example/before', categories: [], text: 'Body.', discoveredAt: new Date(Date.now() - 60_000).toISOString() }, ['url:before']);
    const res = await h.app.inject({ method: 'POST', url: '/hooks/poll/metro?breaking=1', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({ ok: true, message: 'poll queued: metro (breaking)' });

    const announced = await h.seedArticle({ feedId: 'metro', title: 'Tower block fire' });
    const posts = await summarise(h, announced, 'metro');
    expect(posts.map((p) => [p.channel, p.lane, p.laneBy])).toEqual([['facebook', 'breaking', 'cms hook'], ['x', 'breaking', 'cms hook']]);
    expect((await postHistory(h.ctx, posts[0]!)).map((e) => `${e.text} (${e.by ?? ''})`)).toContain('marked breaking (cms hook)');

    expect((await summarise(h, before, 'metro')).every((p) => p.lane === undefined)).toBe(true);
    const otherFeed = await h.seedArticle({ feedId: 'sport', title: 'Cup final tonight' });
    expect((await summarise(h, otherFeed, 'sport')).every((p) => p.lane === undefined)).toBe(true);
    // A config keyword rule marks a story of any feed, and says which rule.
    const quake = await h.seedArticle({ feedId: 'sport', title: 'Earthquake stops the match' });
    expect((await summarise(h, quake, 'sport')).map((p) => p.laneBy)).toEqual(["rule: keyword 'earthquake'", "rule: keyword 'earthquake'"]);
  });

  it('a ping without the flag marks nothing', async () => {
    h = await startWebHarness({ networks: { x: {}, facebook: {} } }, { hookToken: TOKEN });
    const res = await h.app.inject({ method: 'POST', url: '/hooks/poll/metro', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.json()).toMatchObject({ message: 'poll queued: metro' });
    const story = await h.seedArticle({ feedId: 'metro' });
    expect((await summarise(h, story, 'metro')).every((p) => p.lane === undefined)).toBe(true);
  });
});
