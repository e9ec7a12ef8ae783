import { afterEach, describe, expect, it } from 'vitest';
import { readOutbox } from '../../src/publishers/dry-run/outbox-publisher.js';
import { startWeb } from '../../workers/web.js';
import { story, TestFeedServer } from '../helpers/feed-server.js';
import { startTestCrier } from '../helpers/pipeline.js';

const TOKEN = 'cms-hook-token-0123456789abcdef';

describe('CMS publish hook → post, without waiting for the poll interval', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('a story published after the first poll goes out when the CMS pings, with an hour-long interval', async () => {
    const feed = await new TestFeedServer().start();
    cleanups.push(() => feed.stop());
    feed.add(story(201, 30));
    const crier = await startTestCrier({
      feeds: [{ id: 'desk', url: feed.url, intervalSeconds: 3600, timeoutSeconds: 2, backfill: 0 }],
      networks: { x: { mode: 'dry-run' } },
    });
    cleanups.push(() => crier.stop());
    const web = await startWeb(crier.running.ctx, { port: 0, host: '127.0.0.1', hookToken: TOKEN, sampleQueues: false, sessionSecret: 'x'.repeat(40) });
    cleanups.push(() => web.close());
    // The first poll (at start) marks the existing story as seen and posts nothing (backfill 0).
    await crier.waitFor('first poll', async () => (await crier.running.ctx.feedStates.get('desk')).lastFetchAt !== undefined);

    feed.add(story(202, 0));
    const res = await fetch(`${web.url}/hooks/poll/desk`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(202);
    await crier.waitFor('the new story posted', async () => (await readOutbox(crier.outboxDir, 'x')).length === 1, 10_000);
    expect((await readOutbox(crier.outboxDir, 'x')).map((e) => e.title)).toEqual([story(202).title]);
  });
});
