import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig, type Config } from '../../src/config/load-config.js';
import { networkRegistry as networks } from '../../src/publishers/registry.js';
import { createAppContext, type AppContext } from '../../workers/context.js';
import { deletePrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.js';

const log = pino({ level: 'silent' });
const WEBHOOK = 'https://discord.com/api/webhooks/1/abc';

describe('live publishers are built when the context is created (real Redis)', () => {
  let ctx: AppContext | undefined;
  let prefix = '';
  afterEach(async () => {
    await ctx?.close();
    ctx = undefined;
    await deletePrefix(prefix);
  });

  function config(checkSecrets = true): Config {
    prefix = uniquePrefix('ctx');
    return parseConfig(
      { redis: { prefix, autoStart: false }, feeds: [{ id: 'desk', url: 'config/sample-feed.xml' }], networks: { discord: { mode: 'live' }, x: { mode: 'dry-run' } } },
      { env: { REDIS_URL: TEST_REDIS_URL, DISCORD_WEBHOOK_URL: WEBHOOK }, networks, checkSecrets },
    );
  }

  it('a publisher that cannot be built is a ConfigError naming the channel, before any job is taken', () => {
    const c = config();
    // What the schema cannot see: a base URL the adapter itself refuses.
    const discord = c.channels.find((ch) => ch.id === 'discord');
    if (discord) discord.options['apiBaseUrl'] = 'http://exa mple.invalid';
    let caught: unknown;
    try {
      ctx = createAppContext(c, log);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).issues).toEqual([{ path: 'networks.discord', message: expect.stringContaining('apiBaseUrl') }]);
    expect((caught as ConfigError).message).not.toContain('/api/webhooks/1/abc');
  });

  it('a valid live channel gets its publisher at creation; the same one serves every job', () => {
    ctx = createAppContext(config(), log);
    const discord = ctx.config.channels.find((ch) => ch.id === 'discord');
    expect(discord).toBeDefined();
    if (discord) expect(ctx.publisher(discord)).toBe(ctx.publisher(discord));
  });

  it('a config loaded without secrets builds no live publisher and refuses to post live', () => {
    ctx = createAppContext(config(false), log);
    const discord = ctx.config.channels.find((ch) => ch.id === 'discord');
    const x = ctx.config.channels.find((ch) => ch.id === 'x');
    expect(discord && (() => ctx?.publisher(discord))).toThrow(/loaded without credentials/);
    expect(x && ctx.publisher(x)).toBeDefined();
  });
});
