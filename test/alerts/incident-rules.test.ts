import { describe, expect, it } from 'vitest';
import { credentialConditions, credentialLevel, edgesFromEvent, feedConditions, queueConditions, approvalConditions } from '../../src/alerts/incident-rules.js';
import { payloadFor } from '../../src/alerts/alert-senders.js';
import { thresholdMs, type AlertMessage } from '../../src/alerts/alert-types.js';
import { alertDestinationSchema } from '../../src/config/alerts-schema.js';

const NOW = Date.parse('2026-11-28T12:00:00Z');
const DAY = 86_400_000;
const dest = alertDestinationSchema.parse({ id: 'ops', type: 'webhook', urlEnv: 'OPS_URL', events: ['feed-failing'] });

describe('incident rules', () => {
  it('a post that ends failed or unknown opens an incident; a later state closes it; edits and retries open nothing', () => {
    const post = { type: 'post', postId: 'k.x', articleKey: 'k', channel: 'x' } as const;
    expect(edgesFromEvent({ ...post, state: 'failed', detail: 'HTTP 500' })).toEqual([
      { kind: 'open', condition: expect.objectContaining({ event: 'post-failed', subject: 'k.x', href: '/articles/k', text: 'The post k.x to x failed: HTTP 500' }) },
    ]);
    expect(edgesFromEvent({ ...post, state: 'unknown' })[0]).toMatchObject({ kind: 'open', condition: { event: 'post-unknown' } });
    expect(edgesFromEvent({ ...post, state: 'queued' }).map((a) => a.kind)).toEqual(['close', 'close']);
    expect(edgesFromEvent({ ...post, state: 'edited' })).toEqual([]);
    expect(edgesFromEvent({ type: 'channel', channel: 'x', action: 'rate-limited' })).toEqual([]);
    expect(edgesFromEvent({ type: 'channel', channel: 'x', action: 'halted', reason: 'token revoked' })[0]).toMatchObject({ kind: 'open', condition: { event: 'channel-halted', subject: 'x', href: '/queue/x' } });
    expect(edgesFromEvent({ type: 'channel', channel: 'x', action: 'resumed' })[0]).toMatchObject({ kind: 'close', event: 'channel-halted', subject: 'x' });
  });

  it('a feed is failing from its last success; text from outside is flattened and capped', () => {
    const state = { feedId: 'metro', consecutiveFailures: 3, totalPolls: 9, totalFailures: 3, lastSuccessAt: new Date(NOW - 20 * 60_000).toISOString(), lastError: `line1\nline2${'x'.repeat(2_000)}` };
    const [c] = feedConditions([{ id: 'metro', title: 'Metro', state }, { id: 'ok', state: { ...state, feedId: 'ok', consecutiveFailures: 0 } }], NOW);
    expect(c).toMatchObject({ event: 'feed-failing', subject: 'metro', sinceMs: NOW - 20 * 60_000, threshold: 'feedFailingMinutes' });
    expect(c?.text).toMatch(/^Feed Metro \(metro\) has been failing for 20 min, 3 failed fetch\(es\) in a row: line1 line2x+…\.$/);
    expect(c?.text.length).toBeLessThan(700);
    expect(feedConditions([{ id: 'new', state: { ...state, lastSuccessAt: undefined } }], NOW)[0]?.sinceMs).toBeUndefined();
  });

  it('thresholds come from the destination', () => {
    expect(thresholdMs(dest, { threshold: 'feedFailingMinutes' })).toBe(15 * 60_000);
    expect(thresholdMs(dest, { threshold: 'approvalWaitingMinutes' })).toBe(30 * 60_000);
    expect(thresholdMs(dest, { threshold: 'redisDownSeconds' })).toBe(60_000);
    expect(thresholdMs(dest, {})).toBe(0);
    expect(approvalConditions(undefined, 0, NOW)).toEqual([]);
    expect(approvalConditions(NOW - 45 * 60_000, 2, NOW)[0]?.text).toBe('2 post(s) wait for an editor; the oldest for 45 min.');
    expect(queueConditions([{ id: 'x' }, { id: 'fb', oldestWaitingMs: NOW - 60_000 }], NOW).map((c) => c.subject)).toEqual(['fb']);
  });

  it('credentials warn at the smallest level reached: none at 20 days, 14 at 5 days, 3 at 2 days; self-renewing ones never', () => {
    expect(credentialLevel(dest, NOW + 20 * DAY, NOW)).toBeUndefined();
    expect(credentialLevel(dest, NOW + 5 * DAY, NOW)).toBe(14);
    expect(credentialLevel(dest, NOW + 2 * DAY, NOW)).toBe(3);
    expect(credentialLevel(dest, NOW - DAY, NOW)).toBe(3);
    const records = [
      { channel: 'fb', checkedAt: '', what: 'Page token', expiresAt: new Date(NOW + 5 * DAY).toISOString() },
      { channel: 'bsky', checkedAt: '', what: 'session', expiresAt: new Date(NOW + 2 * DAY).toISOString(), selfRenewing: true },
      { channel: 'masto', checkedAt: '', what: 'token' },
    ];
    const conditions = credentialConditions(records, NOW);
    expect(conditions.map((c) => c.subject)).toEqual(['fb']);
    expect(conditions[0]?.text).toBe('Channel fb: the Page token expires in 5 day(s), on 2026-12-03 12:00 UTC. Replace it before then, or the channel halts.');
  });
});

describe('alert payloads', () => {
  const m: AlertMessage = { destination: 'ops', event: 'feed-failing', state: 'open', subject: 'metro', title: 'Feed <metro> & co', text: 'down: <@everyone>', link: 'https://desk.example.org/feeds#feed-metro', at: '2026-11-28T12:00:00.000Z' };
  it('Slack escapes its control characters and links the desk; Discord pings no one; the webhook gets the message as is', () => {
    expect(payloadFor('slack', m)).toEqual({ text: '🚨 *Feed &lt;metro&gt; &amp; co*\ndown: &lt;@everyone&gt;\n<https://desk.example.org/feeds#feed-metro|Open the desk>' });
    expect(payloadFor('discord', m)).toMatchObject({ allowed_mentions: { parse: [] } });
    expect((payloadFor('discord', { ...m, text: 'x'.repeat(5_000) }) as { content: string }).content).toHaveLength(2_000);
    expect(payloadFor('webhook', m)).toEqual(m);
  });
});
