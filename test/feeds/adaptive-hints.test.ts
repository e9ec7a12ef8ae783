import { describe, expect, it } from 'vitest';
import { cacheMaxAgeSeconds, feedTimingHints, hintFloor, successRetryAfterSeconds } from '../../src/feeds/adaptive-hints.js';

describe('Cache-Control and Retry-After', () => {
  it('reads max-age and ignores directives that say nothing about spacing', () => {
    expect(cacheMaxAgeSeconds('public, max-age=600')).toBe(600);
    expect(cacheMaxAgeSeconds('no-cache')).toBeUndefined();
    expect(cacheMaxAgeSeconds('max-age=abc')).toBeUndefined();
    expect(cacheMaxAgeSeconds('max-age=0')).toBeUndefined();
    expect(cacheMaxAgeSeconds(undefined)).toBeUndefined();
    expect(cacheMaxAgeSeconds('max-age=99999999999')).toBeUndefined();
    expect(cacheMaxAgeSeconds('max-age=9999999999')).toBe(365 * 86_400);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.UTC(2026, 10, 28, 12, 0, 0);
    expect(successRetryAfterSeconds('120', now)).toBe(120);
    expect(successRetryAfterSeconds(new Date(now + 300_000).toUTCString(), now)).toBe(300);
    expect(successRetryAfterSeconds('soon', now)).toBeUndefined();
  });
});

describe('feedTimingHints', () => {
  it('reads <ttl> in minutes and <sy:updatePeriod>/<sy:updateFrequency>', () => {
    const rss = '<rss><channel><title>x</title><ttl>15</ttl><sy:updatePeriod>hourly</sy:updatePeriod><sy:updateFrequency>2</sy:updateFrequency><item><ttl>999</ttl></item></channel></rss>';
    expect(feedTimingHints(rss)).toEqual({ ttlSeconds: 900, updatePeriodSeconds: 1_800 });
    expect(hintFloor(feedTimingHints(rss))).toEqual({ seconds: 1_800, source: '<sy:updatePeriod>' });
  });

  it('ignores values inside items, nonsense values, and anything after the first 64 KB', () => {
    expect(feedTimingHints('<rss><channel><item><ttl>60</ttl></item></channel></rss>')).toEqual({});
    expect(feedTimingHints('<rss><channel><ttl>-5</ttl><sy:updatePeriod>fortnightly</sy:updatePeriod></channel></rss>')).toEqual({});
    expect(feedTimingHints(`<rss><channel>${' '.repeat(70_000)}<ttl>60</ttl></channel></rss>`)).toEqual({});
  });

  it('stays linear on a megabyte of unclosed tags', () => {
    const hostile = `<rss><channel>${'<ttl>'.repeat(200_000)}`;
    expect(feedTimingHints(hostile)).toEqual({});
  });
});
