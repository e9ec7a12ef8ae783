import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { Draft } from '../../../src/drafts/draft.js';
import { blueskyNetwork } from '../../../src/publishers/bluesky/bluesky-network.js';
import { createBlueskyPublisher } from '../../../src/publishers/bluesky/bluesky-publisher.js';
import { AuthError, PermanentError, RetryableError } from '../../../src/publishers/errors.js';
import type { LivePublisher, PublishContext } from '../../../src/publishers/publisher.js';
import { memoryStore, testPublishContext } from '../../contract/publish-context.js';
import { FAKE_APP_PASSWORD, FAKE_IDENTIFIER, ROUTES, startBlueskyFake, type BlueskyFake } from '../../fakes/bluesky-fake.js';

const URL = 'https://news.example.com/engines';
const draft = (text: string): Draft => ({ text, length: 0, limit: 300, url: URL, title: 'Engines', description: '', hashtags: [] });
type Lifecycle = LivePublisher & Required<Pick<LivePublisher, 'reply' | 'remove' | 'corrections'>>;

let fake: BlueskyFake | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

async function setup(password = FAKE_APP_PASSWORD) {
  fake = await startBlueskyFake();
  const make = (pw: string) =>
    createBlueskyPublisher({ channel: 'bluesky', options: blueskyNetwork.optionsSchema.parse({ apiBaseUrl: fake!.url, linkCard: false }), secrets: { IDENTIFIER: FAKE_IDENTIFIER, APP_PASSWORD: pw }, log: pino({ level: 'silent' }) }) as Lifecycle;
  const first = await make(FAKE_APP_PASSWORD).publish(draft(`Six engines\n\n${URL}`), testPublishContext({ postId: 'a1.bluesky' }));
  const channelState = memoryStore();
  const ctx = (o: Partial<PublishContext> = {}) => testPublishContext({ postId: 'a1.bluesky', channelState, ...o });
  return { fake, publisher: make(password), remoteId: first.remoteId!, ctx };
}

const repliesTo = (f: BlueskyFake, uri: string) => [...f.records.values()].filter((r) => (r.value.reply as { parent?: { uri?: string } } | undefined)?.parent?.uri === uri);

describe('bluesky lifecycle against the fake PDS', () => {
  it('declares reply and delete, no edit', async () => {
    const { publisher } = await setup();
    expect(publisher.corrections).toEqual({ edit: false, reply: true, remove: true });
    expect((publisher as LivePublisher).edit).toBeUndefined();
  });

  it('reply carries root and parent strongRefs of the original (cid looked up when the receipt has none)', async () => {
    const { fake, publisher, remoteId, ctx } = await setup();
    const original = [...fake.records.values()][0]!;
    const receipt = await publisher.reply({ remoteId }, draft('Correction: eight engines, not six.'), ctx());
    const [reply] = repliesTo(fake, remoteId);
    expect(reply?.value).toMatchObject({ text: 'Correction: eight engines, not six.', reply: { root: { uri: remoteId, cid: original.cid }, parent: { uri: remoteId, cid: original.cid } } });
    expect(receipt).toMatchObject({ remoteId: reply!.uri, confirmed: true });
  });

  it('a lost answer on the reply, retried once, yields one reply (same client-chosen rkey)', async () => {
    const { fake, publisher, remoteId, ctx } = await setup();
    fake.server.fault(ROUTES.createRecord, { kind: 'drop-after' });
    await expect(publisher.reply({ remoteId }, draft('Correction: eight.'), ctx())).rejects.toBeInstanceOf(RetryableError);
    const receipt = await publisher.reply({ remoteId }, draft('Correction: eight.'), ctx({ attempt: 2 }));
    const replies = repliesTo(fake, remoteId);
    expect(replies).toHaveLength(1);
    expect(receipt).toMatchObject({ remoteId: replies[0]!.uri, confirmed: true });
    // Even a resend that skips the look-up collides on the rkey and finds the reply, never a second one.
    await publisher.reply({ remoteId }, draft('Correction: eight.'), ctx());
    expect(repliesTo(fake, remoteId)).toHaveLength(1);
  });

  it('delete removes the record; deleting again is the PDS no-op = already gone', async () => {
    const { fake, publisher, remoteId, ctx } = await setup();
    await expect(publisher.remove({ remoteId }, ctx())).resolves.toEqual({ alreadyGone: false });
    expect(fake.records.size).toBe(0);
    await expect(publisher.remove({ remoteId }, ctx())).resolves.toMatchObject({ alreadyGone: true });
    await expect(publisher.reply({ remoteId }, draft('Correction'), ctx())).rejects.toMatchObject({ constructor: PermanentError, reason: 'gone' });
  });

  it("refuses to delete another account's post instead of deleting our record with that rkey", async () => {
    const { fake, publisher, remoteId, ctx } = await setup();
    const foreign = remoteId.replace(/did:plc:[a-z0-9]+/, 'did:plc:someoneelse');
    await expect(publisher.remove({ remoteId: foreign }, ctx())).rejects.toBeInstanceOf(PermanentError);
    expect(fake.records.size).toBe(1);
  });

  it('a refused app password (401) is an AuthError on reply and delete', async () => {
    const { fake, publisher, remoteId, ctx } = await setup('wrong-pass-word-xxxx');
    await expect(publisher.reply({ remoteId }, draft('Correction'), ctx())).rejects.toBeInstanceOf(AuthError);
    await expect(publisher.remove({ remoteId }, ctx())).rejects.toBeInstanceOf(AuthError);
    expect(fake.records.size).toBe(1);
  });
});
