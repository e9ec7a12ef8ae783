import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config/load-config.js';
import { networkRegistry } from '../../src/publishers/registry.js';

const parse = (extra: Record<string, unknown>, feed: Record<string, unknown> = {}) =>
  parseConfig({ feeds: [{ id: 'desk', url: 'https://news.example/feed.xml', ...feed }], ...extra }, { env: {}, networks: networkRegistry, checkSecrets: false });

describe('websub config', () => {
  it('defaults: auto per feed, a 15-minute safety-net poll, a one-day lease', () => {
    const config = parse({});
    expect(config.feeds[0]?.websub).toBe('auto');
    expect(config.websub).toMatchObject({ fallbackIntervalSeconds: 900, leaseSeconds: 86_400 });
  });

  it('reports every wrong setting at once, at start-up', () => {
    try {
      parse({ websub: { fallbackIntervalSeconds: 5, lease: 10 } }, { websub: 'on' });
      expect.unreachable('config should fail');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const text = String((err as Error).message);
      expect(text).toMatch(/websub\.fallbackIntervalSeconds/);
      expect(text).toMatch(/lease/);
      expect(text).toMatch(/feeds\.0\.websub|feeds\[0\]\.websub/);
    }
  });
});
