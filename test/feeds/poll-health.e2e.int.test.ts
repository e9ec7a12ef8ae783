import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestCrier, type TestCrier } from '../helpers/pipeline.js';

/**
 * #13 through the real poller: what a read had to work around lands on the feed's health
 * (FeedState: itemsSkipped, itemsDropped, warnings) for `crier status` and the desk.
 */
describe('poller: feed health records skipped, dropped and mis-decoded input', () => {
  let crier: TestCrier | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await crier?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('counts items skipped for their link and over maxItemsPerPoll, and warns about a mislabelled charset', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'crier-health-'));
    const file = path.join(dir, 'feed.xml');
    const now = Date.now();
    const item = (n: number, link: string) =>
      `<item><title>Story ${n} کراچی</title><link>${link}</link><pubDate>${new Date(now - n * 60_000).toUTCString()}</pubDate></item>`;
    const xml =
      '<?xml version="1.0" encoding="iso-8859-1"?><rss version="2.0"><channel><title>H</title>' +
      item(1, 'javascript:alert(1)') + item(2, 'https://health.example/2') + item(3, 'https://health.example/3') +
      item(4, 'https://health.example/4') + item(5, 'https://health.example/5') + '</channel></rss>';
    await writeFile(file, xml, 'utf8'); // UTF-8 bytes under a latin1 declaration
    crier = await startTestCrier({ feeds: [{ id: 'health', url: file, intervalSeconds: 60, maxItemsPerPoll: 3 }], networks: { x: {} } }, { roles: ['poller'] });
    const states = crier.running.ctx.feedStates;
    await crier.waitFor('the feed read once', async () => (await states.get('health')).lastOutcome === 'ok');
    const state = await states.get('health');
    expect(state).toMatchObject({ itemsInFeed: 2, itemsSkipped: 1, itemsDropped: 2 });
    expect(state.warnings).toEqual([
      expect.stringMatching(/declares windows-1252 but its bytes look like UTF-8/),
      expect.stringMatching(/^item 1 \("Story 1 .*"\) skipped: its link "javascript:alert\(1\)" is not an http\(s\) address$/),
      '2 older items were not read (over maxItemsPerPoll)',
    ]);
  });
});
