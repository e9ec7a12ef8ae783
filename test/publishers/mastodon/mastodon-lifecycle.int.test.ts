import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { Draft } from '../../../src/drafts/draft.js';
import { AuthError, PermanentError, RetryableError } from '../../../src/publishers/errors.js';
import { mastodonNetwork } from '../../../src/publishers/mastodon/mastodon-network.js';
import { createMastodonPublisher } from '../../../src/publishers/mastodon/mastodon-publisher.js';
import type { LivePublisher } from '../../../src/publishers/publisher.js';
import { testPublishContext } from '../../contract/publish-context.js';
import { FAKE_TOKEN, ROUTES, startMastodonFake, type MastodonFake } from '../../fakes/mastodon-fake.js';

const URL = 'https://news.example.com/engines';
const draft = (text: string): Draft => ({ text, length: 0, limit: 500, url: URL, title: 'Engines', description: '', hashtags: [] });

let fake: MastodonFake | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

async function setup(token = FAKE_TOKEN): Promise<{ fake: MastodonFake; publisher: Required<Pick<LivePublisher, 'edit' | 'reply' | 'remove'>> & LivePublisher; remoteId: string }> {
  fake = await startMastodonFake();
  const publisher = createMastodonPublisher({ channel: 'mastodon', options: mastodonNetwork.optionsSchema.parse({ apiBaseUrl: fake.url }), secrets: { ACCESS_TOKEN: token }, log: pino({ level: 'silent' }) });
  // The original post goes out with the right token; the lifecycle calls then use `token`.
  const original = createMastodonPublisher({ channel: 'mastodon', options: mastodonNetwork.optionsSchema.parse({ apiBaseUrl: fake.url }), secrets: { ACCESS_TOKEN: FAKE_TOKEN }, log: pino({ level: 'silent' }) });
  const first = await original.publish(draft(`Six engines ${URL}`), testPublishContext({ postId: 'a1.mastodon' }));
  if (!publisher.edit || !publisher.reply || !publisher.remove) throw new Error('mastodon publisher lacks lifecycle calls');
  return { fake, publisher: publisher as never, remoteId: first.remoteId! };
}

describe('mastodon lifecycle', () => {
  it('declares edit, reply and delete', async () => {
    const { publisher } = await setup();
    expect(publisher.corrections).toEqual({ edit: true, reply: true, remove: true });
  });

  it('edit changes the status text in place (PUT), keeps its id, and a repeat changes nothing more', async () => {
    const { fake, publisher, remoteId } = await setup();
    const receipt = await publisher.edit({ remoteId }, draft(`Eight engines ${URL}`), testPublishContext({ postId: 'a1.mastodon' }));
    expect(receipt).toMatchObject({ remoteId, confirmed: true });
    expect(fake.statuses[0]).toMatchObject({ text: `Eight engines ${URL}`, history: [`Six engines ${URL}`] });
    fake.server.fault(ROUTES.statusEdit, { kind: 'drop-after' });
    // A lost answer on an edit is retryable: the same PUT again is a no-op, not a second edit.
    await expect(publisher.edit({ remoteId }, draft(`Eight engines ${URL}`), testPublishContext())).rejects.toBeInstanceOf(RetryableError);
    await publisher.edit({ remoteId }, draft(`Eight engines ${URL}`), testPublishContext({ attempt: 2 }));
    expect(fake.statuses[0]!.history).toHaveLength(1);
    expect(fake.server.requests.filter((r) => r.method === 'PUT').map((r) => r.path)).toEqual([`/api/v1/statuses/${remoteId}`, `/api/v1/statuses/${remoteId}`, `/api/v1/statuses/${remoteId}`]);
  });

  it('reply is threaded to the original; a lost answer retried once yields one reply', async () => {
    const { fake, publisher, remoteId } = await setup();
    fake.server.fault(ROUTES.statuses, { kind: 'drop-after' });
    const ctx = testPublishContext({ postId: 'a1.mastodon' });
    await expect(publisher.reply({ remoteId }, draft('Correction: eight engines, not six.'), ctx)).rejects.toBeInstanceOf(RetryableError);
    const receipt = await publisher.reply({ remoteId }, draft('Correction: eight engines, not six.'), { ...ctx, attempt: 2 });
    const replies = fake.statuses.filter((s) => s.inReplyToId === remoteId);
    expect(replies).toHaveLength(1);
    expect(receipt).toMatchObject({ remoteId: replies[0]!.id, confirmed: true });
    expect(replies[0]!.text).toBe('Correction: eight engines, not six.');
  });

  it('delete removes the status; a second delete (404 Record not found) is already gone', async () => {
    const { fake, publisher, remoteId } = await setup();
    await expect(publisher.remove({ remoteId }, testPublishContext())).resolves.toEqual({ alreadyGone: false });
    expect(fake.statuses).toHaveLength(0);
    await expect(publisher.remove({ remoteId }, testPublishContext())).resolves.toMatchObject({ alreadyGone: true, note: expect.stringMatching(/not found/) });
  });

  it('editing a deleted status is a permanent "gone", not an auth problem', async () => {
    const { publisher, remoteId } = await setup();
    await publisher.remove({ remoteId }, testPublishContext());
    await expect(publisher.edit({ remoteId }, draft('x'), testPublishContext())).rejects.toMatchObject({ constructor: PermanentError, reason: 'gone' });
  });

  it('a revoked token (401) is an AuthError on edit, reply and delete', async () => {
    const { fake, publisher, remoteId } = await setup('revoked-token');
    await expect(publisher.edit({ remoteId }, draft('x'), testPublishContext())).rejects.toBeInstanceOf(AuthError);
    await expect(publisher.reply({ remoteId }, draft('x'), testPublishContext())).rejects.toBeInstanceOf(AuthError);
    await expect(publisher.remove({ remoteId }, testPublishContext())).rejects.toBeInstanceOf(AuthError);
    expect(fake.statuses).toHaveLength(1);
  });
});
