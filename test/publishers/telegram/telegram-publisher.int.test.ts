import { createServer } from 'node:net';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import type { Draft } from '../../../src/drafts/draft.js';
import { PublishError, RetryableError, UnknownOutcomeError } from '../../../src/publishers/errors.js';
import { formatTelegram, TELEGRAM_MAX_CAPTION_LENGTH, telegramOptionsSchema } from '../../../src/publishers/telegram/telegram-network.js';
import { createTelegramPublisher, migratedChatKey } from '../../../src/publishers/telegram/telegram-publisher.js';
import { memoryStore, testPublishContext } from '../../contract/publish-context.js';
import { startTelegramFake, telegramFaults, type TelegramFake } from '../../fakes/telegram-fake.js';

const URL = 'https://news.example/story?id=7&utm_source=telegram';
const draft = (over: Partial<Draft> = {}): Draft => ({
  text: `<b>Tom & Jerry</b> return\n\nA short summary.\n\n${URL}`,
  length: 0,
  limit: 4096,
  url: URL,
  title: '<b>Tom & Jerry</b> return',
  description: 'A short summary.',
  hashtags: [],
  ...over,
});

let fake: TelegramFake | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

const publisherFor = (f: TelegramFake, chatId = '@crier_news', extra: { apiBaseUrl?: string; sendPhoto?: boolean } = {}) =>
  createTelegramPublisher({ apiBaseUrl: extra.apiBaseUrl ?? f.url, chatId, sendPhoto: extra.sendPhoto ?? true, botToken: f.token });

describe('telegram publisher against the fake Bot API', () => {
  it('sends HTML that Telegram shows as the exact draft text, with the article as link preview', async () => {
    fake = await startTelegramFake();
    const receipt = await publisherFor(fake).publish(draft(), testPublishContext());
    expect(fake.messages).toHaveLength(1);
    const [sent] = fake.messages;
    expect(sent?.method).toBe('sendMessage');
    expect(sent?.visibleText).toBe(draft().text);
    expect(sent?.html).toContain('&lt;b&gt;Tom &amp; Jerry&lt;/b&gt;');
    expect(sent?.linkPreviewUrl).toBe(URL);
    expect(receipt).toEqual({ remoteId: '1', remoteUrl: 'https://t.me/crier_news/1', confirmed: true });
  });

  it('links a private channel message as t.me/c/<id without -100>/<message>', async () => {
    fake = await startTelegramFake({ chats: [{ id: -1005550001234, type: 'channel' }] });
    const receipt = await publisherFor(fake, '-1005550001234').publish(draft(), testPublishContext());
    expect(fake.sendRequests()[0]?.json).toMatchObject({ chat_id: -1005550001234 });
    expect(receipt.remoteUrl).toBe('https://t.me/c/5550001234/1');
  });

  it('uses sendPhoto with the article image and a caption within 1,024', async () => {
    fake = await startTelegramFake();
    const sentences = Array.from({ length: 30 }, (_, i) => `Sentence ${i} says something long enough & <true> about the story.`);
    const d = formatTelegram({
      summary: { articleKey: 'a', title: 'Photo story', url: URL, sentences, hashtags: [], producedBy: 't' },
      url: URL,
      template: '{title}\n\n{summary}\n\n{url}',
      maxHashtags: 0,
      imageUrl: 'https://news.example/photo.jpg',
      options: telegramOptionsSchema.parse({ sendPhoto: true }),
    });
    const receipt = await publisherFor(fake).publish(d, testPublishContext());
    const [sent] = fake.messages;
    expect(sent?.method).toBe('sendPhoto');
    expect(sent?.photo).toBe('https://news.example/photo.jpg');
    expect(sent?.visibleText).toBe(d.text);
    expect(sent?.visibleText.length).toBeLessThanOrEqual(TELEGRAM_MAX_CAPTION_LENGTH);
    expect(sent?.visibleText.length).toBeGreaterThan(900);
    expect(receipt.confirmed).toBe(true);
  });

  it('falls back to a text message when Telegram cannot fetch the photo (and says so)', async () => {
    fake = await startTelegramFake();
    fake.unfetchablePhotos.add('https://news.example/broken.jpg');
    const receipt = await publisherFor(fake).publish(draft({ imageUrl: 'https://news.example/broken.jpg' }), testPublishContext());
    expect(fake.sendRequests().map((r) => r.path.split('/').at(-1))).toEqual(['sendPhoto', 'sendMessage']);
    expect(fake.messages).toHaveLength(1);
    expect(fake.messages[0]?.method).toBe('sendMessage');
    expect(receipt.note).toMatch(/photo rejected/);
  });

  it('sends a text too long for a caption as a message even with an image', async () => {
    fake = await startTelegramFake();
    const long = draft({ text: `${'x'.repeat(1_500)} ${URL}`, imageUrl: 'https://news.example/p.jpg' });
    const receipt = await publisherFor(fake).publish(long, testPublishContext());
    expect(fake.messages[0]?.method).toBe('sendMessage');
    expect(receipt.note).toMatch(/too long for a photo caption/);
  });

  it('follows migrate_to_chat_id at once, remembers it, and later posts go straight to the new chat', async () => {
    fake = await startTelegramFake({ chats: [{ id: -4001, type: 'group', migratedTo: -1009876543210 }, { id: -1009876543210, type: 'supergroup' }] });
    const channelState = memoryStore();
    const publisher = publisherFor(fake, '-4001');
    const first = await publisher.publish(draft(), testPublishContext({ channelState }));
    expect(fake.sendRequests().map((r) => (r.json as { chat_id: number }).chat_id)).toEqual([-4001, -1009876543210]);
    expect(channelState.values.get(migratedChatKey('-4001'))).toBe('-1009876543210');
    expect(first.remoteUrl).toBe('https://t.me/c/9876543210/1');
    expect(first.note).toMatch(/migrated/);

    await publisher.publish(draft({ text: 'second post' }), testPublishContext({ channelState, postId: 'p2' }));
    expect(fake.sendRequests().map((r) => (r.json as { chat_id: number }).chat_id)).toEqual([-4001, -1009876543210, -1009876543210]);
    expect(fake.messages.map((m) => m.chatId)).toEqual([-1009876543210, -1009876543210]);
  });

  it('a lost answer after sending is an unknown outcome (the message exists once)', async () => {
    fake = await startTelegramFake();
    fake.fail(telegramFaults.dropAfter());
    await expect(publisherFor(fake).publish(draft(), testPublishContext())).rejects.toBeInstanceOf(UnknownOutcomeError);
    expect(fake.messages).toHaveLength(1);
  });

  it('a failing channel state read is a plain retry before anything is sent', async () => {
    fake = await startTelegramFake();
    const broken = { get: async () => Promise.reject(new Error('redis down')), set: async () => undefined };
    await expect(publisherFor(fake).publish(draft(), testPublishContext({ channelState: broken }))).rejects.toBeInstanceOf(RetryableError);
    expect(fake.server.requests).toHaveLength(0);
  });

  it('verify names the bot and the chat', async () => {
    fake = await startTelegramFake();
    await expect(publisherFor(fake).verify!(AbortSignal.timeout(5_000))).resolves.toEqual({ account: '@crier_test_bot → @crier_news' });
  });
});

describe('the bot token never leaks', () => {
  const closedPort = async () => {
    const srv = createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const port = (srv.address() as { port: number }).port;
    await new Promise<void>((r) => srv.close(() => r()));
    return `http://127.0.0.1:${port}`;
  };
  const everything = (err: unknown) => `${String(err)} ${JSON.stringify(err)} ${inspect(err, { depth: 10 })} ${(err as PublishError).detail ?? ''}`;

  it.each([
    ['401', () => telegramFaults.unauthorized()],
    ['403', () => telegramFaults.forbidden()],
    ['429', () => telegramFaults.tooManyRequests(3)],
    ['502', () => telegramFaults.serverError()],
    ['400', () => telegramFaults.badRequest()],
    ['drop-before', () => telegramFaults.dropBefore()],
    ['drop-after', () => telegramFaults.dropAfter()],
  ])('in errors from a %s', async (_name, fault) => {
    fake = await startTelegramFake();
    fake.fail(fault());
    const err = await publisherFor(fake).publish(draft(), testPublishContext()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PublishError);
    expect(everything(err)).not.toContain(fake.token);
    expect(everything(err)).not.toContain('TEST-token');
  });

  it('in errors from a refused connection or an unparsable base URL (undici copies the URL into the cause)', async () => {
    fake = await startTelegramFake();
    for (const apiBaseUrl of [await closedPort(), 'http://exa mple.invalid']) {
      const err = await publisherFor(fake, '@crier_news', { apiBaseUrl }).publish(draft(), testPublishContext()).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PublishError);
      expect(everything(err)).not.toContain('TEST-token');
    }
  });

  it('in the error for a malformed token', () => {
    const bad = 'not a token/../x';
    expect(() => createTelegramPublisher({ apiBaseUrl: 'https://api.telegram.org', chatId: '@x', sendPhoto: true, botToken: bad })).toThrow(/does not look like a bot token/);
    try {
      createTelegramPublisher({ apiBaseUrl: 'https://api.telegram.org', chatId: '@x', sendPhoto: true, botToken: bad });
    } catch (err) {
      expect(String(err)).not.toContain(bad);
    }
  });
});
