import { describe, expect, it } from 'vitest';
import type { LivePublisher } from '../../../src/publishers/publisher.js';
import { createSlackPublisher } from '../../../src/publishers/slack/slack-publisher.js';

describe('slack lifecycle', () => {
  it('an incoming webhook cannot edit, reply to or delete its messages: declared, and no call offered', () => {
    const slack: LivePublisher = createSlackPublisher({ webhookUrl: 'https://hooks.slack.com/services/T000/B000/XXXX', apiBaseUrl: 'https://hooks.slack.com', defaultApiBaseUrl: 'https://hooks.slack.com' });
    expect(slack.corrections).toEqual({ edit: false, reply: false, remove: false });
    expect([slack.edit, slack.reply, slack.remove]).toEqual([undefined, undefined, undefined]);
  });
});
