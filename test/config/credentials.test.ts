import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config/load-config.js';
import { networkRegistry as networks } from '../../src/publishers/registry.js';

const feeds = [{ id: 'desk', url: 'https://southasiandesk.example/feed.xml' }];
const SECRET = 'sekrit-Value-42';

/** Every problem of a config with these channels, as `path: message` lines. */
function problems(channels: Record<string, unknown>, env: Record<string, string>, extra: Record<string, unknown> = {}): string[] {
  try {
    parseConfig({ feeds, networks: channels, ...extra }, { env, networks });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    const lines = err.issues.map((i) => `${i.path}: ${i.message}`);
    // The variable is named, its value never shown.
    expect(`${lines.join('\n')}\n${err.message}`).not.toContain(SECRET);
    return lines;
  }
  return [];
}

describe('live credentials are checked when the config loads, one network at a time', () => {
  it('discord: a malformed webhook URL names DISCORD_WEBHOOK_URL', () => {
    for (const bad of [`https://discord.com/api/webhook/1/${SECRET}`, `http://discord.com/api/webhooks/1/${SECRET}`, `https://evil.example/api/webhooks/1/${SECRET}`, `discord.com/api/webhooks/1/${SECRET}`]) {
      expect(problems({ discord: { mode: 'live' } }, { DISCORD_WEBHOOK_URL: bad })).toEqual([expect.stringMatching(/^networks\.discord: DISCORD_WEBHOOK_URL is not a (Discord webhook URL|URL)/)]);
    }
    for (const good of ['https://discord.com/api/webhooks/1/abc', 'https://canary.discord.com/api/webhooks/12/a-b_c', 'https://discordapp.com/api/webhooks/1/abc?thread_id=9', 'https://ptb.discord.com/api/v10/webhooks/1/abc']) {
      expect(problems({ discord: { mode: 'live' } }, { DISCORD_WEBHOOK_URL: good })).toEqual([]);
    }
  });

  it('slack: a malformed webhook URL names SLACK_WEBHOOK_URL', () => {
    for (const bad of [`https://hooks.slack.com/workflows/T1/${SECRET}`, `https://hooks.slack.com/services/${SECRET}`, `https://slack.com/services/T1/B2/${SECRET}`]) {
      expect(problems({ slack: { mode: 'live' } }, { SLACK_WEBHOOK_URL: bad })).toEqual([expect.stringMatching(/^networks\.slack: SLACK_WEBHOOK_URL is not a Slack webhook URL/)]);
    }
    expect(problems({ slack: { mode: 'live' } }, { SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T000/B000/XXXX' })).toEqual([]);
  });

  it('telegram: a token that is not a bot token, and a missing chat id', () => {
    const found = problems({ telegram: { mode: 'live' } }, { TELEGRAM_BOT_TOKEN: SECRET });
    expect(found).toEqual(expect.arrayContaining([expect.stringMatching(/^networks\.telegram: TELEGRAM_BOT_TOKEN is not a Telegram bot token/), expect.stringMatching(/^networks\.telegram\.chatId: /)]));
    expect(problems({ telegram: { mode: 'live', chatId: '@crier_news' } }, { TELEGRAM_BOT_TOKEN: '123456:TEST-token_abc' })).toEqual([]);
  });

  it('facebook: a missing Page token and a missing Page id, reported together', () => {
    const found = problems({ facebook: { mode: 'live' } }, {});
    expect(found).toEqual([expect.stringMatching(/^networks\.facebook: live mode needs FACEBOOK_PAGE_TOKEN/), expect.stringMatching(/^networks\.facebook\.pageId: required in live mode/)]);
    expect(problems({ facebook: { mode: 'live', pageId: '1234' } }, { FACEBOOK_PAGE_TOKEN: 'EAAB-token' })).toEqual([]);
  });

  it('instagram: a missing user id and a missing publicBaseUrl', () => {
    const found = problems({ instagram: { mode: 'live' } }, { INSTAGRAM_ACCESS_TOKEN: 'ig-token' });
    expect(found).toEqual([expect.stringMatching(/^networks\.instagram\.userId: required in live mode/), expect.stringMatching(/^publicBaseUrl: required: .*\(networks\.instagram\)$/)]);
    expect(problems({ instagram: { mode: 'live', userId: '5678' } }, { INSTAGRAM_ACCESS_TOKEN: 'ig-token' }, { publicBaseUrl: 'https://crier.example' })).toEqual([]);
  });

  it('threads: a missing user id; a token with a space in it', () => {
    const found = problems({ threads: { mode: 'live' } }, { THREADS_ACCESS_TOKEN: `${SECRET} x` });
    expect(found).toEqual([expect.stringMatching(/^networks\.threads: THREADS_ACCESS_TOKEN contains whitespace/), expect.stringMatching(/^networks\.threads\.userId: required in live mode/)]);
    expect(problems({ threads: { mode: 'live', userId: '9012' } }, { THREADS_ACCESS_TOKEN: 'th-token' })).toEqual([]);
  });

  it('linkedin: a missing author URN and a missing token', () => {
    const found = problems({ linkedin: { mode: 'live' } }, {});
    expect(found).toEqual(expect.arrayContaining([expect.stringMatching(/^networks\.linkedin\.author: required in live mode/), expect.stringMatching(/^networks\.linkedin: live mode needs LINKEDIN_ACCESS_TOKEN/)]));
    expect(problems({ linkedin: { mode: 'live', author: 'urn:li:organization:1' } }, { LINKEDIN_ACCESS_TOKEN: 'li-token' })).toEqual([]);
  });

  it('mastodon: an empty token file is named by its variable', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'crier-creds-'));
    writeFileSync(path.join(dir, 'empty'), '\n');
    expect(problems({ mastodon: { mode: 'live' } }, { MASTODON_ACCESS_TOKEN_FILE: path.join(dir, 'empty') })).toEqual(
      expect.arrayContaining([expect.stringMatching(/^networks\.mastodon: MASTODON_ACCESS_TOKEN_FILE .* is empty/)]),
    );
    expect(problems({ mastodon: { mode: 'live' } }, { MASTODON_ACCESS_TOKEN: 'md-token' })).toEqual([]);
  });

  it('bluesky: an app password missing from the pair', () => {
    expect(problems({ bluesky: { mode: 'live' } }, { BLUESKY_IDENTIFIER: 'desk.bsky.social' })).toEqual([expect.stringMatching(/^networks\.bluesky: live mode needs BLUESKY_IDENTIFIER \+ BLUESKY_APP_PASSWORD/)]);
    expect(problems({ bluesky: { mode: 'live' } }, { BLUESKY_IDENTIFIER: 'desk.bsky.social', BLUESKY_APP_PASSWORD: `${SECRET}\tx` })).toEqual([expect.stringMatching(/^networks\.bluesky: BLUESKY_APP_PASSWORD contains whitespace/)]);
  });

  it('x: a half OAuth 1.0a set is reported with both ways to complete it; a whitespace token by its channel prefix', () => {
    expect(problems({ x: { mode: 'live' } }, { X_APP_KEY: 'k' })).toEqual([expect.stringMatching(/X_APP_SECRET .* or X_OAUTH2_TOKEN/)]);
    expect(problems({ 'x-urdu': { network: 'x', envPrefix: 'X_URDU', mode: 'live' } }, { X_URDU_OAUTH2_TOKEN: ` ${SECRET}` })).toEqual([expect.stringMatching(/^networks\.x-urdu: X_URDU_OAUTH2_TOKEN contains whitespace/)]);
  });

  it('every live problem of every channel is reported at once, with the rest of the config', () => {
    const found = problems({ discord: { mode: 'live' }, facebook: { mode: 'live' }, slack: { mode: 'live' } }, { DISCORD_WEBHOOK_URL: SECRET, SLACK_WEBHOOK_URL: SECRET }, { poller: { concurrency: 0 } });
    expect(found.filter((l) => /^(networks|poller)/.test(l)).length).toBeGreaterThanOrEqual(5);
  });

  it('disabled and dry-run channels need no credentials', () => {
    expect(problems({ discord: { mode: 'live', enabled: false }, facebook: { mode: 'dry-run' } }, {})).toEqual([]);
  });

  it('checkSecrets: false reads and validates no secret (Redis-only commands)', () => {
    const env = { DISCORD_WEBHOOK_URL: 'not a url', FACEBOOK_PAGE_TOKEN_FILE: '/nonexistent/token', CRIER_SESSION_SECRET: 'short' };
    expect(() => parseConfig({ feeds, networks: { discord: { mode: 'live' }, facebook: { mode: 'live', pageId: '1' } } }, { env, networks })).toThrow(ConfigError);
    const config = parseConfig({ feeds, networks: { discord: { mode: 'live' }, facebook: { mode: 'live', pageId: '1' } } }, { env, networks, checkSecrets: false });
    expect(config.secretsChecked).toBe(false);
    expect(config.channels.map((c) => c.secrets)).toEqual([{}, {}]);
    expect(config.webSecrets).toEqual({});
  });

  it('without the network registry, a channel is an unknown network (the config knows none of its own)', () => {
    expect(() => parseConfig({ feeds, networks: { x: {} } })).toThrow(/networks\.x: unknown network "x" \(known: none\)/);
  });
});
