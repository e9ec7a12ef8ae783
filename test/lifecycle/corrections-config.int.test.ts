import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config/load-config.js';
import { networkRegistry } from '../../src/publishers/registry.js';
import { createAppContext } from '../../workers/context.js';
import { TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.js';

/** `networks.<channel>.corrections` (#16): a value the network cannot do stops start-up, every one reported at once. */
const env = { REDIS_URL: TEST_REDIS_URL, X_OAUTH2_TOKEN: 't', MASTODON_ACCESS_TOKEN: 't', INSTAGRAM_ACCESS_TOKEN: 't' };
const base = { feeds: [{ id: 'f', url: '/nonexistent/feed.xml' }], redis: { prefix: uniquePrefix('corrections-config'), autoStart: false }, publicBaseUrl: 'https://crier.example' };

function start(networks: Record<string, unknown>) {
  const config = parseConfig({ ...base, networks }, { env, networks: networkRegistry });
  const ctx = createAppContext(config, pino({ level: 'silent' }));
  return ctx;
}

describe('corrections setting at start-up', () => {
  it('refuses edit on X and reply on Instagram, naming what each can do', () => {
    let err: unknown;
    try {
      start({
        x: { mode: 'live', apiBaseUrl: 'http://127.0.0.1:9', corrections: 'edit' },
        instagram: { mode: 'live', apiBaseUrl: 'http://127.0.0.1:9', userId: '5678', corrections: 'reply' },
        mastodon: { mode: 'live', apiBaseUrl: 'http://127.0.0.1:9', corrections: 'edit' },
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).issues).toEqual([
      { path: 'networks.x.corrections', message: 'x cannot edit a post through its API; use reply, flag or ignore' },
      { path: 'networks.instagram.corrections', message: 'instagram cannot reply to a post through its API; use flag or ignore' },
    ]);
  });

  it('accepts what the network can do, and rejects an unknown value in the schema', async () => {
    const ctx = start({ x: { mode: 'live', apiBaseUrl: 'http://127.0.0.1:9', corrections: 'reply' }, instagram: { mode: 'live', apiBaseUrl: 'http://127.0.0.1:9', userId: '5678', corrections: 'flag' } });
    expect(ctx.config.channels.map((c) => c.corrections)).toEqual(['reply', 'flag']);
    await ctx.close();
    expect(() => parseConfig({ ...base, networks: { x: { corrections: 'delete' } } }, { env, networks: networkRegistry })).toThrow(/networks\.x\.corrections/);
  });
});
