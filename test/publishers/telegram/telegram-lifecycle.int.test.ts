import { afterEach, describe, expect, it } from 'vitest';
import type { Draft } from '../../../src/drafts/draft.js';
import { AuthError, PermanentError, RetryableError, UnknownOutcomeError } from '../../../src/publishers/errors.js';
import type { LivePublisher } from '../../../src/publishers/publisher.js';
import { createTelegramPublisher } from '../../../src/publishers/telegram/telegram-publisher.js';
import { memoryStore, testPublishContext } from '../../contract/publish-context.js';
import { startTelegramFake, telegramFaults, type TelegramFake } from '../../fakes/telegram-fake.js';

const URL = 'https://news.example/engines?id=7';
const draft = (text: string): Draft => ({ text, length: 0, limit: 4096, url: URL, title: 'Engines', description: '', hashtags: [] });
type Lifecycle = Required<Pick<LivePublisher, 'edit' | 'reply' | 'remove' | 'corrections'>>;

let fake: TelegramFake | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

async function setup(opts: { sendPhoto?: boolean; imageUrl?: string } = {}) {
  fake = await startTelegramFake();
  const publisher = createTelegramPublisher({ apiBaseUrl: fake.url, chatId: '@crier_news', sendPhoto: opts.sendPhoto ?? false, botToken: fake.token }) as LivePublisher & Lifecycle;
  const first = await publisher.publish({ ...draft(`Six engines & more\n\n${URL}`), ...(opts.imageUrl ? { imageUrl: opts.imageUrl } : {}) }, testPublishContext());
  return { fake, publisher, remoteId: first.remoteId! };
}

describe('telegram lifecycle against the fake Bot API', () => {
  it('edit changes the message text (editMessageText); the same edit again is "not modified" = success', async () => {
    const { fake, publisher, remoteId } = await setup();
    expect(publisher.corrections).toEqual({ edit: true, reply: true, remove: true });
    const receipt = await publisher.edit({ remoteId }, draft(`Eight engines & more\n\n${URL}`), testPublishContext());
    expect(receipt).toMatchObject({ remoteId, remoteUrl: `https://t.me/crier_news/${remoteId}`, confirmed: true });
    expect(fake.messages[0]).toMatchObject({ visibleText: `Eight engines & more\n\n${URL}`, edited: true });
    // A lost answer on an edit is retryable (the edit is repeatable), and the repeat is a no-op.
    fake.fail(telegramFaults.dropAfter());
    await expect(publisher.edit({ remoteId }, draft(`Eight engines & more\n\n${URL}`), testPublishContext())).rejects.toBeInstanceOf(RetryableError);
    await expect(publisher.edit({ remoteId }, draft(`Eight engines & more\n\n${URL}`), testPublishContext())).resolves.toMatchObject({ note: expect.stringMatching(/not modified/) });
  });

  it('a photo post is edited through editMessageCaption', async () => {
    const { fake, publisher, remoteId } = await setup({ sendPhoto: true, imageUrl: 'https://news.example/p.jpg' });
    expect(fake.messages[0]!.method).toBe('sendPhoto');
    await publisher.edit({ remoteId }, draft(`Eight engines\n\n${URL}`), testPublishContext());
    expect(fake.messages[0]!.visibleText).toBe(`Eight engines\n\n${URL}`);
    expect(fake.server.requests.map((r) => r.path.split('/').at(-1))).toEqual(['sendPhoto', 'editMessageText', 'editMessageCaption']);
  });

  it('reply is threaded to the original (reply_parameters)', async () => {
    const { fake, publisher, remoteId } = await setup();
    const receipt = await publisher.reply({ remoteId }, draft('Correction: eight engines, not six.'), testPublishContext());
    expect(fake.messages).toHaveLength(2);
    expect(fake.messages[1]).toMatchObject({ replyTo: Number(remoteId), visibleText: 'Correction: eight engines, not six.' });
    expect(receipt).toMatchObject({ remoteId: String(fake.messages[1]!.messageId), confirmed: true });
  });

  it('a lost answer on a reply is an unknown outcome, and the retry does not send a second reply', async () => {
    const { fake, publisher, remoteId } = await setup();
    const checkpoint = memoryStore();
    fake.fail(telegramFaults.dropAfter());
    await expect(publisher.reply({ remoteId }, draft('Correction: eight.'), testPublishContext({ checkpoint }))).rejects.toBeInstanceOf(UnknownOutcomeError);
    await expect(publisher.reply({ remoteId }, draft('Correction: eight.'), testPublishContext({ checkpoint, attempt: 2, afterUnknownOutcome: true }))).rejects.toBeInstanceOf(UnknownOutcomeError);
    expect(fake.messages.filter((m) => m.replyTo === Number(remoteId))).toHaveLength(1);
  });

  it('a reply refused before sending may be retried and then posts once', async () => {
    const { fake, publisher, remoteId } = await setup();
    const checkpoint = memoryStore();
    fake.fail(telegramFaults.serverError(502));
    await expect(publisher.reply({ remoteId }, draft('Correction: eight.'), testPublishContext({ checkpoint }))).rejects.toBeInstanceOf(RetryableError);
    await publisher.reply({ remoteId }, draft('Correction: eight.'), testPublishContext({ checkpoint, attempt: 2 }));
    expect(fake.messages.filter((m) => m.replyTo === Number(remoteId))).toHaveLength(1);
  });

  it('delete removes the message; "message to delete not found" is already gone', async () => {
    const { fake, publisher, remoteId } = await setup();
    await expect(publisher.remove({ remoteId }, testPublishContext())).resolves.toEqual({ alreadyGone: false });
    expect(fake.messages).toHaveLength(0);
    await expect(publisher.remove({ remoteId }, testPublishContext())).resolves.toMatchObject({ alreadyGone: true });
    await expect(publisher.edit({ remoteId }, draft('x'), testPublishContext())).rejects.toMatchObject({ constructor: PermanentError, reason: 'gone' });
  });

  it('a message older than 48 hours cannot be deleted: a permanent error that says so', async () => {
    const { fake, publisher, remoteId } = await setup();
    fake.messages[0]!.date -= 49 * 3600;
    await expect(publisher.remove({ remoteId }, testPublishContext())).rejects.toMatchObject({ constructor: PermanentError, message: expect.stringMatching(/48 hours/) });
    expect(fake.messages).toHaveLength(1);
  });

  it('401 is an AuthError on edit, reply and delete', async () => {
    const { fake, publisher, remoteId } = await setup();
    fake.fail(telegramFaults.unauthorized(), telegramFaults.unauthorized(), telegramFaults.unauthorized());
    await expect(publisher.edit({ remoteId }, draft('x'), testPublishContext())).rejects.toBeInstanceOf(AuthError);
    await expect(publisher.reply({ remoteId }, draft('x'), testPublishContext())).rejects.toBeInstanceOf(AuthError);
    await expect(publisher.remove({ remoteId }, testPublishContext())).rejects.toBeInstanceOf(AuthError);
    expect(fake.messages).toHaveLength(1);
  });
});
