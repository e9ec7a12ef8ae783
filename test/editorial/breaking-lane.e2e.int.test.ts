import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerKeys } from '../../src/ledger/keys.js';
import { markBreaking, moveToFront, releasePost } from '../../src/desk/queue-actions.js';
import { enqueuePublish } from '../../src/queues/publish-jobs.js';
import { postHistory } from '../../src/web/post-history.js';
import { createPublishWorker } from '../../workers/publish.worker.js';
import { startWebHarness, type WebHarness } from '../web/web-harness.js';

/**
 * Real publish workers on dry-run channels (outbox files), real Redis (issue #15): a breaking story
 * overtakes a backlog of spaced posts; a post whose story went stale while it waited is held, not
 * posted, and goes once an editor says "post it anyway".
 */
let h: WebHarness;
let outbox: string;
const workers: Worker[] = [];

beforeAll(async () => {
  outbox = await mkdtemp(path.join(tmpdir(), 'crier-breaking-outbox-'));
  h = await startWebHarness({ outbox: { dir: outbox }, networks: { x: { spacingSeconds: 3_600 }, facebook: {} } });
  for (const c of h.ctx.config.channels) workers.push(createPublishWorker(h.ctx, c));
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.close()));
  await h?.close();
  await rm(outbox, { recursive: true, force: true });
});

/** `fields`: post hash fields set before its job exists (the worker may run it at once). */
async function queued(channel: string, title: string, fields: Record<string, string | number> = {}): Promise<string> {
  const key = await h.seedArticle({ title });
  const postId = await h.seedPost(key, channel, 'queued');
  if (Object.keys(fields).length) await h.ctx.redis.hset(ledgerKeys(h.prefix).post(postId), fields);
  await enqueuePublish(h.ctx.publishQueue(channel), { postId, articleKey: key, channel });
  return postId;
}
const stateOf = async (postId: string) => (await h.ctx.posts.get(postId))?.state;
async function outboxText(): Promise<string> {
  const files = await readdir(outbox);
  return (await Promise.all(files.map((f) => readFile(path.join(outbox, f), 'utf8')))).join('\n');
}
/** The publish job's state: a job that waits out spacing (or a hold) is 'delayed'. */
const jobState = async (channel: string, postId: string) => (await h.ctx.publishQueue(channel).getJob(postId))?.getState();

describe('breaking lane and staleness guard with real workers', () => {
  it('a breaking story overtakes a backlog of spaced posts and goes at once', async () => {
    const backlog: string[] = [];
    for (let i = 0; i < 6; i++) backlog.push(await queued('x', `Backlog story ${i}`));
    // One post takes the slot; the others wait out an hour of spacing.
    await expect.poll(async () => (await Promise.all(backlog.map(stateOf))).filter((s) => s === 'posted').length, { timeout: 15_000 }).toBe(1);
    const waiting: string[] = [];
    for (const id of backlog) if ((await stateOf(id)) === 'queued') waiting.push(id);
    expect(waiting).toHaveLength(5);
    await expect.poll(async () => (await Promise.all(waiting.map((id) => jobState('x', id)))).every((s) => s === 'delayed'), { timeout: 15_000 }).toBe(true);

    const breaking = await queued('x', 'Breaking: bridge collapses');
    await expect.poll(() => jobState('x', breaking), { timeout: 15_000 }).toBe('delayed');
    const slotBefore = Number(await h.ctx.redis.get(ledgerKeys(h.prefix).channelNextSlot('x')));
    expect(slotBefore).toBeGreaterThan(Date.now() + 3_000_000);

    expect((await markBreaking(h.ctx, breaking.split('.')[0] ?? '', 'ed')).ok).toBe(true);
    await expect.poll(() => stateOf(breaking), { timeout: 15_000 }).toBe('posted');
    expect(await outboxText()).toContain(breaking.split('.')[0]);
    // The backlog still waits, now spaced after the breaking post.
    for (const id of waiting) expect(await stateOf(id)).toBe('queued');
    expect(Number(await h.ctx.redis.get(ledgerKeys(h.prefix).channelNextSlot('x')))).toBeGreaterThan(slotBefore);
    const post = await h.ctx.posts.get(breaking);
    expect((await postHistory(h.ctx, post!)).map((e) => `${e.text}${e.by ? ` (${e.by})` : ''}`)).toEqual(expect.arrayContaining(['marked breaking (ed)', 'posted']));
  });

  it('reorders while two workers drain a spaced queue: every post goes out exactly once', async () => {
    // A second worker process on the same channel (a stalled job could run in both).
    const x = h.ctx.config.channels.find((c) => c.id === 'x')!;
    // `secrets` is not enumerable (kept out of logs): carried over by hand.
    const fast: typeof x = Object.defineProperty({ ...x, spacingSeconds: 1 }, 'secrets', { value: x.secrets });
    const extra = [createPublishWorker(h.ctx, fast), createPublishWorker(h.ctx, fast)];
    try {
      // Only these two serve x now (the channel's own worker with its hour of spacing stops).
      const index = h.ctx.config.channels.findIndex((c) => c.id === 'x');
      await workers[index]?.close();
      // The first test's hour of spacing is over (as far as this test is concerned).
      await h.ctx.redis.del(ledgerKeys(h.prefix).channelNextSlot('x'));
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push(await queued('x', `Drain story ${i}`));
      await expect.poll(async () => (await Promise.all(ids.map(stateOf))).filter((s) => s === 'posted').length, { timeout: 15_000 }).toBeGreaterThan(0);
      for (const id of ids) if ((await stateOf(id)) === 'queued') await moveToFront(h.ctx, id, 'ed');
      const late = await queued('x', 'Late breaking story');
      await markBreaking(h.ctx, late.split('.')[0] ?? '', 'ed');
      const all = [...ids, late];
      await expect.poll(async () => (await Promise.all(all.map(stateOf))).every((s) => s === 'posted'), { timeout: 30_000 }).toBe(true);
      const lines = (await outboxText()).split('\n').filter(Boolean);
      for (const id of all) expect(lines.filter((l) => l.includes(`"postId":${JSON.stringify(id)}`)), id).toHaveLength(1);
      for (const id of all) expect((await h.ctx.posts.get(id))?.attempts, id).toBe(1);
    } finally {
      await Promise.all(extra.map((w) => w.close()));
    }
  });

  it('holds a post whose story went stale while it waited instead of posting it; "post it anyway" sends it', async () => {
    // After an outage: a story published three days ago whose post has waited two days when its turn comes.
    const publishedMs = Date.now() - 3 * 86_400_000;
    const stale = await queued('facebook', 'Budget vote, three days ago', { publishedAt: new Date(publishedMs).toISOString(), publishedAtMs: publishedMs, createdAtMs: Date.now() - 2 * 86_400_000 });
    await expect.poll(async () => (await h.ctx.posts.get(stale))?.hold, { timeout: 15_000 }).toBe('stale');
    await expect.poll(() => jobState('facebook', stale), { timeout: 15_000 }).toBe('delayed');
    expect(await h.ctx.posts.get(stale)).toMatchObject({ state: 'queued', attempts: 0, holdBy: 'staleness guard' });
    expect(await outboxText()).not.toContain(stale.split('.')[0]);
    const history = (await postHistory(h.ctx, (await h.ctx.posts.get(stale))!)).map((e) => `${e.text}${e.by ? ` (${e.by})` : ''}`);
    expect(history).toContain('held: story is 3 days old (limit 12 h) (staleness guard)');

    expect((await releasePost(h.ctx, stale, 'ed')).message).toBe('released: post it anyway');
    await expect.poll(() => stateOf(stale), { timeout: 15_000 }).toBe('posted');
    expect(await outboxText()).toContain(stale.split('.')[0]);
  });
});
