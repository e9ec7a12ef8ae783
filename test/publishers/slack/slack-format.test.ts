import { describe, expect, it } from 'vitest';
import type { Draft, FormatInput } from '../../../src/drafts/draft.js';
import { escapeMrkdwn, headlineLink, slackLength, slackMessage } from '../../../src/publishers/slack/slack-mrkdwn.js';
import { formatSlack, SLACK_SECTION_TEXT_MAX, slackNetwork } from '../../../src/publishers/slack/slack-network.js';
import { webhookTarget } from '../../../src/publishers/slack/slack-publisher.js';
import { mrkdwnLinks, renderMrkdwn } from '../../fakes/slack-fake.js';

const URL = 'https://news.example/story?id=7&utm_source=slack|x';

function input(overrides: Partial<FormatInput> = {}, sentences = 3, sentence = 'Tom & Jerry <3 cheese & crackers, said the <b>council</b>.'): FormatInput {
  return {
    summary: { articleKey: 'a1', title: 'Headline', url: URL, sentences: Array.from({ length: sentences }, () => sentence), hashtags: [], producedBy: 'test' },
    url: URL,
    template: slackNetwork.defaultTemplate,
    maxHashtags: slackNetwork.defaultMaxHashtags,
    options: {},
    ...overrides,
  };
}

describe('slack mrkdwn', () => {
  it('a headline like <b>Tom & Jerry</b> reaches the reader as that text, linking to the exact URL', () => {
    const link = headlineLink(URL, '<b>Tom & Jerry</b>');
    expect(link).toBe('<https://news.example/story?id=7&amp;utm_source=slack%7Cx|&lt;b&gt;Tom &amp; Jerry&lt;/b&gt;>');
    expect(renderMrkdwn(link)).toBe('<b>Tom & Jerry</b>');
    expect(mrkdwnLinks(link)).toEqual(['https://news.example/story?id=7&utm_source=slack%7Cx']);
  });

  it('builds a bold headline section and a body section; text is the notification fallback', () => {
    const draft: Draft = { text: 'A & B <c>', length: 0, limit: 3000, url: 'https://n.example/a', title: 'Title', description: '', hashtags: [] };
    expect(slackMessage(draft)).toEqual({
      text: '<https://n.example/a|Title>',
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: '*<https://n.example/a|Title>*' } },
        { type: 'section', text: { type: 'mrkdwn', text: 'A &amp; B &lt;c&gt;' } },
      ],
    });
  });

  it('drops an empty body section (Slack rejects empty text) and links the bare URL without a title', () => {
    const draft: Draft = { text: '  ', length: 0, limit: 3000, url: 'https://n.example/a', title: '', description: '', hashtags: [] };
    expect(slackMessage(draft).blocks).toEqual([{ type: 'section', text: { type: 'mrkdwn', text: '*<https://n.example/a>*' } }]);
  });

  it('cuts an absurd headline so the section stays valid', () => {
    expect(renderMrkdwn(headlineLink(URL, 'word '.repeat(2_000))).length).toBeLessThanOrEqual(300);
  });

  it('counts the escaped length (what the section limit applies to)', () => {
    expect(slackLength('a&b<c>')).toBe(escapeMrkdwn('a&b<c>').length);
    expect(slackLength('a&b<c>')).toBe(16);
  });
});

describe('slack format', () => {
  it('fits the body to 3,000 escaped characters even when escapes inflate it', () => {
    const draft = formatSlack(input({}, 200));
    expect(escapeMrkdwn(draft.text).length).toBeLessThanOrEqual(SLACK_SECTION_TEXT_MAX);
    expect(draft.text.length).toBeLessThan(SLACK_SECTION_TEXT_MAX - 200);
    expect(draft.length).toBe(escapeMrkdwn(draft.text).length);
    expect(draft.length).toBeGreaterThan(2_800);
  });

  it('the link is in the headline by default, in the body only when the template asks', () => {
    expect(formatSlack(input()).text).not.toContain('https://');
    expect(formatSlack(input({ template: '{summary}\n{url}' })).text).toContain(URL);
  });

  it('the visible body is the draft text exactly', () => {
    const draft = formatSlack(input());
    const body = slackMessage(draft).blocks[1] as { text: { text: string } };
    expect(renderMrkdwn(body.text.text)).toBe(draft.text);
  });
});

describe('slack webhook URL', () => {
  const base = { defaultApiBaseUrl: 'https://hooks.slack.com' };
  it('keeps the secret URL by default and swaps only the origin when overridden', () => {
    expect(webhookTarget({ ...base, webhookUrl: 'https://hooks.slack.com/services/T1/B2/xyz', apiBaseUrl: 'https://hooks.slack.com' })).toBe('https://hooks.slack.com/services/T1/B2/xyz');
    expect(webhookTarget({ ...base, webhookUrl: 'https://hooks.slack.com/services/T1/B2/xyz', apiBaseUrl: 'http://127.0.0.1:9' })).toBe('http://127.0.0.1:9/services/T1/B2/xyz');
  });
  it('rejects a non-webhook URL without quoting it', () => {
    expect(() => webhookTarget({ ...base, webhookUrl: 'https://example.com/secret-xyz', apiBaseUrl: 'https://hooks.slack.com' })).toThrow(/not a Slack webhook URL/);
    expect(() => webhookTarget({ ...base, webhookUrl: 'secret-xyz', apiBaseUrl: 'https://hooks.slack.com' })).toThrow(/^(?!.*secret-xyz)/);
  });
});
