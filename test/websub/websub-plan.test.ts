import { describe, expect, it } from 'vitest';
import { renewAtMs, subscribeReason, websubWanted } from '../../src/websub/websub-plan.js';
import { pushActive, type SubscriptionView } from '../../src/websub/websub-store.js';

const CFG = { fallbackIntervalSeconds: 900, renewAtFraction: 0.25 };
const NOW = Date.parse('2026-11-28T12:00:00Z');
const WANTED = { hub: 'https://hub.example/', topic: 'https://news.example/feed' };
const sub = (over: Partial<SubscriptionView>): SubscriptionView => ({ feedId: 'f', state: 'active', ...WANTED, pushes: 0, ...over });
const iso = (ms: number) => new Date(ms).toISOString();

describe('when to (re)subscribe', () => {
  it('subscribes to a new or moved hub', () => {
    expect(subscribeReason(undefined, WANTED, CFG, NOW)).toBe('hub discovered');
    expect(subscribeReason(sub({ hub: 'https://old-hub.example/' }), WANTED, CFG, NOW)).toBe('hub or topic changed');
  });

  it('renews once a quarter of the lease is left, not before', () => {
    const active = sub({ leaseSeconds: 1000, leaseExpiresAt: iso(NOW + 300_000) });
    expect(renewAtMs(active, CFG)).toBe(NOW + 50_000);
    expect(subscribeReason(active, WANTED, CFG, NOW)).toBeUndefined();
    expect(subscribeReason(active, WANTED, CFG, NOW + 50_000)).toBe('lease renewal');
  });

  it('retries a failure after the fallback interval, a denial after a day, a verification that never came after 10 minutes', () => {
    expect(subscribeReason(sub({ state: 'failed', reasonAt: iso(NOW - 60_000) }), WANTED, CFG, NOW)).toBeUndefined();
    expect(subscribeReason(sub({ state: 'failed', reasonAt: iso(NOW - 901_000) }), WANTED, CFG, NOW)).toBe('retry after a failure');
    expect(subscribeReason(sub({ state: 'denied', reasonAt: iso(NOW - 3_600_000) }), WANTED, CFG, NOW)).toBeUndefined();
    expect(subscribeReason(sub({ state: 'denied', reasonAt: iso(NOW - 25 * 3_600_000) }), WANTED, CFG, NOW)).toBe('retry a day after a denial');
    expect(subscribeReason(sub({ state: 'requested', requestedAt: iso(NOW - 60_000) }), WANTED, CFG, NOW)).toBeUndefined();
    expect(subscribeReason(sub({ state: 'requested', requestedAt: iso(NOW - 11 * 60_000) }), WANTED, CFG, NOW)).toMatch(/never verified/);
    expect(subscribeReason(sub({ state: 'unsubscribing' }), WANTED, CFG, NOW)).toBeUndefined();
  });

  it('push counts only with an unexpired active lease; it needs publicBaseUrl and websub not off', () => {
    expect(pushActive(sub({ leaseExpiresAt: iso(NOW + 1) }), NOW)).toBe(true);
    expect(pushActive(sub({ leaseExpiresAt: iso(NOW - 1) }), NOW)).toBe(false);
    expect(pushActive(sub({ state: 'denied', leaseExpiresAt: iso(NOW + 1) }), NOW)).toBe(false);
    expect(websubWanted('https://crier.example', { websub: 'auto' })).toBe(true);
    expect(websubWanted(undefined, { websub: 'auto' })).toBe(false);
    expect(websubWanted('https://crier.example', { websub: 'off' })).toBe(false);
  });
});
