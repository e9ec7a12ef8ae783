import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import type { Draft } from '../../../src/drafts/draft.js';
import { createDiscordPublisher } from '../../../src/publishers/discord/discord-publisher.js';
import { AuthError, PublishError, RateLimitedError, RetryableError, UnknownOutcomeError } from '../../../src/publishers/errors.js';
import { memoryStore, testPublishContext } from '../../contract/publish-context.js';
import { discordFaults, startDiscordFake, type DiscordFake } from '../../fakes/discord-fake.js';

const SECRET = 'https://discord.com/api/webhooks/1/abc';
const draft: Draft = {
  text: 'Council approves budget. @everyone should read it.',
  length: 0,
  limit: 2000,
  url: 'https://news.example/budget?a=1&b=2',
  title: 'Council approves <new> budget',
  description: 'A short card description.',
  imageUrl: 'https://news.example/p.jpg',
  hashtags: [],
};

let fake: DiscordFake | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});
const publisherFor = (f: DiscordFake, webhookUrl = SECRET, apiBaseUrl = f.url) => createDiscordPublisher({ webhookUrl, apiBaseUrl, defaultApiBaseUrl: 'https://discord.com' });

describe('discord publisher against the fake webhook', () => {
  it('executes with wait=true and reads the message id and guild link back', async () => {
    fake = await startDiscordFake();
    const receipt = await publisherFor(fake).publish(draft, testPublishContext());
    const [req] = fake.executeRequests();
    expect(req?.path).toBe('/api/webhooks/1/abc');
    expect(req?.query.get('wait')).toBe('true');
    const [msg] = fake.messages;
    expect(msg).toMatchObject({ waited: true, content: draft.text, allowedMentions: { parse: [] } });
    expect(msg?.embeds[0]).toMatchObject({ title: draft.title, url: draft.url, description: draft.description, image: { url: draft.imageUrl } });
    expect(receipt).toEqual({ remoteId: msg?.id, remoteUrl: `https://discord.com/channels/111/222/${msg?.id}`, confirmed: true });
  });

  it('falls back to an @me link when the answer has no guild_id', async () => {
    fake = await startDiscordFake({ webhooks: [{ id: '1', token: 'abc', channelId: '222' }] });
    const receipt = await publisherFor(fake).publish(draft, testPublishContext());
    expect(receipt.remoteUrl).toMatch(/^https:\/\/discord\.com\/channels\/@me\/222\/\d+$/);
  });

  it('429: waits for the float retry_after, not the rounded Retry-After', async () => {
    fake = await startDiscordFake();
    fake.fail(discordFaults.rateLimited(1.337));
    const before = Date.now();
    const err = (await publisherFor(fake).publish(draft, testPublishContext()).catch((e: unknown) => e)) as RateLimitedError;
    expect(err).toBeInstanceOf(RateLimitedError);
    expect(err.untilMs - before).toBeGreaterThanOrEqual(1_337);
    expect(err.untilMs - Date.now()).toBeLessThan(1_500);
    expect(err.scope).toBe('channel');
  });

  it('404: the webhook is gone, the channel halts, and the webhook is never called again', async () => {
    fake = await startDiscordFake();
    fake.webhooks[0]!.deleted = true;
    const channelState = memoryStore();
    const publisher = publisherFor(fake);
    const err = await publisher.publish(draft, testPublishContext({ channelState })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect((err as AuthError).message).toMatch(/webhook deleted.*replace DISCORD_WEBHOOK_URL/);
    expect((err as AuthError).keepPost).toBe(true);
    // Even after someone resumes the channel without replacing the URL: no second call.
    await expect(publisher.publish(draft, testPublishContext({ channelState }))).rejects.toBeInstanceOf(AuthError);
    expect(fake.executeRequests()).toHaveLength(1);
    // A new webhook URL is a different fingerprint and gets used.
    fake.webhooks.push({ id: '2', token: 'def', channelId: '333', guildId: '111' });
    await expect(publisherFor(fake, 'https://discord.com/api/webhooks/2/def').publish(draft, testPublishContext({ channelState }))).resolves.toMatchObject({ confirmed: true });
  });

  it('a lost answer is an unknown outcome (the message exists once)', async () => {
    fake = await startDiscordFake();
    fake.fail(discordFaults.dropAfter());
    await expect(publisherFor(fake).publish(draft, testPublishContext())).rejects.toBeInstanceOf(UnknownOutcomeError);
    expect(fake.messages).toHaveLength(1);
  });

  it('the webhook token never appears in errors', async () => {
    fake = await startDiscordFake();
    for (const fault of [discordFaults.unauthorized(), discordFaults.serverError(), discordFaults.dropAfter(), discordFaults.unknownWebhook()]) {
      fake.fail(fault);
      const err = await publisherFor(fake, 'https://discord.com/api/webhooks/1/abc').publish(draft, testPublishContext()).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PublishError);
      expect(`${String(err)} ${JSON.stringify(err)} ${inspect(err, { depth: 10 })}`).not.toContain('/1/abc');
    }
    // URL's own TypeError quotes its input: a bad base must fail with a clean message.
    let bad: unknown;
    try {
      publisherFor(fake, SECRET, 'http://exa mple.invalid');
    } catch (e) {
      bad = e;
    }
    expect(String(bad)).toMatch(/apiBaseUrl is not a valid base URL/);
    expect(inspect(bad, { depth: 10 })).not.toContain('/1/abc');
  });
});

describe('discord verify', () => {
  it('reads the webhook without posting', async () => {
    fake = await startDiscordFake();
    await expect(publisherFor(fake).verify!(AbortSignal.timeout(5_000))).resolves.toEqual({ account: 'webhook "Crier" → channel 222' });
    expect(fake.messages).toHaveLength(0);
    expect(fake.server.requests.map((r) => [r.method, r.path, r.query.get('wait')])).toEqual([['GET', '/api/webhooks/1/abc', null]]);
  });

  it('a failing channel state read is a plain retry, not an unexpected error', async () => {
    fake = await startDiscordFake();
    const broken = { get: async () => Promise.reject(new Error('redis down')), set: async () => undefined };
    await expect(publisherFor(fake).publish(draft, testPublishContext({ channelState: broken }))).rejects.toBeInstanceOf(RetryableError);
    expect(fake.server.requests).toHaveLength(0);
  });
});
