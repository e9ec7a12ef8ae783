import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Article } from '../../src/articles/article.js';
import type { Draft } from '../../src/drafts/draft.js';
import { createArticleLedger } from '../../src/ledger/article-ledger.js';
import { createChannelControl } from '../../src/ledger/channel-control.js';
import { createFeedStateStore } from '../../src/ledger/feed-state.js';
import { postIdFor } from '../../src/ledger/keys.js';
import { createPostLedger } from '../../src/ledger/post-ledger.js';
import { deletePrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.js';
import { crier } from './cli-helpers.js';

const draft: Draft = { text: 'A story https://southasiandesk.example/a', length: 40, limit: 280, url: 'https://southasiandesk.example/a', title: 'A story', description: '', hashtags: [] };

function article(key: string, title: string, minutesAgo: number): Article {
  return { key, feedId: 'desk', title, url: `https://southasiandesk.example/${key}`, categories: [], text: title, discoveredAt: new Date(Date.now() - minutesAgo * 60_000).toISOString() };
}

describe('crier status (real CLI, real Redis)', { timeout: 180_000 }, () => {
  const redis = new Redis(TEST_REDIS_URL);
  let prefix: string;
  let config: string;
  const env = () => ({ REDIS_URL: TEST_REDIS_URL });

  beforeEach(() => {
    prefix = uniquePrefix('cli-status');
    const dir = mkdtempSync(path.join(tmpdir(), 'crier-status-'));
    config = path.join(dir, 'crier.yaml');
    writeFileSync(
      config,
      `redis: { prefix: ${JSON.stringify(prefix)}, autoStart: false }\noutbox: { dir: ${JSON.stringify(path.join(dir, 'outbox'))} }\n` +
        `feeds:\n  - { id: desk, url: ${JSON.stringify(path.resolve('config/sample-feed.xml'))} }\nnetworks:\n  x: {}\n  facebook: {}\n`,
    );
  });
  afterEach(async () => deletePrefix(prefix));
  afterAll(() => redis.disconnect());

  it('exits 0 and says all good when nothing needs a person', () => {
    const r = crier(['status', '--config', config], env());
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('all good');
  });

  it('exits 3 and names each reason: a failing feed, a halted channel, failed and unknown posts', async () => {
    const articles = createArticleLedger(redis, { prefix, retentionDays: 1, maxArticles: 100 });
    const posts = createPostLedger(redis, { prefix, retentionDays: 1 });
    await articles.record(article('afailed00000000000001', 'Failed headline', 2), ['id:failed']);
    await articles.record(article('aunknown0000000000001', 'Unknown headline', 1), ['id:unknown']);
    await posts.create({ articleKey: 'afailed00000000000001', channel: 'x', network: 'x', draft, summariser: 'extractive', state: 'failed', lastError: 'rejected by X' });
    await posts.create({ articleKey: 'aunknown0000000000001', channel: 'facebook', network: 'facebook', draft, summariser: 'extractive', state: 'queued' });
    const unknownId = postIdFor('aunknown0000000000001', 'facebook');
    expect(await posts.claim(unknownId, 'lease', 60_000)).toBe('claimed');
    await posts.markUnknown(unknownId, 'lease', 'timeout after sending');

    const good = crier(['status', '--config', config, '--json'], env());
    expect(good.status, good.stderr).toBe(3);
    expect((JSON.parse(good.stdout) as { attention: string[] }).attention).toEqual(['1 post(s) failed: crier status --posts failed', '1 post(s) unknown: crier status --posts unknown']);

    await createFeedStateStore(redis, { prefix }).recordFailure('desk', { lastError: 'HTTP 503 from the feed', lastOutcome: 'http' }, { baseMs: 1000, maxMs: 1000 });
    await createChannelControl(redis, { prefix }).setPaused('x', 'token revoked', 'X rejected the token: create a new one');
    const r = crier(['status', '--config', config], env());
    expect(r.status, r.stderr).toBe(3);
    expect(r.stdout).toContain('feed desk is failing (1x): HTTP 503 from the feed');
    expect(r.stdout).toContain('channel x is halted: X rejected the token');
    expect(r.stdout).toMatch(/ATTENTION \(exit 3\)/);
  });

  it("shows the last read's skipped and dropped items and its warnings, in text and --json", async () => {
    const warnings = ['declared charset "x-bogus" unknown, read as UTF-8', 'item 3 skipped: no link'];
    await createFeedStateStore(redis, { prefix }).recordSuccess('desk', { lastOutcome: 'ok', itemsInFeed: 50, newItems: 0, itemsSkipped: 1, itemsDropped: 7, warnings });
    const text = crier(['status', '--config', config], env());
    expect(text.status, text.stderr).toBe(0);
    const [header, row] = text.stdout.split('\n').slice(1, 3).map((line) => line.trim().split(/\s{2,}/));
    expect(header?.slice(4, 8)).toEqual(['ITEMS', 'NEW', 'SKIPPED', 'DROPPED']);
    expect(row?.slice(4, 8)).toEqual(['50', '0', '1', '7']);
    expect(text.stdout).toContain(`FEED WARNINGS\n  desk: ${warnings[0]}\n  desk: ${warnings[1]}`);
    const json = crier(['status', '--config', config, '--json'], env());
    expect(json.status, json.stderr).toBe(0);
    expect((JSON.parse(json.stdout) as { feeds: unknown[] }).feeds[0]).toMatchObject({ feedId: 'desk', itemsSkipped: 1, itemsDropped: 7, warnings });
  });

  it('needs only Redis: a live channel without its credentials does not stop status, approve or pause', () => {
    writeFileSync(config, `redis: { prefix: ${JSON.stringify(prefix)}, autoStart: false }\nfeeds:\n  - { id: desk, url: config/sample-feed.xml }\nnetworks:\n  x: { mode: live }\n  discord: { mode: live }\n`);
    const noSecrets = { ...env(), X_OAUTH2_TOKEN: undefined, X_APP_KEY: undefined, DISCORD_WEBHOOK_URL: undefined };
    const r = crier(['status', '--config', config], noSecrets);
    expect(r.status, r.stderr).toBe(0);
    const pause = crier(['pause', 'x', '--reason', 'maintenance', '--config', config], noSecrets);
    expect(pause.status, pause.stderr).toBe(0);
    // The credentials still matter where they are used.
    const check = crier(['check', '--config', config], noSecrets);
    expect(check.status).toBe(2);
    expect(check.stderr).toContain('networks.x');
  });

  it('--posts lists ids with channel and headline, ready for approve|retry|skip', async () => {
    const articles = createArticleLedger(redis, { prefix, retentionDays: 1, maxArticles: 100 });
    const posts = createPostLedger(redis, { prefix, retentionDays: 1 });
    await articles.record(article('aheld0000000000000001', 'Held \u001b[31mheadline', 3), ['id:held']);
    await articles.record(article('afailed00000000000002', 'Failed headline', 2), ['id:failed2']);
    await posts.create({ articleKey: 'aheld0000000000000001', channel: 'x', network: 'x', draft, summariser: 'extractive', state: 'pending_approval' });
    await posts.create({ articleKey: 'aheld0000000000000001', channel: 'facebook', network: 'facebook', draft, summariser: 'extractive', state: 'queued' });
    await posts.create({ articleKey: 'afailed00000000000002', channel: 'facebook', network: 'facebook', draft, summariser: 'extractive', state: 'failed', lastError: 'Page token expired' });

    const pending = crier(['status', '--posts', 'pending', '--config', config], env());
    expect(pending.status, pending.stderr).toBe(0);
    const lines = pending.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^aheld0000000000000001\.x\s+x\s+Held\s+\[31mheadline/);
    expect(pending.stdout).not.toContain('\u001b');

    const failed = crier(['status', '--posts', 'failed', '--json', '--config', config], env());
    expect(JSON.parse(failed.stdout)).toEqual([expect.objectContaining({ postId: 'afailed00000000000002.facebook', channel: 'facebook', headline: 'Failed headline', lastError: 'Page token expired' })]);
    // The listed id is what `crier retry` takes.
    const retry = crier(['retry', 'afailed00000000000002.facebook', '--config', config], env());
    expect(retry.status, retry.stdout + retry.stderr).toBe(0);
    expect(crier(['status', '--posts', 'unknown', '--config', config], env()).stdout).toContain('no unknown posts');
    const bad = crier(['status', '--posts', 'everything', '--config', config], env());
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('usage: crier status --posts pending|failed|unknown');
  });
});
