import { describe, expect, it } from 'vitest';
import type { Draft, FormatInput } from '../../../src/drafts/draft.js';
import { DISCORD_MAX_CONTENT_LENGTH, discordNetwork, formatDiscord } from '../../../src/publishers/discord/discord-network.js';
import { discordPayload, executeUrl, messageUrl } from '../../../src/publishers/discord/discord-publisher.js';

const URL = 'https://news.example/story?id=7&utm_source=discord';

function input(overrides: Partial<FormatInput> = {}, sentences = 3): FormatInput {
  return {
    summary: { articleKey: 'a1', title: 'Tom & Jerry return', url: URL, sentences: Array.from({ length: sentences }, (_, i) => `Sentence ${i} has quite a few words in it to fill the post up nicely, @everyone.`), hashtags: ['Cartoons'], producedBy: 'test' },
    url: URL,
    template: discordNetwork.defaultTemplate,
    maxHashtags: discordNetwork.defaultMaxHashtags,
    options: {},
    ...overrides,
  };
}

describe('discord format', () => {
  it('fits the content to 2,000 characters; the link lives in the embed by default', () => {
    const draft = formatDiscord(input({}, 100));
    expect(draft.text.length).toBeLessThanOrEqual(DISCORD_MAX_CONTENT_LENGTH);
    expect(draft.text.length).toBeGreaterThan(1_800);
    expect(draft.text).not.toContain(URL);
    expect(draft.url).toBe(URL);
  });

  it('keeps the URL when the template asks for it', () => {
    const draft = formatDiscord(input({ template: '{title}\n\n{summary}\n\n{url}' }, 100));
    expect(draft.text.length).toBeLessThanOrEqual(DISCORD_MAX_CONTENT_LENGTH);
    expect(draft.text.endsWith(URL)).toBe(true);
  });
});

describe('discord payload', () => {
  const draft: Draft = { text: 'Summary text.', length: 13, limit: 2000, url: URL, title: 'T'.repeat(300), description: 'A card description.', imageUrl: 'https://news.example/p.jpg', hashtags: [] };

  it('builds one embed with title (≤ 256), description, URL and image, and disables mentions', () => {
    const p = discordPayload(draft) as { content: string; embeds: Array<Record<string, unknown>>; allowed_mentions: unknown };
    expect(p.content).toBe('Summary text.');
    expect(p.allowed_mentions).toEqual({ parse: [] });
    expect(p.embeds).toHaveLength(1);
    const [embed] = p.embeds;
    expect((embed?.['title'] as string).length).toBeLessThanOrEqual(256);
    expect(embed?.['title']).toMatch(/…$/);
    expect(embed).toMatchObject({ url: URL, description: 'A card description.', image: { url: 'https://news.example/p.jpg' } });
  });

  it('does not repeat the description the content already holds, and omits empty content', () => {
    const p = discordPayload({ ...draft, text: 'A card description. More.', imageUrl: undefined }) as { embeds: Array<Record<string, unknown>> };
    expect(p.embeds[0]).not.toHaveProperty('description');
    expect(p.embeds[0]).not.toHaveProperty('image');
    expect(discordPayload({ ...draft, text: '' })).not.toHaveProperty('content');
  });
});

describe('discord webhook URL', () => {
  const base = { defaultApiBaseUrl: 'https://discord.com' };
  it('adds wait=true and keeps the secret URL as is by default', () => {
    expect(executeUrl({ ...base, webhookUrl: 'https://discord.com/api/webhooks/1/abc', apiBaseUrl: 'https://discord.com' })).toBe('https://discord.com/api/webhooks/1/abc?wait=true');
    expect(executeUrl({ ...base, webhookUrl: 'https://discordapp.com/api/webhooks/1/abc?thread_id=9', apiBaseUrl: 'https://discord.com' })).toBe('https://discordapp.com/api/webhooks/1/abc?thread_id=9&wait=true');
  });
  it('an overriding apiBaseUrl replaces only the origin', () => {
    expect(executeUrl({ ...base, webhookUrl: 'https://discord.com/api/webhooks/1/abc', apiBaseUrl: 'http://127.0.0.1:9999' })).toBe('http://127.0.0.1:9999/api/webhooks/1/abc?wait=true');
  });
  it('rejects something that is not a webhook URL without echoing it', () => {
    expect(() => executeUrl({ ...base, webhookUrl: 'https://discord.com/channels/secret-xyz', apiBaseUrl: 'https://discord.com' })).toThrow(/not a Discord webhook URL/);
    expect(() => executeUrl({ ...base, webhookUrl: 'secret-xyz', apiBaseUrl: 'https://discord.com' })).toThrow(/^(?!.*secret-xyz)/);
  });
  it('links messages by guild, or @me when the guild is unknown', () => {
    expect(messageUrl({ id: '3', channel_id: '2', guild_id: '1' })).toBe('https://discord.com/channels/1/2/3');
    expect(messageUrl({ id: '3', channel_id: '2' })).toBe('https://discord.com/channels/@me/2/3');
  });
});
