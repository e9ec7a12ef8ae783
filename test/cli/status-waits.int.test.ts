import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Article } from '../../src/articles/article.js';
import type { Draft } from '../../src/drafts/draft.js';
import { createArticleLedger } from '../../src/ledger/article-ledger.js';
import { createChannelControl } from '../../src/ledger/channel-control.js';
import { ledgerKeys } from '../../src/ledger/keys.js';
import { createPostLedger } from '../../src/ledger/post-ledger.js';
import { deletePrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.js';
import { crier } from './cli-helpers.js';

const draft = (key: string): Draft => ({ text: `A story https://news.example/${key}`, length: 40, limit: 280, url: `https://news.example/${key}`, title: 'A story', description: '', hashtags: [] });
const article = (key: string, title: string): Article => ({ key, feedId: 'desk', title, url: `https://news.example/${key}`, categories: [], text: title, discoveredAt: new Date().toISOString() });

/** `crier status` says, per channel, what goes next and when, and why the others wait (issue #15). */
describe('crier status: next up and wait reasons (real CLI, real Redis)', { timeout: 120_000 }, () => {
  const redis = new Redis(TEST_REDIS_URL);
  let prefix: string;
  let config: string;

  beforeEach(() => {
    prefix = uniquePrefix('cli-waits');
    const dir = mkdtempSync(path.join(tmpdir(), 'crier-waits-'));
    config = path.join(dir, 'crier.yaml');
    writeFileSync(
      config,
      `redis: { prefix: ${JSON.stringify(prefix)}, autoStart: false }\noutbox: { dir: ${JSON.stringify(path.join(dir, 'outbox'))} }\npublication: { name: T, timezone: UTC }\n` +
        `feeds:\n  - { id: desk, url: ${JSON.stringify(path.resolve('config/sample-feed.xml'))} }\nnetworks:\n  x: { approval: manual, autoApproveAfterMinutes: 30 }\n  facebook: { spacingSeconds: 600 }\n  mastodon: {}\n`,
    );
  });
  afterEach(async () => deletePrefix(prefix));
  afterAll(() => redis.disconnect());

  it('lists each channel\'s next posts in order with their ETA, the approval wait and a paused channel\'s hold', async () => {
    const articles = createArticleLedger(redis, { prefix, retentionDays: 1, maxArticles: 100 });
    const posts = createPostLedger(redis, { prefix, retentionDays: 1 });
    const control = createChannelControl(redis, { prefix });
    for (const [key, title] of [['a1', 'First backlog story'], ['a2', 'Second backlog story'], ['a3', 'Story for approval']] as const) await articles.record(article(key, title), [`id:${key}`]);
    // Newest story first (the default drain order): the second story, published later, goes first.
    await posts.create({ articleKey: 'a1', channel: 'facebook', network: 'facebook', draft: draft('a1'), summariser: 't', state: 'queued', publishedAt: new Date(Date.now() - 2 * 3_600_000).toISOString() });
    await posts.create({ articleKey: 'a2', channel: 'facebook', network: 'facebook', draft: draft('a2'), summariser: 't', state: 'queued', publishedAt: new Date(Date.now() - 3_600_000).toISOString() });
    await posts.create({ articleKey: 'a3', channel: 'x', network: 'x', draft: draft('a3'), summariser: 't', state: 'pending_approval', autoApproveAt: '2099-01-01T14:50:00.000Z' });
    await posts.create({ articleKey: 'a1', channel: 'mastodon', network: 'mastodon', draft: draft('a1'), summariser: 't', state: 'queued' });
    await redis.set(ledgerKeys(prefix).channelNextSlot('facebook'), String(Date.now() + 30 * 60_000));
    await control.setPaused('mastodon', 'paused by ed');

    const r = crier(['status', '--config', config], { REDIS_URL: TEST_REDIS_URL });
    expect(r.status, r.stderr).toBe(0);
    const next = r.stdout.slice(r.stdout.indexOf('NEXT UP'));
    expect(next).toMatch(/facebook: 2 queued, 0 awaiting approval\n\s+1\. Second backlog story — next on facebook at [^,]+, 1st in line\n\s+2\. First backlog story — next on facebook at [^,]+, 2nd in line/);
    expect(next).toMatch(/x: 0 queued, 1 awaiting approval\n\s+-\s+Story for approval — waiting for approval, auto-posts at 1 Jan 14:50/);
    expect(next).toContain('1. First backlog story — held: mastodon paused');

    const json = crier(['status', '--config', config, '--json'], { REDIS_URL: TEST_REDIS_URL });
    const waits = (JSON.parse(json.stdout) as { waits: Array<{ channel: string; upcoming: Array<{ wait: { kind: string; etaMs?: number } }> }> }).waits;
    const fb = waits.find((w) => w.channel === 'facebook')?.upcoming ?? [];
    expect(fb.map((u) => u.wait.kind)).toEqual(['spacing', 'spacing']);
    // Spacing: the second goes 600 s after the first.
    expect((fb[1]?.wait.etaMs ?? 0) - (fb[0]?.wait.etaMs ?? 0)).toBe(600_000);
  });
});
