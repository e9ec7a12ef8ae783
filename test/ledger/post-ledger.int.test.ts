import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Draft } from '../../src/drafts/draft.js';
import { createEventLog } from '../../src/ledger/events.js';
import { ledgerKeys, postIdFor } from '../../src/ledger/keys.js';
import { createPostLedger, type PostLedger } from '../../src/ledger/post-ledger.js';
import { deletePrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.js';

const draft: Draft = { text: 'Pakistan and Turkiye reaffirm defence ties https://southasiandesk.example/a', length: 70, limit: 280, url: 'https://southasiandesk.example/a', title: 'Pakistan and Turkiye reaffirm defence ties', description: '', hashtags: [] };

describe('post ledger (real Redis)', () => {
  const redis = new Redis(TEST_REDIS_URL);
  let prefix: string;
  let posts: PostLedger;
  let events: ReturnType<typeof createEventLog>;
  const postId = postIdFor('a1234567890abcdef1234', 'x');

  beforeEach(async () => {
    prefix = uniquePrefix('ledger');
    events = createEventLog(redis, { prefix });
    posts = createPostLedger(redis, { prefix, retentionDays: 1, events });
    await posts.create({ articleKey: 'a1234567890abcdef1234', channel: 'x', network: 'x', draft, summariser: 'extractive', state: 'queued' });
  });
  afterEach(async () => deletePrefix(prefix));
  afterAll(() => redis.disconnect());

  it('creates a post once; a second create is a no-op', async () => {
    expect(await posts.create({ articleKey: 'a1234567890abcdef1234', channel: 'x', network: 'x', draft, summariser: 'other', state: 'queued' })).toBe(false);
    expect((await posts.get(postId))?.summariser).toBe('extractive');
  });

  it('creates all of an article\'s posts in one call, each once, with one event each', async () => {
    const articleKey = 'a1234567890abcdef1234';
    const make = (channel: string, state: 'queued' | 'pending_approval') => ({ articleKey, channel, network: channel, draft, summariser: 'extractive', state, publishedAt: '2026-01-30T10:00:00.000Z' });
    // 'x' exists already (beforeEach): only the other two are new.
    expect(await posts.createMany(articleKey, [make('x', 'queued'), make('facebook', 'queued'), make('instagram', 'pending_approval')])).toEqual([false, true, true]);
    expect(await posts.createMany(articleKey, [make('facebook', 'queued'), make('instagram', 'queued')])).toEqual([false, false]);
    expect((await posts.listForArticle(articleKey)).map((p) => [p.channel, p.state])).toEqual([['facebook', 'queued'], ['instagram', 'pending_approval'], ['x', 'queued']]);
    expect(await posts.listPendingApproval()).toEqual([postIdFor(articleKey, 'instagram')]);
    const created = (await events.read('0')).map((e) => e.event).filter((e) => e.type === 'post' && e.state !== 'posting').map((e) => (e as { postId: string }).postId);
    expect(created.sort()).toEqual([postIdFor(articleKey, 'facebook'), postIdFor(articleKey, 'instagram'), postId].sort());
    await expect(posts.createMany('another', [make('x', 'queued')])).rejects.toThrow(/createMany/);
  });

  it('a post that waited for approval past the retention leaves the waiting list', async () => {
    const stale = postIdFor('aexpired0000000000000', 'x');
    await redis.zadd(ledgerKeys(prefix).pendingApproval, Date.now() - 2 * 86_400_000, stale);
    expect(await posts.listPendingApproval()).toEqual([]);
    await posts.create({ articleKey: 'afresh000000000000000', channel: 'x', network: 'x', draft, summariser: 'extractive', state: 'pending_approval' });
    expect(await posts.listPendingApproval()).toEqual([postIdFor('afresh000000000000000', 'x')]);
    expect(await redis.zscore(ledgerKeys(prefix).pendingApproval, stale)).toBeNull();
  });

  it('a posted post can never be claimed again, whatever happens to its job', async () => {
    expect(await posts.claim(postId, 'lease-1', 60_000)).toBe('claimed');
    await posts.markPosted(postId, 'lease-1', { remoteId: '42', remoteUrl: 'https://x.com/i/web/status/42', confirmed: true });
    expect(await posts.claim(postId, 'lease-2', 60_000)).toBe('done:posted');
    // A late failure report from a stalled duplicate must not downgrade it.
    expect(await posts.markFailed(postId, 'lease-3', 'stalled job gave up')).toBe('already-posted');
    expect((await posts.get(postId))?.state).toBe('posted');
  });

  it('counts a post against the daily cap and the monthly spend once, in the same step as posting it', async () => {
    const counters = { dailyKey: `${prefix}:day`, spend: { key: `${prefix}:spend`, usd: 0.2 } };
    await posts.claim(postId, 'l1', 60_000);
    expect(await posts.markPosted(postId, 'l1', { confirmed: true, remoteId: '1' }, counters)).toBe('ok');
    expect(await posts.markPosted(postId, 'l2', { confirmed: true, remoteId: '1' }, counters)).toBe('already-posted');
    expect(await redis.get(`${prefix}:day`)).toBe('1');
    expect(Number(await redis.get(`${prefix}:spend`))).toBeCloseTo(0.2);
  });

  it('a second worker cannot claim a post another worker holds', async () => {
    expect(await posts.claim(postId, 'lease-1', 60_000)).toBe('claimed');
    expect(await posts.claim(postId, 'lease-2', 60_000)).toBe('busy');
  });

  it('a post left in "posting" with an expired lease is reported as a crash (unknown outcome)', async () => {
    expect(await posts.claim(postId, 'lease-1', 30)).toBe('claimed');
    // Wait for the event itself, Redis expiring the lease key, not for a guessed time.
    const lease = ledgerKeys(prefix).postLease(postId);
    while ((await redis.exists(lease)) === 1) await new Promise((r) => setImmediate(r));
    expect(await posts.claim(postId, 'lease-2', 60_000)).toBe('claimed-after-crash');
    expect((await posts.get(postId))?.attempts).toBe(2);
  });

  it('release puts it back to queued with the error; approve/skip only act on the right states', async () => {
    await posts.claim(postId, 'l', 60_000);
    await posts.release(postId, 'l', 'HTTP 503');
    expect(await posts.get(postId)).toMatchObject({ state: 'queued', lastError: 'HTTP 503' });
    expect(await posts.approve(postId)).toBe(false);
    expect(await posts.skip(postId, 'not for X')).toBe(true);
    expect(await posts.get(postId)).toMatchObject({ state: 'skipped', skipReason: 'not for X' });
    expect(await posts.claim(postId, 'l2', 60_000)).toBe('done:skipped');
  });

  it('every transition lands in the event stream', async () => {
    await posts.claim(postId, 'l', 60_000);
    await posts.markPosted(postId, 'l', { confirmed: true, remoteId: '1' });
    const states = (await events.read('0')).filter((e) => e.event.type === 'post').map((e) => (e.event as { state: string }).state);
    expect(states).toEqual(['queued', 'posting', 'posted']);
  });

  it('manual approval: pending → approve (with an edited draft) → queued', async () => {
    const id2 = postIdFor('a1234567890abcdef1234', 'facebook');
    await posts.create({ articleKey: 'a1234567890abcdef1234', channel: 'facebook', network: 'facebook', draft, summariser: 'extractive', state: 'pending_approval' });
    expect(await posts.listPendingApproval()).toEqual([id2]);
    expect(await posts.claim(id2, 'l', 1000)).toBe('done:pending_approval');
    expect(await posts.approve(id2, { ...draft, text: 'Edited by the desk' })).toBe(true);
    expect(await posts.get(id2)).toMatchObject({ state: 'queued', draft: { text: 'Edited by the desk' } });
    expect(await posts.listPendingApproval()).toEqual([]);
    expect((await posts.listForArticle('a1234567890abcdef1234')).map((p) => p.channel)).toEqual(['facebook', 'x']);
  });
});
