import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { networkRegistry } from '../../src/publishers/registry.js';
import { startRoles, type Running } from '../../workers/runtime.js';
import { startDiscordFake } from '../fakes/discord-fake.js';
import { startSlackFake } from '../fakes/slack-fake.js';
import { allPosts, writeTestFeed } from '../helpers/e2e-feed.js';
import type { Fault } from '../helpers/fake-http.js';
import { deletePrefix, prefixPattern, scanKeys, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.js';

/**
 * A proxy in front of a webhook answers 502 with an HTML page that quotes the URL it was asked
 * for, secret path included. Whatever Crier keeps of that failure (ledger, events, channel state,
 * BullMQ's failedReason and stacktrace, logs) must not hold the secret.
 */

const DISCORD_ID = '112233445566778899';
const DISCORD_TOKEN = 'Zq3_xK9-vLm2Pn8RsT4uWy6AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefghij';
const SLACK_PATH = '/services/T0CRIER01/B0CRIER02/Xq7Lm2Pn8RsT4uWy6AbCdEfG';
const SLACK_SECRET = 'Xq7Lm2Pn8RsT4uWy6AbCdEfG';

/** A proxy's 502 page echoing the request URL as is and URL-encoded. */
function proxyPage(requestUrl: string): Fault {
  const body = `<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1><p>upstream error for POST ${requestUrl}</p><p>ref=${encodeURIComponent(requestUrl)}</p></body></html>`;
  return { kind: 'status', status: 502, body, headers: { 'content-type': 'text/html' } };
}

/** Every value stored under the prefix, whatever its type (strings, hashes, lists, sets, zsets, streams). */
async function dumpPrefix(redis: Redis, prefix: string): Promise<string> {
  const out: string[] = [];
  for (const key of await scanKeys(redis, prefixPattern(prefix))) {
    const type = await redis.type(key);
    if (type === 'string') out.push(String(await redis.get(key)));
    else if (type === 'hash') out.push(JSON.stringify(await redis.hgetall(key)));
    else if (type === 'list') out.push(JSON.stringify(await redis.lrange(key, 0, -1)));
    else if (type === 'set') out.push(JSON.stringify(await redis.smembers(key)));
    else if (type === 'zset') out.push(JSON.stringify(await redis.zrange(key, 0, -1)));
    else if (type === 'stream') out.push(JSON.stringify(await redis.xrange(key, '-', '+')));
    out.push(key);
  }
  return out.join('\n');
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function runCrier(network: 'discord' | 'slack', apiBaseUrl: string, secret: string) {
  const prefix = uniquePrefix('scrub');
  const dir = await mkdtemp(path.join(tmpdir(), 'crier-scrub-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const feedFile = await writeTestFeed(dir, { count: 1 });
  const lines: string[] = [];
  const capture = new Writable({ write: (chunk: Buffer, _enc, done) => (lines.push(chunk.toString()), done()) });
  const config = parseConfig(
    {
      feeds: [{ id: 'desk', url: feedFile, backfill: 1, intervalSeconds: 1, maxAgeHours: 100_000 }],
      networks: { [network]: { mode: 'live', apiBaseUrl } },
      redis: { prefix, autoStart: false },
      outbox: { dir },
      workers: { backoffMs: 50, attempts: 2, shutdownGraceMs: 2_000 },
    },
    { env: { REDIS_URL: TEST_REDIS_URL, [`${network.toUpperCase()}_WEBHOOK_URL`]: secret }, networks: networkRegistry },
  );
  const running: Running = await startRoles(config, pino({ level: 'debug' }, capture), ['poller', 'worker']);
  const redis = new Redis(TEST_REDIS_URL);
  cleanups.push(async () => {
    await running.stop();
    redis.disconnect();
    await deletePrefix(prefix);
  });
  return { running, prefix, redis, lines };
}

async function failedAndSettled(running: Running, channel: string): Promise<void> {
  const queue = running.ctx.publishQueue(channel);
  const deadline = Date.now() + 20_000;
  for (;;) {
    const posts = await allPosts({ running } as Parameters<typeof allPosts>[0]);
    if (posts[0]?.state === 'failed' && (await queue.getFailedCount()) === 1) return;
    if (Date.now() > deadline) throw new Error(`post never failed (state ${posts[0]?.state ?? 'none'})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function expectNoSecret(where: string, text: string, secrets: string[]): void {
  for (const s of secrets) {
    expect(text.includes(s), `${where} holds ${s.slice(0, 6)}…`).toBe(false);
    expect(text.toLowerCase().includes(s.toLowerCase()), `${where} holds ${s.slice(0, 6)}… (any case)`).toBe(false);
  }
}

describe('secrets echoed by an error page are scrubbed from every store', () => {
  it('Discord: a 502 page quoting the webhook URL leaves no trace of its token', async () => {
    const fake = await startDiscordFake({ webhooks: [{ id: DISCORD_ID, token: DISCORD_TOKEN, channelId: '222', guildId: '111' }] });
    cleanups.push(() => fake.stop());
    const requestUrl = `${fake.url}/api/webhooks/${DISCORD_ID}/${DISCORD_TOKEN}?wait=true`;
    fake.fail(proxyPage(requestUrl), proxyPage(`https://discord.com/api/webhooks/${DISCORD_ID}/${DISCORD_TOKEN}`));
    const { running, prefix, redis, lines } = await runCrier('discord', fake.url, `https://discord.com/api/webhooks/${DISCORD_ID}/${DISCORD_TOKEN}`);
    await failedAndSettled(running, 'discord');

    // The page did reach the stored text (so the test can fail): it is there, redacted.
    const [post] = await allPosts({ running } as Parameters<typeof allPosts>[0]);
    expect(post?.lastError).toMatch(/Bad Gateway.*\[redacted\]/);
    const [job] = await running.ctx.publishQueue('discord').getFailed();
    expect(job?.failedReason).toContain('[redacted]');
    expect(job?.stacktrace?.join('\n')).toContain('[redacted]');
    expect(lines.join('')).toContain('[redacted]');

    const secrets = [DISCORD_TOKEN, encodeURIComponent(DISCORD_TOKEN)];
    expectNoSecret('redis', await dumpPrefix(redis, prefix), secrets);
    expectNoSecret('events', JSON.stringify(await running.ctx.events.range(0)), secrets);
    expectNoSecret('logs', lines.join(''), secrets);
  });

  it('Slack: a 502 page quoting the webhook URL (raw and URL-encoded) leaves no trace of its secret', async () => {
    const fake = await startSlackFake({ hooks: [{ path: SLACK_PATH }] });
    cleanups.push(() => fake.stop());
    fake.fail(proxyPage(`${fake.url}${SLACK_PATH}`), proxyPage(`https://hooks.slack.com${SLACK_PATH}`));
    const { running, prefix, redis, lines } = await runCrier('slack', fake.url, `https://hooks.slack.com${SLACK_PATH}`);
    await failedAndSettled(running, 'slack');

    const [post] = await allPosts({ running } as Parameters<typeof allPosts>[0]);
    expect(post?.lastError).toMatch(/Bad Gateway.*\[redacted\]/);
    const [job] = await running.ctx.publishQueue('slack').getFailed();
    expect(job?.failedReason).toContain('[redacted]');

    const secrets = [SLACK_SECRET, encodeURIComponent(SLACK_PATH)];
    expectNoSecret('redis', await dumpPrefix(redis, prefix), secrets);
    expectNoSecret('events', JSON.stringify(await running.ctx.events.range(0)), secrets);
    expectNoSecret('logs', lines.join(''), secrets);
  });
});
