import { describe, expect, it } from 'vitest';
import type { PostRecord } from '../../src/ledger/post-ledger.js';
import { ordinal, waitReasons, type ChannelWaitFacts } from '../../src/editorial/wait-reason.js';

/** Why and until when each waiting post waits, from ledger facts alone (issue #15). */
const NOW = Date.UTC(2026, 10, 28, 14, 0, 0); // 28 Nov 2026 14:00 UTC
const facts = (over: Partial<ChannelWaitFacts> = {}): ChannelWaitFacts => ({ channelId: 'x', timeZone: 'UTC', nowMs: NOW, spacingMs: 10 * 60_000, postedToday: 0, paused: false, newestFirst: false, ...over });
const post = (n: number, over: Partial<PostRecord> = {}): PostRecord =>
  ({ postId: `a${n}.x`, articleKey: `a${n}`, channel: 'x', network: 'x', state: 'queued', draft: { text: 't', length: 1, limit: 280, url: '', title: '', description: '', hashtags: [] }, summariser: 's', createdAt: `2026-11-28T13:0${n}:00Z`, updatedAt: '', attempts: 0, ...over }) as PostRecord;

describe('waitReasons', () => {
  it('gives each queued post its slot and place in line after spacing', () => {
    const r = waitReasons(facts({ nextSlotMs: NOW + 11 * 60_000 }), [post(1), post(2), post(3)]);
    expect(r.get('a1.x')).toMatchObject({ kind: 'spacing', text: 'next on x at 14:11, 1st in line', position: 1, etaMs: NOW + 11 * 60_000 });
    expect(r.get('a3.x')?.text).toBe('next on x at 14:31, 3rd in line');
  });

  it('says going out now when the slot is free', () => {
    expect(waitReasons(facts(), [post(1)]).get('a1.x')).toMatchObject({ kind: 'now', etaMs: NOW });
  });

  it('names an embargo, quiet hours, the daily cap and the network wait', () => {
    expect(waitReasons(facts(), [post(1, { publishedAt: '2026-11-28T15:00:00Z' })]).get('a1.x')?.text).toBe('embargoed until 15:00');
    expect(waitReasons(facts({ quietHours: '13:00-06:00' }), [post(1)]).get('a1.x')?.text).toBe('quiet hours until 29 Nov 06:00');
    expect(waitReasons(facts({ dailyCap: 2, postedToday: 2 }), [post(1)]).get('a1.x')?.text).toBe('daily cap of 2 reached: resumes 29 Nov 00:00');
    expect(waitReasons(facts({ networkWaitUntilMs: NOW + 5 * 60_000, networkWaitReason: '429 Too Many Requests' }), [post(1)]).get('a1.x')?.text).toBe('x asked to wait until 14:05: 429 Too Many Requests');
  });

  it('holds every post of a paused or halted channel, and of a spent budget until the month turns', () => {
    expect(waitReasons(facts({ paused: true }), [post(1), post(2)]).get('a2.x')).toMatchObject({ kind: 'paused', text: 'held: x paused', position: 2 });
    const halted = waitReasons(facts({ paused: true, attention: 'access token revoked — replace X_ACCESS_TOKEN, then Resume' }), [post(1)]).get('a1.x');
    expect(halted?.text).toBe('held: channel halted — access token revoked — replace X_ACCESS_TOKEN, then Resume');
    expect(halted?.etaMs).toBeUndefined();
    const budget = waitReasons(facts({ budget: { limitUsd: 1, spentUsd: 0.99, costUsd: () => 0.02 } }), [post(1)]).get('a1.x');
    expect(budget).toMatchObject({ kind: 'budget', text: 'monthly budget reached: resumes 1 Dec', etaMs: Date.UTC(2026, 11, 1) });
  });

  it('says when a held post auto-approves, in the publication zone', () => {
    const r = waitReasons(facts({ timeZone: 'Europe/London' }), [], [post(1, { state: 'pending_approval', autoApproveAt: '2026-11-28T14:50:00Z' }), post(2, { state: 'pending_approval' })]);
    expect(r.get('a1.x')?.text).toBe('waiting for approval, auto-posts at 14:50');
    expect(r.get('a2.x')?.text).toBe('waiting for approval');
  });

  it('writes ordinals', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 101].map(ordinal)).toEqual(['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '101st']);
  });
});
