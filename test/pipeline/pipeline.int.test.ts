import { afterEach, describe, expect, it } from 'vitest';
import { readOutbox } from '../../src/publishers/dry-run/outbox-publisher.js';
import { story, TestFeedServer } from '../helpers/feed-server.js';
import { startTestCrier, type TestCrier } from '../helpers/pipeline.js';
import { waitUntilQuiet } from '../helpers/quiet.js';

const CHANNELS = ['x', 'facebook', 'instagram'] as const;

function demoConfig(feeds: { id: string; url: string; backfill?: number }[]) {
  return {
    feeds: feeds.map((f) => ({ intervalSeconds: 1, timeoutSeconds: 1, backfill: 0, ...f })),
    networks: { x: { mode: 'dry-run' }, facebook: { mode: 'dry-run' }, instagram: { mode: 'dry-run' } },
    poller: { maxBackoffSeconds: 2 },
  };
}

async function outboxCounts(crier: TestCrier): Promise<Record<string, Map<string, number>>> {
  const result: Record<string, Map<string, number>> = {};
  for (const c of CHANNELS) {
    const counts = new Map<string, number>();
    for (const e of await readOutbox(crier.outboxDir, c)) counts.set(e.articleKey, (counts.get(e.articleKey) ?? 0) + 1);
    result[c] = counts;
  }
  return result;
}

describe('pipeline: feed → queue → summary → dry-run outbox', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function setup(feedCount = 1) {
    const servers = await Promise.all(Array.from({ length: feedCount }, () => new TestFeedServer().start()));
    cleanups.push(async () => void (await Promise.all(servers.map((s) => s.stop()))));
    return servers;
  }

  it('first run posts only `backfill` items; items appended later appear once per network', async () => {
    const [feed] = await setup();
    if (!feed) throw new Error('no feed');
    feed.add(story(101, 50), story(102, 40), story(103, 30), story(104, 20));
    const crier = await startTestCrier(demoConfig([{ id: 'desk', url: feed.url, backfill: 2 }]));
    cleanups.push(() => crier.stop());

    await crier.waitFor('2 backfilled posts on every network', async () => {
      const c = await outboxCounts(crier);
      return CHANNELS.every((ch) => c[ch]?.size === 2);
    });
    const first = await outboxCounts(crier);
    const backfilled = (await readOutbox(crier.outboxDir, 'x')).map((e) => e.title);
    expect(backfilled.sort()).toEqual([story(103).title, story(104).title].sort());

    feed.add(story(105, 1), story(106, 0));
    await crier.waitFor('new items posted on every network', async () => {
      const c = await outboxCounts(crier);
      return CHANNELS.every((ch) => c[ch]?.size === 4);
    });
    await waitUntilQuiet(crier.running, { polls: 2 }); // two more poll cycles: nothing new may appear
    const after = await outboxCounts(crier);
    for (const ch of CHANNELS) {
      expect(after[ch]?.size).toBe(4);
      expect([...(after[ch]?.values() ?? [])].every((n) => n === 1)).toBe(true);
      expect(first[ch]?.size).toBe(2);
    }
    // Drafts fit their networks and carry the article link with UTM tags.
    for (const e of await readOutbox(crier.outboxDir, 'x')) {
      expect(e.length).toBeLessThanOrEqual(e.limit);
      expect(e.text).toContain('utm_source=x');
    }
  });

  it('the second poll is conditional (If-None-Match / If-Modified-Since) and a 304 costs no parse', async () => {
    const [feed] = await setup();
    if (!feed) throw new Error('no feed');
    feed.add(story(201));
    const crier = await startTestCrier(demoConfig([{ id: 'desk', url: feed.url }]));
    cleanups.push(() => crier.stop());
    await crier.waitFor('two polls', () => feed.requests.length >= 2);
    const second = feed.requests[1];
    expect(second?.['if-none-match']).toMatch(/^"/);
    expect(second?.['if-modified-since']).toBeTruthy();
    await crier.waitFor('a 304 recorded', async () => (await crier.running.ctx.feedStates.get('desk')).lastStatus === 304);
  });

  it('a failing feed (500, timeout, broken XML, HTML) is marked with a reason and recovers; a healthy feed keeps flowing', async () => {
    const [bad, good] = await setup(2);
    if (!bad || !good) throw new Error('no feeds');
    const crier = await startTestCrier(demoConfig([{ id: 'bad', url: bad.url }, { id: 'good', url: good.url }]));
    cleanups.push(() => crier.stop());
    const states = crier.running.ctx.feedStates;
    await crier.waitFor('both feeds initialised', async () => Boolean((await states.get('bad')).initialisedAt && (await states.get('good')).initialisedAt));

    const reasons: Record<string, RegExp> = { 'error-500': /500/, hang: /timed out|timeout/i, 'broken-xml': /.+/, html: /not .*feed|feed/i };
    for (const mode of ['error-500', 'hang', 'broken-xml', 'html'] as const) {
      bad.mode = mode;
      await crier.running.ctx.feedStates.clearBackoff('bad');
      await crier.waitFor(`bad feed failing (${mode})`, async () => {
        const s = await states.get('bad');
        // retryAfter is set again only by a failure after clearBackoff: an older mode's error that
        // happens to match this mode's reason cannot end the wait early.
        return s.consecutiveFailures > 0 && Boolean(s.retryAfter) && reasons[mode]!.test(s.lastError ?? '');
      });
      good.add(story());
    }
    const failing = await states.get('bad');
    expect(failing.lastError).toBeTruthy();
    expect(failing.retryAfter).toBeTruthy();
    await crier.waitFor('healthy feed posted all 4 stories meanwhile', async () => (await readOutbox(crier.outboxDir, 'x')).length === 4, 20_000);

    bad.mode = 'ok';
    bad.add(story());
    await crier.waitFor('bad feed recovered by itself', async () => (await states.get('bad')).consecutiveFailures === 0, 20_000);
    await crier.waitFor('its new story posted', async () => (await readOutbox(crier.outboxDir, 'x')).length === 5, 20_000);
  });

  it('restarting Crier posts nothing twice', async () => {
    const [feed] = await setup();
    if (!feed) throw new Error('no feed');
    feed.add(story(301, 3), story(302, 2));
    const raw = demoConfig([{ id: 'desk', url: feed.url, backfill: 2 }]);
    const first = await startTestCrier(raw);
    cleanups.push(() => first.stop());
    await first.waitFor('2 posts', async () => (await readOutbox(first.outboxDir, 'instagram')).length === 2);
    await first.running.stop();

    // Same Redis prefix and outbox: a restart of the same installation.
    const { startRoles } = await import('../../workers/runtime.js');
    const { pino } = await import('pino');
    const again = await startRoles(first.config, pino({ level: 'silent' }), ['poller', 'worker']);
    cleanups.push(() => again.stop());
    feed.add(story(303, 0));
    await first.waitFor('the new story only', async () => (await readOutbox(first.outboxDir, 'x')).length === 3);
    await waitUntilQuiet(again, { polls: 2 }); // the restarted Crier polled twice more and finished its work
    for (const ch of CHANNELS) {
      const entries = await readOutbox(first.outboxDir, ch);
      expect(entries).toHaveLength(3);
      expect(new Set(entries.map((e) => e.postId)).size).toBe(3);
    }
  });
});
