/** waitUntilQuiet (test/helpers/quiet.ts): what the absence checks in these suites rely on. */
import { afterEach, describe, expect, it } from 'vitest';
import { readOutbox } from '../../src/publishers/dry-run/outbox-publisher.js';
import { story, TestFeedServer } from '../helpers/feed-server.js';
import { startTestCrier, type TestCrier } from '../helpers/pipeline.js';
import { waitUntilQuiet } from '../helpers/quiet.js';

describe('waiting until Crier is quiet', () => {
  let feed: TestFeedServer;
  let crier: TestCrier | undefined;
  afterEach(async () => {
    await crier?.stop();
    await feed.stop();
  });

  it('returns only after the feed was polled again and every queued story was posted', async () => {
    feed = await new TestFeedServer().start();
    feed.add(story(801, 3), story(802, 2), story(803, 1));
    crier = await startTestCrier({
      feeds: [{ id: 'desk', url: feed.url, intervalSeconds: 1, backfill: 3 }],
      networks: { x: { mode: 'dry-run' }, facebook: { mode: 'dry-run' } },
    });
    const requestsBefore = feed.requests.length;
    const pollsBefore = (await crier.running.ctx.feedStates.get('desk')).totalPolls;
    await waitUntilQuiet(crier.running, { polls: 2 });
    expect((await crier.running.ctx.feedStates.get('desk')).totalPolls).toBeGreaterThanOrEqual(pollsBefore + 2);
    // A poll whose request was already made when we looked may be the first of the two it counts;
    // the second one's request is new.
    expect(feed.requests.length).toBeGreaterThanOrEqual(requestsBefore + 1);
    expect(await readOutbox(crier.outboxDir, 'x')).toHaveLength(3);
    expect(await readOutbox(crier.outboxDir, 'facebook')).toHaveLength(3);
    expect(await crier.running.ctx.summariseQueue.count()).toBe(0);
  });

  it('says what it was still waiting for when Crier does not settle in time', async () => {
    feed = await new TestFeedServer().start();
    crier = await startTestCrier({ feeds: [{ id: 'desk', url: feed.url, intervalSeconds: 60 }], networks: { x: { mode: 'dry-run' } } });
    await expect(waitUntilQuiet(crier.running, { polls: 2, timeoutMs: 300 })).rejects.toThrow(/not quiet after 300 ms: feed desk: [01]\/2 polls/);
  });
});
