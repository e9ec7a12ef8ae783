import { describe, expect, it } from 'vitest';
import { feedSchema } from '../../src/config/schema.js';

const base = { id: 'news', url: 'https://example.com/feed.xml' };
const messages = (input: object) => {
  const r = feedSchema.safeParse({ ...base, ...input });
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('intervalSeconds: auto', () => {
  it('keeps a numeric interval and no adaptive bounds for a fixed feed', () => {
    const feed = feedSchema.parse({ ...base, intervalSeconds: 120 });
    expect(feed.intervalSeconds).toBe(120);
    expect(feed.adaptive).toBeUndefined();
  });

  it('turns auto into bounds, the minimum becoming the scheduler tick', () => {
    expect(feedSchema.parse({ ...base, intervalSeconds: 'auto' })).toMatchObject({ intervalSeconds: 60, adaptive: { minIntervalSeconds: 60, maxIntervalSeconds: 1_800 } });
    const feed = feedSchema.parse({ ...base, intervalSeconds: 'auto', minIntervalSeconds: 15, maxIntervalSeconds: 900 });
    expect(feed).toMatchObject({ intervalSeconds: 15, adaptive: { minIntervalSeconds: 15, maxIntervalSeconds: 900 } });
    expect(feed).not.toHaveProperty('minIntervalSeconds');
  });

  it('refuses min above max, bounds without auto, and anything but seconds or "auto"', () => {
    expect(messages({ intervalSeconds: 'auto', minIntervalSeconds: 600, maxIntervalSeconds: 300 })).toEqual([
      'minIntervalSeconds: minIntervalSeconds (600) must not exceed maxIntervalSeconds (300)',
    ]);
    expect(messages({ intervalSeconds: 60, minIntervalSeconds: 30, maxIntervalSeconds: 90 })).toEqual([
      'minIntervalSeconds: minIntervalSeconds applies only with intervalSeconds: auto',
      'maxIntervalSeconds: maxIntervalSeconds applies only with intervalSeconds: auto',
    ]);
    expect(messages({ intervalSeconds: 'Auto' })).toEqual(['intervalSeconds: expected a whole number of seconds (1 to 604800) or "auto"']);
    expect(messages({ intervalSeconds: 'auto', minIntervalSeconds: 0 })[0]).toMatch(/^minIntervalSeconds:/);
  });
});
