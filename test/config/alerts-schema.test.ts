import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config/load-config.js';

const feeds = [{ id: 'metro', url: 'https://example.org/feed.xml' }];

function problems(alerts: unknown, env: Record<string, string> = {}): string[] {
  try {
    parseConfig({ feeds, alerts }, { env });
    return [];
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return err.issues.map((i) => `${i.path}: ${i.message}`);
  }
}

describe('alerts: config', () => {
  it('reads each destination URL from the variable it names, never from the file', () => {
    const config = parseConfig({ feeds, alerts: [{ id: 'ops', type: 'slack', urlEnv: 'OPS_SLACK_URL', events: ['feed-failing'] }] }, { env: { OPS_SLACK_URL: 'https://hooks.slack.com/services/T/B/secret' } });
    expect(config.alertSecrets.ops?.url).toBe('https://hooks.slack.com/services/T/B/secret');
    expect(JSON.stringify(config)).not.toContain('hooks.slack.com');
    expect(config.alerts[0]).toMatchObject({ feedFailingMinutes: 15, maxPerHour: 30, credentialsWarnDays: [14, 3] });
  });

  it('reports every problem at once: a missing variable, an unknown key, an unknown event, a URL in the file, email without SMTP', () => {
    const found = problems([
      { id: 'ops', type: 'webhook', urlEnv: 'OPS_URL', events: ['feed-failing'] },
      { id: 'chat', type: 'discord', urlEnv: 'CHAT_URL', events: ['feed-failng'], feedFailingMinuts: 5 },
      { id: 'leak', type: 'slack', url: 'https://hooks.slack.com/x', events: ['post-failed'] },
    ]);
    expect(found).toEqual(expect.arrayContaining([
      expect.stringMatching(/^alerts\[1\]\.events\[0\]/),
      expect.stringMatching(/^alerts\[1\]\.feedFailingMinuts/),
      expect.stringMatching(/^alerts\[2\]\.url: secrets never go in the config file/),
    ]));
    expect(problems([{ id: 'ops', type: 'webhook', urlEnv: 'OPS_URL', events: ['feed-failing'] }])).toEqual(['alerts[0]: OPS_URL is not set: it must hold the webhook URL (or set OPS_URL_FILE)']);
    expect(problems([{ id: 'ops', type: 'webhook', urlEnv: 'OPS_URL', events: ['feed-failing'] }], { OPS_URL: 'ftp://x' })).toEqual(['alerts[0]: OPS_URL is not an http(s) URL']);
    expect(problems([{ id: 'mail', type: 'email', to: ['ops@example.org'], events: ['feed-failing'] }])[0]).toMatch(/^alerts\[0\]: type email needs SMTP_URL .* or SMTP_HOST/);
    expect(problems([{ id: 'mail', type: 'email', to: ['ops@example.org'], events: ['feed-failing'] }], { SMTP_HOST: 'mail.example.org', SMTP_PORT: '465' })).toEqual([]);
    expect(problems([{ id: 'a', type: 'slack', events: ['feed-failing'] }, { id: 'a', type: 'email', events: ['feed-failing'] }])).toEqual(expect.arrayContaining([
      expect.stringMatching(/^alerts\[0\]\.urlEnv: type slack needs urlEnv/),
      expect.stringMatching(/^alerts\[1\]\.to: type email needs to/),
      expect.stringMatching(/^alerts\[1\]\.id: duplicate alert destination id "a"/),
    ]));
  });
});
