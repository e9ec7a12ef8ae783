import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PermanentError, RateLimitedError, RetryableError, UnknownOutcomeError } from '../../../src/publishers/errors.js';
import { memoryStore, testPublishContext } from '../../contract/publish-context.js';
import { bucUsageHeader, GraphFake, graphError, ROUTES } from '../../fakes/graph-fake.js';
import { ARTICLE_URL, metaDraft, metaPublisher } from '../graph/meta-harness.js';

let fake: GraphFake;
beforeEach(async () => {
  fake = await new GraphFake().start();
});
afterEach(() => fake.stop());

describe('facebook publisher', () => {
  it('posts message + link to /{version}/{page}/feed with the token only in the Authorization header', async () => {
    const receipt = await metaPublisher('facebook', fake).publish(metaDraft(), testPublishContext());
    expect(fake.fbPosts).toEqual([{ id: receipt.remoteId, message: metaDraft().text, link: ARTICLE_URL }]);
    expect(receipt).toMatchObject({ confirmed: true, remoteUrl: `https://www.facebook.com/fake/posts/${receipt.remoteId}` });
    const feedCall = fake.http.requests.find((r) => r.path === '/v23.0/1234/feed');
    expect(feedCall?.headers.authorization).toBe(`Bearer ${fake.token}`);
    for (const r of fake.http.requests) {
      expect(r.query.toString() + (r.form?.toString() ?? '')).not.toContain(fake.token);
    }
  });

  it('falls back to facebook.com/{id} when the permalink cannot be read', async () => {
    fake.fault(ROUTES.node, graphError(2, undefined, { status: 500 }));
    const receipt = await metaPublisher('facebook', fake).publish(metaDraft(), testPublishContext());
    expect(receipt.remoteUrl).toBe(`https://www.facebook.com/${receipt.remoteId}`);
  });

  it('1609005 link scrape failure: retries once with the link, then posts without it (URL in the text)', async () => {
    fake.fault(ROUTES.fbFeed, graphError(1609005, undefined, { message: 'Error posting link' }), graphError(1609005));
    const checkpoint = memoryStore();
    const draft = metaDraft({ text: 'Floods in Sindh' });
    const first = await metaPublisher('facebook', fake).publish(draft, testPublishContext({ checkpoint })).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(RetryableError);
    expect(checkpoint.values.get('linkScrapeFailures')).toBe('1');
    const receipt = await metaPublisher('facebook', fake).publish(draft, testPublishContext({ checkpoint, attempt: 2 }));
    expect(fake.fbPosts).toHaveLength(1);
    expect(fake.fbPosts[0]?.link).toBeUndefined();
    expect(fake.fbPosts[0]?.message).toBe(`Floods in Sindh\n\n${ARTICLE_URL}`);
    expect(receipt.note).toMatch(/without a link card/);
  });

  it('1609005 (as the subcode of a code-100 error) once, then the retry with the link succeeds', async () => {
    fake.fault(ROUTES.fbFeed, graphError(100, 1609005));
    const checkpoint = memoryStore();
    await expect(metaPublisher('facebook', fake).publish(metaDraft(), testPublishContext({ checkpoint }))).rejects.toBeInstanceOf(RetryableError);
    const receipt = await metaPublisher('facebook', fake).publish(metaDraft(), testPublishContext({ checkpoint }));
    expect(fake.fbPosts.map((p) => p.link)).toEqual([ARTICLE_URL]);
    expect(receipt.note).toBeUndefined();
  });

  it('368 policy block: a long channel pause and a loud error log', async () => {
    const lines: string[] = [];
    const log = pino({ level: 'info' }, { write: (s: string) => lines.push(s) });
    fake.fault(ROUTES.fbFeed, graphError(368, 1390008, { message: 'It looks like you were misusing this feature' }));
    const err = (await metaPublisher('facebook', fake).publish(metaDraft(), testPublishContext({ log })).catch((e: unknown) => e)) as RateLimitedError;
    expect(err).toBeInstanceOf(RateLimitedError);
    expect(err.scope).toBe('channel');
    expect(err.untilMs - Date.now()).toBeGreaterThan(60 * 60_000);
    const loud = lines.map((l) => JSON.parse(l) as { level: number; msg: string }).find((l) => /POLICY VIOLATIONS/.test(l.msg));
    expect(loud?.level).toBe(50);
    expect(fake.fbPosts).toHaveLength(0);
  });

  it('throttle code 32 waits for the BUC estimate; 506 is a duplicate; 10 is permanent', async () => {
    fake.fault(ROUTES.fbFeed, graphError(32, undefined, { headers: bucUsageHeader(7) }), graphError(506), graphError(10, undefined, { status: 403 }));
    const p = metaPublisher('facebook', fake);
    const throttled = (await p.publish(metaDraft(), testPublishContext()).catch((e: unknown) => e)) as RateLimitedError;
    expect(Math.abs(throttled.untilMs - (Date.now() + 7 * 60_000))).toBeLessThan(2_000);
    const dup = (await p.publish(metaDraft(), testPublishContext()).catch((e: unknown) => e)) as PermanentError;
    expect(dup.reason).toBe('duplicate');
    const perm = (await p.publish(metaDraft(), testPublishContext()).catch((e: unknown) => e)) as PermanentError;
    expect(perm).toBeInstanceOf(PermanentError);
    expect(perm.reason).toBe('rejected');
  });

  it('a dropped answer after the post was made is an unknown outcome (Facebook cannot deduplicate)', async () => {
    fake.fault(ROUTES.fbFeed, { kind: 'drop-after' });
    await expect(metaPublisher('facebook', fake).publish(metaDraft(), testPublishContext())).rejects.toBeInstanceOf(UnknownOutcomeError);
    expect(fake.fbPosts).toHaveLength(1);
  });

  it('never puts the token in an error, even when the API echoes it', async () => {
    fake.fault(ROUTES.fbFeed, graphError(100, undefined, { message: `bad token ${fake.token} here` }));
    const err = (await metaPublisher('facebook', fake).publish(metaDraft(), testPublishContext()).catch((e: unknown) => e)) as PermanentError;
    expect(`${err.message} ${err.detail}`).not.toContain(fake.token);
    expect(err.detail).toContain('[redacted]');
  });

  it('verify names the Page; a 2xx that is not JSON on the feed call is an unknown outcome', async () => {
    expect(await metaPublisher('facebook', fake).verify?.(AbortSignal.timeout(5_000))).toEqual({ account: 'Fake Page (1234)' });
    fake.fault(ROUTES.fbFeed, { kind: 'status', status: 200, body: 'OK', headers: { 'content-type': 'text/plain' } });
    await expect(metaPublisher('facebook', fake).publish(metaDraft(), testPublishContext())).rejects.toBeInstanceOf(UnknownOutcomeError);
  });

  it('a missing pageId halts the channel with the post kept', async () => {
    const p = metaPublisher('facebook', fake, { options: { pageId: undefined } });
    await expect(p.publish(metaDraft(), testPublishContext())).rejects.toMatchObject({ kind: 'auth', keepPost: true });
  });
});
