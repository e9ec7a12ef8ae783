import { afterEach, describe, expect, it } from 'vitest';
import type { Draft } from '../../../src/drafts/draft.js';
import { createDiscordPublisher } from '../../../src/publishers/discord/discord-publisher.js';
import { AuthError, PermanentError, RetryableError } from '../../../src/publishers/errors.js';
import type { LivePublisher } from '../../../src/publishers/publisher.js';
import { testPublishContext } from '../../contract/publish-context.js';
import { startDiscordFake, type DiscordFake } from '../../fakes/discord-fake.js';

const draft = (text: string): Draft => ({ text, length: 0, limit: 2000, url: 'https://news.example/engines', title: 'Engines', description: 'Engines.', hashtags: [] });
type Lifecycle = Required<Pick<LivePublisher, 'edit' | 'remove' | 'corrections'>>;

let fake: DiscordFake | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

async function setup(webhookUrl = 'https://discord.com/api/webhooks/1/abc') {
  fake = await startDiscordFake();
  const original = createDiscordPublisher({ webhookUrl: 'https://discord.com/api/webhooks/1/abc', apiBaseUrl: fake.url, defaultApiBaseUrl: 'https://discord.com' });
  const publisher = createDiscordPublisher({ webhookUrl, apiBaseUrl: fake.url, defaultApiBaseUrl: 'https://discord.com' }) as LivePublisher & Lifecycle;
  const first = await original.publish(draft('Six engines @everyone'), testPublishContext());
  return { fake, publisher, remoteId: first.remoteId! };
}

describe('discord lifecycle against the fake webhook', () => {
  it('declares edit and delete but no reply (a webhook cannot reply)', async () => {
    const { publisher } = await setup();
    expect(publisher.corrections).toEqual({ edit: true, reply: false, remove: true });
    expect((publisher as LivePublisher).reply).toBeUndefined();
  });

  it('edit PATCHes the message in place, mentions still disabled; a lost answer is a plain retry', async () => {
    const { fake, publisher, remoteId } = await setup();
    const receipt = await publisher.edit({ remoteId }, draft('Eight engines @everyone'), testPublishContext());
    expect(receipt).toMatchObject({ remoteId, confirmed: true });
    expect(fake.messages[0]).toMatchObject({ id: remoteId, content: 'Eight engines @everyone', edited: true, allowedMentions: { parse: [] } });
    expect(fake.server.requests.at(-1)).toMatchObject({ method: 'PATCH', path: `/api/webhooks/1/abc/messages/${remoteId}` });
    fake.server.fault('PATCH /api/webhooks/:id/:token/messages/:messageId', { kind: 'drop-after' });
    await expect(publisher.edit({ remoteId }, draft('Eight engines'), testPublishContext())).rejects.toBeInstanceOf(RetryableError);
    await publisher.edit({ remoteId }, draft('Eight engines'), testPublishContext());
    expect(fake.messages).toHaveLength(1);
    expect(fake.messages[0]!.content).toBe('Eight engines');
  });

  it('delete removes the message; 404 Unknown Message (10008) is already gone', async () => {
    const { fake, publisher, remoteId } = await setup();
    await expect(publisher.remove({ remoteId }, testPublishContext())).resolves.toEqual({ alreadyGone: false });
    expect(fake.messages).toHaveLength(0);
    await expect(publisher.remove({ remoteId }, testPublishContext())).resolves.toMatchObject({ alreadyGone: true });
    await expect(publisher.edit({ remoteId }, draft('x'), testPublishContext())).rejects.toMatchObject({ constructor: PermanentError, reason: 'gone' });
  });

  it('a deleted webhook (404 Unknown Webhook) or a wrong token (401) is an AuthError, never "already gone"', async () => {
    const { fake, publisher, remoteId } = await setup('https://discord.com/api/webhooks/1/wrong');
    await expect(publisher.remove({ remoteId }, testPublishContext())).rejects.toBeInstanceOf(AuthError);
    await expect(publisher.edit({ remoteId }, draft('x'), testPublishContext())).rejects.toBeInstanceOf(AuthError);
    fake.webhooks[0]!.deleted = true;
    await expect(publisher.remove({ remoteId }, testPublishContext())).rejects.toBeInstanceOf(AuthError);
    expect(fake.messages).toHaveLength(1);
  });
});
