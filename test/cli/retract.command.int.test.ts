import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { runRetract } from '../../cli/commands/retract.command.js';
import { parseConfig } from '../../src/config/load-config.js';
import { networkSpecs } from '../../src/publishers/network-specs.js';
import { createRedisContext, type RedisContext } from '../../workers/redis-context.js';
import { deletePrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.js';

/** `crier retract` (#16): the desk's use case from a shell, on Redis alone. */
let ctx: RedisContext | undefined;
let prefix = '';
afterEach(async () => {
  await ctx?.close();
  if (prefix) await deletePrefix(prefix);
});

describe('crier retract', () => {
  it('cancels the story’s posts not out, says what it did, and refuses an unknown story', async () => {
    prefix = uniquePrefix('cli-retract');
    const config = parseConfig({ feeds: [{ id: 'desk', url: '/nonexistent/feed.xml' }], networks: { x: {} }, redis: { prefix, autoStart: false } }, { env: { REDIS_URL: TEST_REDIS_URL }, networks: networkSpecs, checkSecrets: false });
    const c = createRedisContext(config, pino({ level: 'silent' }));
    ctx = c;
    const now = new Date().toISOString();
    await c.articles.record({ key: 'f00d', feedId: 'desk', title: 'Six engines grounded', url: 'https://news.example/engines', categories: [], text: 'Body.', discoveredAt: now }, ['url:https://news.example/engines']);
    const draft = { text: 'Six engines grounded https://news.example/engines', length: 40, limit: 280, url: 'https://news.example/engines', title: 'Six engines grounded', description: '', hashtags: [] };
    await c.posts.create({ articleKey: 'f00d', channel: 'x', network: 'x', draft, summariser: 'test', state: 'queued' });

    const lines: string[] = [];
    expect(await runRetract(config, 'f00d', 'wrong plane', (s) => lines.push(s))).toBe(0);
    expect(await runRetract(config, 'f00d', undefined, (s) => lines.push(s))).toBe(0);
    expect(await runRetract(config, 'beef', undefined, (s) => lines.push(s))).toBe(1);
    expect(await runRetract(config, undefined, undefined, (s) => lines.push(s))).toBe(1);
    expect(lines.slice(0, 3)).toEqual([
      'f00d: retracted: 1 post cancelled, 0 already out to delete or flag',
      'f00d: already retracted: 0 posts cancelled, 0 already out to delete or flag',
      'beef: no article beef',
    ]);
    expect(lines[3]).toMatch(/^usage: crier retract <article-key>/);
    expect(await c.posts.get('f00d.x')).toMatchObject({ state: 'skipped', skipReason: 'retracted by crier retract (CLI): wrong plane' });
  });
});
