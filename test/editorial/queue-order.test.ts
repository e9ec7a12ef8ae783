import { describe, expect, it } from 'vitest';
import type { PostRecord } from '../../src/ledger/post-ledger.js';
import { waitReasons, type ChannelWaitFacts } from '../../src/editorial/wait-reason.js';
import { ageText, breakingRule, laneScore, orderGates, orderQueue, staleText } from '../../src/editorial/queue-order.js';
import { editorialSchema } from '../../src/config/editorial-schema.js';

/** Queue order (issue #15): breaking lane, front, scheduled, holds, drain order and the staleness guard, as the desk shows them. */
const NOW = Date.UTC(2026, 10, 28, 14, 0, 0);
const facts = (over: Partial<ChannelWaitFacts> = {}): ChannelWaitFacts => ({ channelId: 'x', timeZone: 'UTC', nowMs: NOW, spacingMs: 10 * 60_000, postedToday: 0, paused: false, ...over });
const post = (n: number, over: Partial<PostRecord> = {}): PostRecord =>
  ({ postId: `a${n}.x`, articleKey: `a${n}`, channel: 'x', network: 'x', state: 'queued', draft: { text: 't', length: 1, limit: 280, url: '', title: '', description: '', hashtags: [] }, summariser: 's', createdAt: `2026-11-28T13:0${n}:00Z`, publishedAt: `2026-11-28T12:0${n}:00Z`, updatedAt: '', attempts: 0, ...over }) as PostRecord;
const ids = (posts: PostRecord[]) => posts.map((p) => p.postId);

describe('orderQueue', () => {
  it('drains newest story first by default and oldest first when configured', () => {
    const posts = [post(1), post(3), post(2)];
    expect(ids(orderQueue(posts, true, NOW).line)).toEqual(['a3.x', 'a2.x', 'a1.x']);
    expect(ids(orderQueue(posts, false, NOW).line)).toEqual(['a1.x', 'a2.x', 'a3.x']);
  });

  it('puts a due scheduled post, then a post moved to the front, then breaking posts ahead of the rest', () => {
    const posts = [post(1), post(2, { lane: 'breaking', laneAtMs: NOW - 5 }), post(3, { lane: 'front', laneAtMs: NOW - 10 }), post(4, { lane: 'scheduled', laneAtMs: NOW - 1 }), post(5, { lane: 'breaking', laneAtMs: NOW - 9 })];
    expect(ids(orderQueue(posts, true, NOW).line)).toEqual(['a4.x', 'a3.x', 'a5.x', 'a2.x', 'a1.x']);
  });

  it('keeps a scheduled post that is not due behind the line and held posts out of it', () => {
    const { line, held } = orderQueue([post(1, { lane: 'scheduled', laneAtMs: NOW + 3_600_000 }), post(2), post(3, { hold: 'editor', holdBy: 'ed' })], true, NOW);
    expect(ids(line)).toEqual(['a2.x', 'a1.x']);
    expect(ids(held)).toEqual(['a3.x']);
  });

  it('scores like the claim script: the latest move to the front goes first, the first breaking story first', () => {
    expect(laneScore(post(1, { lane: 'front', laneAtMs: 2 }), true)).toBeLessThan(laneScore(post(2, { lane: 'front', laneAtMs: 1 }), true));
    expect(laneScore(post(1, { lane: 'breaking', laneAtMs: 1 }), true)).toBeLessThan(laneScore(post(2, { lane: 'breaking', laneAtMs: 2 }), true));
    expect(laneScore(post(1, { lane: 'breaking', laneAtMs: NOW }), false)).toBeLessThan(laneScore(post(2), false));
  });
});

describe('waitReasons with lanes and holds', () => {
  it('says breaking: next, ignores spacing for it and spaces the backlog after it', () => {
    const r = waitReasons(facts({ nextSlotMs: NOW + 5 * 60_000 }), [post(1), post(2), post(3, { lane: 'breaking', laneAtMs: NOW })]);
    expect(r.get('a3.x')).toMatchObject({ kind: 'breaking', text: 'breaking: next', position: 1, etaMs: NOW });
    expect(r.get('a2.x')).toMatchObject({ text: 'next on x at 14:10, 2nd in line', position: 2 });
    expect(r.get('a1.x')?.text).toBe('next on x at 14:20, 3rd in line');
  });

  it('waits out quiet hours with a breaking post unless breaking ignores them', () => {
    expect(waitReasons(facts({ quietHours: '13:00-15:00' }), [post(1, { lane: 'breaking', laneAtMs: NOW })]).get('a1.x')?.text).toBe('breaking: quiet hours until 15:00');
    expect(waitReasons(facts({ quietHours: '13:00-15:00', breakingIgnoresQuietHours: true }), [post(1, { lane: 'breaking', laneAtMs: NOW })]).get('a1.x')?.text).toBe('breaking: next');
  });

  it('says scheduled for a time, held by an editor, and held as stale with the age and the limit', () => {
    const r = waitReasons(facts(), [
      post(1, { lane: 'scheduled', laneAtMs: Date.UTC(2026, 10, 28, 15, 0) }),
      post(2, { hold: 'editor', holdBy: 'ed' }),
      post(3, { hold: 'stale', holdAtMs: NOW, publishedAt: new Date(NOW - 3 * 86_400_000).toISOString() }),
    ]);
    expect(r.get('a1.x')).toMatchObject({ kind: 'scheduled', text: 'scheduled for 15:00' });
    expect(r.get('a2.x')).toMatchObject({ kind: 'held', text: 'held by ed' });
    expect(r.get('a3.x')).toMatchObject({ kind: 'stale', text: 'held: story is 3 days old (limit 12 h)' });
    expect(r.get('a2.x')?.etaMs).toBeUndefined();
  });

  it('says a post moved to the front is next', () => {
    expect(waitReasons(facts(), [post(1), post(2, { lane: 'front', laneAtMs: NOW })]).get('a2.x')?.text).toBe('moved to the front: next on x: going out now');
  });
});

describe('staleness and breaking rules', () => {
  it('formats ages and takes the per-channel limit over the global one', () => {
    expect(ageText(40 * 60_000)).toBe('40 min');
    expect(ageText(14 * 3_600_000)).toBe('14 h');
    expect(staleText(3 * 86_400_000 + 5, 12 * 3_600_000)).toBe('story is 3 days old (limit 12 h)');
    const editorial = editorialSchema.parse({ maxPostAgeHours: 6, channels: { x: { maxPostAgeHours: 2 } } });
    expect(orderGates(editorial, 'x').maxPostAgeMs).toBe(2 * 3_600_000);
    expect(orderGates(editorial, 'bluesky').maxPostAgeMs).toBe(6 * 3_600_000);
    expect(orderGates(editorialSchema.parse({}), 'x')).toMatchObject({ maxPostAgeMs: 12 * 3_600_000, newestFirst: true, breakingIgnoresQuietHours: false });
  });

  it('marks a story breaking by global or per-feed category or keyword, case-insensitively', () => {
    const editorial = editorialSchema.parse({ breaking: { categories: ['Breaking News'], keywords: ['earthquake'], feeds: { metro: { keywords: ['evacuat'] } } } });
    expect(breakingRule(editorial, { feedId: 'sport', title: 'Cup final', categories: ['breaking news'] })).toBe("rule: category 'Breaking News'");
    expect(breakingRule(editorial, { feedId: 'sport', title: 'EARTHQUAKE hits city', categories: [] })).toBe("rule: keyword 'earthquake'");
    expect(breakingRule(editorial, { feedId: 'metro', title: 'Tower evacuated', categories: [] })).toBe("rule: keyword 'evacuat'");
    expect(breakingRule(editorial, { feedId: 'sport', title: 'Tower evacuated', categories: [] })).toBeUndefined();
  });

  it('matches only the capped head of a hostile title and category list', () => {
    const editorial = editorialSchema.parse({ breaking: { keywords: ['needle'], categories: ['flash'] } });
    const hostile = { feedId: 'metro', title: `${'a'.repeat(2_000_000)}needle`, categories: [...Array.from({ length: 100 }, () => 'x'.repeat(10_000)), 'flash'] };
    expect(breakingRule(editorial, hostile)).toBeUndefined();
    expect(breakingRule(editorial, { ...hostile, title: `needle${'a'.repeat(2_000_000)}` })).toBe("rule: keyword 'needle'");
  });

  it('rejects unknown keys in the editorial section with the key named', () => {
    const r = editorialSchema.safeParse({ drainOrder: 'newest-first', breaking: { keyword: ['x'] } });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain('keyword');
  });
});
