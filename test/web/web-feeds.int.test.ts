import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebHarness, type WebHarness } from './web-harness.js';

/** The Feeds page (issue #15): a failing feed says since when and why, never a stale 304; what the last read left out. */
describe('feeds page', () => {
  let h: WebHarness;
  let cookie = '';
  beforeAll(async () => {
    h = await startWebHarness({ publication: { name: 'T', timezone: 'UTC' } });
    cookie = (await h.login('vi')).cookie;
  });
  afterAll(async () => h.close());
  const get = async (url: string) => (await h.app.inject({ method: 'GET', url, headers: { cookie } })).body;

  it('shows down since, the last success and the last error of a failing feed, without the last success\'s 304', async () => {
    // Times of today: the strip shows a time of another day with its date ("28 Nov 10:05").
    const day = new Date().toISOString().slice(0, 10);
    await h.ctx.feedStates.recordSuccess('metro', { lastFetchAt: `${day}T09:50:00.000Z`, lastSuccessAt: `${day}T09:50:00.000Z`, lastStatus: 304, lastOutcome: 'not-modified' });
    await h.ctx.feedStates.recordFailure('metro', { lastFetchAt: `${day}T10:05:00.000Z`, lastOutcome: 'network', lastError: 'connect ECONNREFUSED' }, { baseMs: 1_000, maxMs: 1_000 });
    await h.ctx.feedStates.recordFailure('metro', { lastFetchAt: `${day}T10:20:00.000Z`, lastOutcome: 'network', lastError: 'connect ETIMEDOUT' }, { baseMs: 1_000, maxMs: 1_000 });
    const body = await get('/feeds');
    const row = /<tr id="feed-metro"[\s\S]*?<\/tr>/.exec(body)?.[0] ?? '';
    expect(row).toContain(`data-testid="down-metro"><strong class="bad">down since <time datetime="${day}T10:05:00.000Z"`);
    expect(row).toContain(`last success <time datetime="${day}T09:50:00.000Z"`);
    expect(row).toContain('2 failures in a row');
    expect(row).toMatch(/data-testid="last-error-metro">connect ETIMEDOUT</);
    expect(row).toMatch(/<td class="mono" data-label="HTTP">—<\/td>/);
    expect(row).not.toContain('304');
    // The strip on every page says the same.
    expect(body).toMatch(/Feed Metro Desk: down since 10:05 \(last success 09:50\), 2 failures in a row: connect ETIMEDOUT/);
  });

  it('shows the last read\'s skipped and dropped items and its warnings', async () => {
    await h.ctx.feedStates.recordSuccess('sport', { lastFetchAt: new Date().toISOString(), lastSuccessAt: new Date().toISOString(), lastStatus: 200, lastOutcome: 'ok', itemsInFeed: 40, newItems: 2, itemsSkipped: 3, itemsDropped: 7, warnings: ['item "x" skipped: no link', 'the feed declares an unknown charset "<b>", which was ignored'] });
    const body = await get('/feeds');
    expect(body).toMatch(/data-testid="skipped-sport">3 skipped, 7 dropped</);
    expect(body).toMatch(/data-testid="warnings-sport"><summary>2 warnings from the last read<\/summary>/);
    expect(body).toContain('unknown charset &quot;&lt;b&gt;&quot;');
    expect(body).not.toContain('"<b>"');
  });
});
