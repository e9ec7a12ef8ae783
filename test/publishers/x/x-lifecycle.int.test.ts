import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Draft } from '../../../src/drafts/draft.js';
import { AuthError, RetryableError, UnknownOutcomeError } from '../../../src/publishers/errors.js';
import type { LivePublisher, PublishContext } from '../../../src/publishers/publisher.js';
import { xNetwork } from '../../../src/publishers/x/x-network.js';
import { memoryStore, testPublishContext } from '../../contract/publish-context.js';
import { startXFake, xFaults, type XFake } from '../../fakes/x-fake.js';

const LINK = 'https://news.example/engines';
const draft = (text: string): Draft => ({ text, length: 0, limit: 280, url: LINK, title: 'Engines', description: '', hashtags: [] });
type Lifecycle = LivePublisher & Required<Pick<LivePublisher, 'reply' | 'remove' | 'corrections'>>;

let fake: XFake;
beforeEach(async () => {
  fake = await startXFake();
});
afterEach(async () => {
  await fake.stop();
});

const publisher = () => xNetwork.createLive!({ channel: 'x', options: xNetwork.optionsSchema.parse({ apiBaseUrl: fake.url }), secrets: { OAUTH2_TOKEN: 't' }, log: pino({ level: 'silent' }) }) as Lifecycle;
/** One correction's retries share its checkpoint, as a worker would. */
function attempts() {
  const checkpoint = memoryStore();
  return (o: Partial<PublishContext> = {}) => testPublishContext({ checkpoint, ...o });
}
async function original(p: Lifecycle): Promise<string> {
  return (await p.publish(draft(`Six engines ${LINK}`), testPublishContext())).remoteId!;
}

describe('x lifecycle against the fake API', () => {
  it('declares reply and delete, no edit', () => {
    expect(publisher().corrections).toEqual({ edit: false, reply: true, remove: true });
    expect((publisher() as LivePublisher).edit).toBeUndefined();
  });

  it('reply is threaded to the original (in_reply_to_tweet_id)', async () => {
    const p = publisher();
    const remoteId = await original(p);
    const receipt = await p.reply({ remoteId }, draft('Correction: eight engines, not six.'), testPublishContext());
    expect(fake.tweets[1]).toMatchObject({ text: 'Correction: eight engines, not six.', inReplyTo: remoteId });
    expect(receipt).toMatchObject({ remoteId: fake.tweets[1]!.id, confirmed: true });
  });

  it('a lost answer on the reply, retried once, leaves one reply (X rejects the duplicate, reported unconfirmed)', async () => {
    const p = publisher();
    const remoteId = await original(p);
    const ctx = attempts();
    fake.failTweets(xFaults.dropAfter());
    await expect(p.reply({ remoteId }, draft('Correction: eight.'), ctx())).rejects.toBeInstanceOf(UnknownOutcomeError);
    const receipt = await p.reply({ remoteId }, draft('Correction: eight.'), ctx({ attempt: 2 }));
    expect(receipt).toMatchObject({ confirmed: false, note: expect.stringMatching(/duplicate/) });
    expect(fake.tweets.filter((t) => t.inReplyTo === remoteId)).toHaveLength(1);
  });

  it('a retry after a reply went through returns the recorded id without posting', async () => {
    const p = publisher();
    const remoteId = await original(p);
    const ctx = attempts();
    const first = await p.reply({ remoteId }, draft('Correction: eight.'), ctx());
    const again = await p.reply({ remoteId }, draft('Correction: eight.'), ctx({ attempt: 2 }));
    expect(again).toEqual(first);
    expect(fake.server.requests.filter((r) => r.method === 'POST' && r.path === '/2/tweets')).toHaveLength(2);
  });

  it('delete removes the post; a second delete (404) is already gone; a lost answer on delete is a plain retry', async () => {
    const p = publisher();
    const remoteId = await original(p);
    fake.failDeletes(xFaults.dropAfter());
    await expect(p.remove({ remoteId }, testPublishContext())).rejects.toBeInstanceOf(RetryableError);
    expect(fake.tweets).toHaveLength(0);
    await expect(p.remove({ remoteId }, testPublishContext())).resolves.toMatchObject({ alreadyGone: true, note: expect.stringMatching(/not found/i) });
    const other = (await p.publish(draft(`Other ${LINK}`), testPublishContext())).remoteId!;
    await expect(p.remove({ remoteId: other }, testPublishContext())).resolves.toEqual({ alreadyGone: false });
  });

  it('401 is an AuthError on reply and delete', async () => {
    const p = publisher();
    const remoteId = await original(p);
    fake.failTweets(xFaults.unauthorized());
    fake.failDeletes(xFaults.unauthorized());
    await expect(p.reply({ remoteId }, draft('Correction'), testPublishContext())).rejects.toBeInstanceOf(AuthError);
    await expect(p.remove({ remoteId }, testPublishContext())).rejects.toBeInstanceOf(AuthError);
    expect(fake.tweets).toHaveLength(1);
  });
});
