import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { networkSpecs } from '../../src/publishers/network-specs.js';
import type { LivePublisher } from '../../src/publishers/publisher.js';
import { checkChannel, type CheckChannelContext } from '../../cli/commands/check.command.js';

const TOKEN = '123456789:AAHsecretBotTokenThatMustNotShow_42';
const WEBHOOK = 'https://discord.com/api/webhooks/1234/abcdefghijklmnopqrstuvwxyz0123456789';

/** A fake network: its verify() fails with a message that echoes what it was given, as a proxy's error page does. */
function echoingContext(echo: string): CheckChannelContext {
  const publisher = {
    channel: 'echo',
    network: 'echo',
    post: () => Promise.reject(new Error('not posting in a check')),
    verify: () => Promise.reject(new Error(`401 from https://api.example/bot${echo}/getMe: token ${echo} (url-encoded ${encodeURIComponent(echo)}) is revoked`)),
  } as unknown as LivePublisher;
  return { publisher: () => publisher, control: { state: () => undefined as never } };
}

describe('crier check prints a failed verify() only through the channel scrubber', () => {
  const config = parseConfig(
    { feeds: [{ id: 'desk', url: 'https://southasiandesk.example/feed.xml' }], networks: { telegram: { mode: 'live', chatId: '@desk' }, discord: { mode: 'live' } } },
    { env: { TELEGRAM_BOT_TOKEN: TOKEN, DISCORD_WEBHOOK_URL: WEBHOOK }, networks: networkSpecs },
  );
  const channel = (id: string) => config.channels.find((c) => c.id === id) ?? expect.unreachable(`no channel ${id}`);

  it('a bot token echoed as is and URL-encoded is redacted; the rest of the reason stays', async () => {
    const row = await checkChannel(config, echoingContext(TOKEN), channel('telegram'));
    expect(row.status).toBe('FAIL');
    expect(row.detail).not.toContain(TOKEN);
    expect(row.detail).not.toContain(encodeURIComponent(TOKEN));
    expect(row.detail).not.toContain('AAHsecretBotToken');
    expect(row.detail).toContain('[redacted]');
    expect(row.detail).toContain('is revoked');
  });

  it('a webhook URL and its token segment are redacted', async () => {
    const row = await checkChannel(config, echoingContext(WEBHOOK), channel('discord'));
    expect(row.status).toBe('FAIL');
    expect(row.detail).not.toContain('abcdefghijklmnopqrstuvwxyz0123456789');
    expect(row.detail).toContain('is revoked');
  });
});
