import { afterEach, describe, expect, it } from 'vitest';
import { postIdFor } from '../../src/ledger/keys.js';
import { readOutbox } from '../../src/publishers/dry-run/outbox-publisher.js';
import { runPostAction, runChannelAction } from '../../cli/commands/actions.command.js';
import { story, TestFeedServer } from '../helpers/feed-server.js';
import { startTestCrier, type TestCrier } from '../helpers/pipeline.js';
import { waitUntilQuiet } from '../helpers/quiet.js';

describe('editorial controls through the CLI', () => {
  let feed: TestFeedServer;
  let crier: TestCrier | undefined;
  afterEach(async () => {
    await crier?.stop();
    await feed.stop();
  });

  it('manual approval holds a post until `crier approve`; `crier skip` ends another; other channels flow', async () => {
    feed = await new TestFeedServer().start();
    feed.add(story(501, 2), story(502, 1));
    crier = await startTestCrier({
      feeds: [{ id: 'desk', url: feed.url, intervalSeconds: 1, backfill: 2 }],
      networks: { x: { approval: 'manual' }, facebook: {} },
    });
    const c = crier;
    const out: string[] = [];
    await c.waitFor('facebook posts both, x holds both', async () => (await readOutbox(c.outboxDir, 'facebook')).length === 2 && (await c.running.ctx.posts.listPendingApproval()).length === 2);
    expect(await readOutbox(c.outboxDir, 'x')).toHaveLength(0);

    const [first, second] = (await c.running.ctx.posts.listPendingApproval()).sort();
    expect(await runPostAction(c.config, 'approve', first, undefined, (s) => out.push(s))).toBe(0);
    expect(await runPostAction(c.config, 'skip', second, 'not for X', (s) => out.push(s))).toBe(0);
    await c.waitFor('the approved post goes out', async () => (await readOutbox(c.outboxDir, 'x')).length === 1);
    expect((await readOutbox(c.outboxDir, 'x'))[0]?.postId).toBe(first);
    expect(await c.running.ctx.posts.get(second ?? '')).toMatchObject({ state: 'skipped', skipReason: 'not for X' });
    // Approving twice, or a post that does not exist, is refused with a reason.
    expect(await runPostAction(c.config, 'approve', first, undefined, (s) => out.push(s))).toBe(1);
    expect(await runPostAction(c.config, 'approve', postIdFor('a00000000000000000000', 'x'), undefined, (s) => out.push(s))).toBe(1);
    expect(out.join('\n')).toMatch(/cannot approve: the post is (posted|queued|posting)/);
  });

  it('an untouched post goes out by itself after `autoApproveAfterMinutes`', async () => {
    feed = await new TestFeedServer().start();
    feed.add(story(701, 1));
    crier = await startTestCrier({
      feeds: [{ id: 'desk', url: feed.url, intervalSeconds: 1, backfill: 1 }],
      networks: { x: { approval: 'manual', autoApproveAfterMinutes: 0.02 } },
    });
    const c = crier;
    await c.waitFor('held for approval with a deadline', async () => (await c.running.ctx.posts.listPendingApproval()).length === 1);
    const [postId] = await c.running.ctx.posts.listPendingApproval();
    expect((await c.running.ctx.posts.get(postId ?? ''))?.autoApproveAt).toBeTruthy();
    expect(await readOutbox(c.outboxDir, 'x')).toHaveLength(0);
    await c.waitFor('auto-approved and posted', async () => (await readOutbox(c.outboxDir, 'x')).length === 1, 10_000);
    expect((await c.running.ctx.posts.get(postId ?? ''))?.state).toBe('posted');
  });

  it('`crier pause` holds a channel across processes; `crier resume` releases it', async () => {
    feed = await new TestFeedServer().start();
    crier = await startTestCrier({ feeds: [{ id: 'desk', url: feed.url, intervalSeconds: 1 }], networks: { x: {}, facebook: {} } });
    const c = crier;
    await c.waitFor('feed initialised', async () => Boolean((await c.running.ctx.feedStates.get('desk')).initialisedAt));
    expect(await runChannelAction(c.config, 'pause', 'x', 'breaking-news blackout', () => undefined)).toBe(0);
    feed.add(story(601, 0));
    await c.waitFor('facebook posts while x waits', async () => (await readOutbox(c.outboxDir, 'facebook')).length === 1);
    await waitUntilQuiet(c.running, { polls: 2 }); // everything but the paused x has run its course
    expect(await readOutbox(c.outboxDir, 'x')).toHaveLength(0);
    expect(await c.running.ctx.control.status('x')).toMatchObject({ paused: true, pausedReason: 'breaking-news blackout' });
    expect(await runChannelAction(c.config, 'resume', 'x', undefined, () => undefined)).toBe(0);
    await c.waitFor('x catches up after resume', async () => (await readOutbox(c.outboxDir, 'x')).length === 1);
  });
});
