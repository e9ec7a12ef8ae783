import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Article } from '../../src/articles/article.js';
import { parseConfig } from '../../src/config/load-config.js';
import { networkRegistry } from '../../src/publishers/registry.js';
import type { Draft } from '../../src/drafts/draft.js';
import { postIdFor } from '../../src/ledger/keys.js';
import { createAppContext, type AppContext } from '../../workers/context.js';
import type { ChannelConfig } from '../../src/config/load-config.js';
import type { PostRecord } from '../../src/ledger/post-ledger.js';
import { claimForPublish, type GateWait } from '../../src/editorial/publish-gates.js';
import { monthKey } from '../../src/editorial/schedule.js';
import { deletePrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.js';

const NOW = Date.parse('2026-03-02T10:00:00Z');
const draft: Draft = { text: 'Headline https://southasiandesk.example/a', length: 40, limit: 280, url: 'https://southasiandesk.example/a', title: 'Headline', description: '', hashtags: [] };

describe('publish gates, checked by the claim (real Redis)', () => {
  let ctx: AppContext;
  let prefix: string;
  beforeEach(() => {
    prefix = uniquePrefix('gates');
    const config = parseConfig(
      {
        redis: { prefix },
        publication: { timezone: 'UTC' },
        feeds: [{ id: 'desk', url: 'config/sample-feed.xml' }],
        networks: { x: { spacingSeconds: 60, dailyCap: 2, monthlyBudgetUsd: 0.5, quietHours: '01:00-06:00' }, facebook: {} },
      },
      { env: { REDIS_URL: TEST_REDIS_URL }, networks: networkRegistry },
    );
    ctx = createAppContext(config, pino({ level: 'silent' }));
  });
  afterEach(async () => {
    await ctx.close();
    await deletePrefix(prefix);
  });

  async function seed(key: string, publishedAt: string, channel = 'x') {
    const article: Article = { key, feedId: 'desk', title: 'Headline', url: draft.url, categories: [], text: 'Body.', discoveredAt: new Date(NOW).toISOString(), publishedAt };
    await ctx.articles.record(article, [`url:${key}`]);
    await ctx.posts.create({ articleKey: key, channel, network: channel, draft, summariser: 'extractive', state: 'queued', publishedAt });
    const post = await ctx.posts.get(postIdFor(key, channel));
    if (!post) throw new Error('not seeded');
    return post;
  }
  /** The gate's wait, or undefined when the post was claimed (it then leaves the queue as 'posting'). */
  async function gate(channel: ChannelConfig, post: PostRecord, opts: { urgent: boolean; nowMs: number }): Promise<GateWait | undefined> {
    const outcome = await claimForPublish(ctx, channel, post.postId, { token: `lease-${post.postId}`, ms: 60_000 }, opts);
    if ('wait' in outcome) return outcome.wait;
    expect(outcome.claim).toBe('claimed');
    expect(outcome.post).toMatchObject({ postId: post.postId, state: 'posting', attempts: 1 });
    return undefined;
  }
  const x = () => ctx.config.channels.find((c) => c.id === 'x')!;
  const fb = () => ctx.config.channels.find((c) => c.id === 'facebook')!;

  it('spacing: the second post waits for the next slot; "post now" skips spacing', async () => {
    const a = await seed('a1', '2026-03-02T09:00:00Z');
    const b = await seed('a2', '2026-03-02T09:00:00Z');
    expect(await gate(x(), a, { urgent: false, nowMs: NOW })).toBeUndefined();
    expect(await gate(x(), b, { urgent: false, nowMs: NOW + 1_000 })).toMatchObject({ untilMs: NOW + 60_000, reason: 'spacing 60s' });
    expect(await gate(x(), b, { urgent: true, nowMs: NOW + 1_000 })).toBeUndefined();
    // A channel without spacing is never held.
    expect(await gate(fb(), await seed('a3', '2026-03-02T09:00:00Z', 'facebook'), { urgent: false, nowMs: NOW })).toBeUndefined();
  });

  it('embargo: an article published in the future waits until its publication time', async () => {
    const post = await seed('a4', '2026-03-02T12:00:00Z');
    expect(await gate(x(), post, { urgent: false, nowMs: NOW })).toMatchObject({ untilMs: Date.parse('2026-03-02T12:00:00Z'), reason: expect.stringMatching(/embargoed/) });
  });

  it('quiet hours: posts wait for the end of the window', async () => {
    const post = await seed('a5', '2026-03-02T00:00:00Z');
    const at3am = Date.parse('2026-03-02T03:00:00Z');
    expect(await gate(x(), post, { urgent: false, nowMs: at3am })).toMatchObject({ untilMs: Date.parse('2026-03-02T06:00:00Z') });
  });

  it('daily cap: once reached, posts wait for the next local day', async () => {
    const post = await seed('a6', '2026-03-02T09:00:00Z');
    // A fixed time outside the channel's quiet hours: at 01:00-06:00 UTC quiet hours answer first (CI ran into it).
    await ctx.redis.set(ctx.control.dailyKey('x', new Date(NOW)), '2');
    const wait = await gate(x(), post, { urgent: false, nowMs: NOW });
    expect(wait?.reason).toBe('daily cap of 2 reached');
    expect(wait?.untilMs).toBe(Date.parse('2026-03-03T00:00:00Z'));
  });

  it('a post held by a gate is left as it was: queued, not attempted, no lease, no slot taken', async () => {
    const held = await seed('a8', '2026-03-02T12:00:00Z');
    expect(await gate(x(), held, { urgent: false, nowMs: NOW })).toMatchObject({ reason: expect.stringMatching(/embargoed/) });
    expect(await ctx.posts.get(held.postId)).toMatchObject({ state: 'queued', attempts: 0 });
    // The embargoed post took no spacing slot: the next post on the channel goes at once.
    expect(await gate(x(), await seed('a9', '2026-03-02T09:00:00Z'), { urgent: false, nowMs: NOW })).toBeUndefined();
  });

  it('a post already decided is reported as such, not held by quiet hours', async () => {
    const post = await seed('a10', '2026-03-02T00:00:00Z');
    await ctx.posts.skip(post.postId, 'editor said no');
    const outcome = await claimForPublish(ctx, x(), post.postId, { token: 't', ms: 60_000 }, { urgent: false, nowMs: Date.parse('2026-03-02T03:00:00Z') });
    expect(outcome).toMatchObject({ claim: 'done:skipped', post: { skipReason: 'editor said no' } });
  });

  it('monthly budget: X posts with a URL cost $0.20; the third waits for next month, even when urgent', async () => {
    const post = await seed('a7', '2026-03-02T09:00:00Z');
    const month = monthKey(NOW, 'UTC');
    await ctx.redis.set(ctx.control.spendKey('x', month), '0.4');
    const wait = await gate(x(), post, { urgent: true, nowMs: NOW });
    expect(wait).toMatchObject({ untilMs: Date.parse('2026-04-01T00:00:00Z') });
    expect(wait?.reason).toMatch(/monthly budget \$0\.5 reached/);
  });
});
