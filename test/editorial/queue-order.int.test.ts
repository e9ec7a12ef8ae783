import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Article } from '../../src/articles/article.js';
import { parseConfig, type ChannelConfig } from '../../src/config/load-config.js';
import { networkRegistry } from '../../src/publishers/registry.js';
import type { Draft } from '../../src/drafts/draft.js';
import { ledgerKeys, postIdFor } from '../../src/ledger/keys.js';
import { claimForPublish, type PublishClaim } from '../../src/editorial/publish-gates.js';
import { holdPost, markBreaking, moveToFront, releasePost, schedulePost } from '../../src/desk/queue-actions.js';
import { createAppContext, type AppContext } from '../../workers/context.js';
import { deletePrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.js';

/** The queue order, holds and the staleness guard, decided by the claim script on real Redis (issue #15). */
const draft: Draft = { text: 'Headline https://desk.example/a', length: 30, limit: 280, url: 'https://desk.example/a', title: 'Headline', description: '', hashtags: [] };
const MIN = 60_000;

describe('queue order in the claim (real Redis)', () => {
  let ctx: AppContext;
  let prefix: string;
  let T: number;
  beforeEach(() => {
    prefix = uniquePrefix('order');
    T = Date.now();
    const config = parseConfig(
      { redis: { prefix }, publication: { timezone: 'UTC' }, feeds: [{ id: 'desk', url: 'config/sample-feed.xml' }], networks: { x: { spacingSeconds: 60 } } },
      { env: { REDIS_URL: TEST_REDIS_URL }, networks: networkRegistry },
    );
    ctx = createAppContext(config, pino({ level: 'silent' }));
  });
  afterEach(async () => {
    await ctx.close();
    await deletePrefix(prefix);
  });

  const x = (): ChannelConfig => ctx.config.channels.find((c) => c.id === 'x')!;
  async function seed(key: string, publishedAtMs: number): Promise<string> {
    const publishedAt = new Date(publishedAtMs).toISOString();
    const article: Article = { key, feedId: 'desk', title: `Story ${key}`, url: draft.url, categories: [], text: 'Body.', discoveredAt: new Date(T).toISOString(), publishedAt };
    await ctx.articles.record(article, [`url:${key}`]);
    await ctx.posts.create({ articleKey: key, channel: 'x', network: 'x', draft, summariser: 'extractive', state: 'queued', publishedAt });
    return postIdFor(key, 'x');
  }
  const claim = (postId: string, nowMs: number, token = `lease-${postId}`): Promise<PublishClaim> =>
    claimForPublish(ctx, x(), postId, { token, ms: 60_000 }, { urgent: false, nowMs });
  const claimed = (c: PublishClaim) => ('claim' in c ? c.claim : `wait: ${c.wait.reason}`);
  const finish = (postId: string) => ctx.posts.markPosted(postId, `lease-${postId}`, { confirmed: true });

  /** The slot is taken by an earlier post, and the backlog's jobs have each run once (they are in line). */
  async function backlog(stories: Record<string, number>): Promise<void> {
    const first = await seed('a0', T - 30 * MIN);
    expect(claimed(await claim(first, T))).toBe('claimed');
    await finish(first);
    for (const [key, publishedAtMs] of Object.entries(stories)) {
      const c = await claim(await seed(key, publishedAtMs), T + 1_000);
      expect('wait' in c && c.wait.reason).toBe('spacing 60s');
    }
  }

  it('drains the newest story first: an older post waits for the newer one, which takes the slot', async () => {
    await backlog({ b1: T - 20 * MIN, b2: T - 5 * MIN, b3: T - 10 * MIN });
    const older = await claim('b1.x', T + 61_000);
    expect('wait' in older && older.wait).toMatchObject({ reason: 'b2.x goes first', ahead: 'b2.x' });
    expect(claimed(await claim('b2.x', T + 61_000))).toBe('claimed');
    expect(claimed(await claim('b3.x', T + 61_500))).toBe('wait: spacing 60s');
    await finish('b2.x');
    expect(await ctx.redis.zrange(ledgerKeys(prefix).channelOrder('x'), 0, -1)).toEqual(['b3.x', 'b1.x']);
  });

  it('a breaking story overtakes the backlog and ignores spacing; the backlog is spaced after it', async () => {
    await backlog({ b1: T - 20 * MIN, b2: T - 5 * MIN });
    const breaking = await seed('z9', T - 40 * MIN);
    const marked = await markBreaking(ctx, 'z9', 'ed');
    expect(marked).toMatchObject({ ok: true, message: 'breaking: x goes next' });
    // The slot is still taken by a0 (until T+60 s): a breaking post goes anyway and takes the next slot.
    expect(claimed(await claim(breaking, T + 2_000))).toBe('claimed');
    await finish(breaking);
    const next = await claim('b2.x', T + 61_000);
    expect('wait' in next && next.wait.reason).toBe('spacing 60s');
    expect('wait' in next && next.wait.untilMs).toBe(T + 2_000 + 60_000);
    expect((await ctx.posts.get(breaking))).toMatchObject({ lane: 'breaking', laneBy: 'ed', state: 'posted' });
  });

  it('"move to front" puts an old post first; concurrent claims of the whole line take exactly one post per slot', async () => {
    await backlog({ b1: T - 20 * MIN, b2: T - 5 * MIN, b3: T - 10 * MIN });
    expect((await moveToFront(ctx, 'b1.x', 'ed')).ok).toBe(true);
    // Every job runs at once (and twice for b1: a stalled job running again): one claim wins.
    const at = T + 61_000;
    const results = await Promise.all([claim('b1.x', at, 'one'), claim('b1.x', at, 'two'), claim('b2.x', at), claim('b3.x', at)]);
    const wins = results.map(claimed).filter((r) => r === 'claimed' || r === 'busy');
    expect(results.map(claimed).filter((r) => r === 'claimed')).toHaveLength(1);
    expect(wins.length).toBeLessThanOrEqual(2);
    expect((await ctx.posts.get('b1.x'))?.state).toBe('posting');
    expect((await ctx.posts.get('b1.x'))?.attempts).toBe(1);
    expect((await ctx.posts.get('b2.x'))?.state).toBe('queued');
    expect((await ctx.posts.get('b3.x'))?.state).toBe('queued');
  });

  it('a held post waits for its editor; released, it goes', async () => {
    await backlog({ b1: T - 20 * MIN });
    expect(await holdPost(ctx, 'b1.x', 'ed', 'check the name')).toMatchObject({ ok: true, message: 'held by ed' });
    const held = await claim('b1.x', T + 61_000);
    expect('wait' in held && held.wait.reason).toBe('held');
    expect(await ctx.posts.get('b1.x')).toMatchObject({ state: 'queued', hold: 'editor', holdBy: 'ed', holdReason: 'check the name' });
    expect(await releasePost(ctx, 'b1.x', 'ed')).toMatchObject({ ok: true, message: 'released' });
    expect(claimed(await claim('b1.x', T + 62_000))).toBe('claimed');
    expect((await holdPost(ctx, 'b1.x', 'ed')).ok).toBe(false);
  });

  it('a stale post is held, not claimed, when its turn comes; "post it anyway" releases it for good', async () => {
    const old = await seed('s1', T - 3 * 86_400_000);
    // It has waited in the queue (an outage): created two days ago.
    await ctx.redis.hset(ledgerKeys(prefix).post(old), 'createdAtMs', T - 2 * 86_400_000);
    const c = await claim(old, T);
    expect('wait' in c && c.wait).toMatchObject({ reason: 'story is 3 days old (limit 12 h)', heldStale: 'story is 3 days old (limit 12 h)' });
    expect(await ctx.posts.get(old)).toMatchObject({ state: 'queued', hold: 'stale', holdBy: 'staleness guard', attempts: 0 });
    expect(await ctx.redis.get(ledgerKeys(prefix).channelNextSlot('x'))).toBeNull();
    expect(await releasePost(ctx, old, 'ed')).toMatchObject({ ok: true, message: 'released: post it anyway' });
    expect(claimed(await claim(old, T + 1_000))).toBe('claimed');
  });

  it('a story that arrives old and goes at once is not held (its feed accepted it)', async () => {
    const old = await seed('s2', T - 3 * 86_400_000);
    expect(claimed(await claim(old, T + 1_000))).toBe('claimed');
  });

  it('a scheduled post waits for its time, then goes ahead of the line and ignores spacing', async () => {
    await backlog({ b1: T - 5 * MIN });
    expect((await schedulePost(ctx, 'b1.x', T + 30 * MIN, 'ed', T)).ok).toBe(true);
    const early = await claim('b1.x', T + 61_000);
    expect('wait' in early && early.wait.untilMs).toBe(T + 30 * MIN);
    const s2 = await seed('b2', T - 1 * MIN);
    expect(claimed(await claim(s2, T + 61_000))).toBe('claimed');
    expect(claimed(await claim('b1.x', T + 30 * MIN + 1))).toBe('claimed');
    expect((await schedulePost(ctx, 'b2.x', T - 1, 'ed', T)).ok).toBe(false);
  });
});
