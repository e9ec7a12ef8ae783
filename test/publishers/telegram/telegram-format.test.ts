import { describe, expect, it } from 'vitest';
import type { FormatInput } from '../../../src/drafts/draft.js';
import { escapeTelegramHtml, toTelegramHtml } from '../../../src/publishers/telegram/telegram-html.js';
import { formatTelegram, TELEGRAM_MAX_CAPTION_LENGTH, TELEGRAM_MAX_TEXT_LENGTH, telegramNetwork, telegramOptionsSchema } from '../../../src/publishers/telegram/telegram-network.js';
import type { TelegramOptions } from '../../../src/publishers/telegram/telegram-options.js';
import { parseTelegramHtml } from '../../fakes/telegram-fake.js';

const URL = 'https://news.example/story?id=7&utm_source=telegram';

function input(overrides: Partial<FormatInput<TelegramOptions>> = {}, sentences = 3, sentenceWords = 20): FormatInput<TelegramOptions> {
  const sentence = (i: number) => `Sentence ${i} ${'word '.repeat(sentenceWords).trim()} & more <detail>.`;
  return {
    summary: { articleKey: 'a1', title: 'Tom &amp; Jerry &lt;b&gt;return&lt;/b&gt;', url: URL, sentences: Array.from({ length: sentences }, (_, i) => sentence(i)), hashtags: ['Cartoons'], producedBy: 'test' },
    url: URL,
    template: telegramNetwork.defaultTemplate,
    maxHashtags: 3,
    options: telegramOptionsSchema.parse({}),
    ...overrides,
  };
}

describe('telegram HTML', () => {
  it('escapes & < > so a headline like <b>Tom & Jerry</b> is seen literally', () => {
    const draft = { title: '<b>Tom & Jerry</b>', text: '<b>Tom & Jerry</b>\n\nA & B > C' };
    const html = toTelegramHtml(draft);
    expect(html).toBe('<b>&lt;b&gt;Tom &amp; Jerry&lt;/b&gt;</b>\n\nA &amp; B &gt; C');
    expect(parseTelegramHtml(html)).toEqual({ text: draft.text });
  });

  it('bolds the title only when the text starts with it', () => {
    expect(toTelegramHtml({ title: 'Hi', text: 'Hi there' })).toBe('<b>Hi</b> there');
    expect(toTelegramHtml({ title: 'Other', text: 'Hi & bye' })).toBe('Hi &amp; bye');
    expect(toTelegramHtml({ title: '', text: 'x<y' })).toBe('x&lt;y');
  });

  it('escaping never changes the visible length (what Telegram counts)', () => {
    const text = '&&<<>> a&b <i>not a tag</i> 😀';
    const parsed = parseTelegramHtml(escapeTelegramHtml(text));
    expect(parsed).toEqual({ text });
  });
});

describe('telegram format', () => {
  it('fits a text message to 4,096 visible characters, URL intact', () => {
    const draft = formatTelegram(input({}, 60, 15));
    expect(draft.limit).toBe(TELEGRAM_MAX_TEXT_LENGTH);
    expect(draft.text.length).toBeLessThanOrEqual(TELEGRAM_MAX_TEXT_LENGTH);
    expect(draft.text.length).toBeGreaterThan(3_000);
    expect(draft.text).toContain(URL);
    expect(draft.length).toBe(draft.text.length);
  });

  it('fits to the 1,024 caption when the photo path is used', () => {
    const draft = formatTelegram(input({ imageUrl: 'https://news.example/p.jpg' }, 20, 15));
    expect(draft.limit).toBe(TELEGRAM_MAX_CAPTION_LENGTH);
    expect(draft.text.length).toBeLessThanOrEqual(TELEGRAM_MAX_CAPTION_LENGTH);
    expect(draft.text).toContain(URL);
    expect(draft.imageUrl).toBe('https://news.example/p.jpg');
  });

  it('uses the text limit when sendPhoto is off, even with an image', () => {
    const draft = formatTelegram(input({ imageUrl: 'https://news.example/p.jpg', options: telegramOptionsSchema.parse({ sendPhoto: false }) }, 20, 15));
    expect(draft.limit).toBe(TELEGRAM_MAX_TEXT_LENGTH);
    expect(draft.text.length).toBeGreaterThan(TELEGRAM_MAX_CAPTION_LENGTH);
  });

  it('the draft holds visible text: decoded title, raw & and < >', () => {
    const draft = formatTelegram(input());
    expect(draft.text.startsWith('Tom & Jerry <b>return</b>')).toBe(true);
    expect(parseTelegramHtml(toTelegramHtml(draft))).toEqual({ text: draft.text });
  });
});

describe('telegram options', () => {
  const parse = (o: Record<string, unknown>) => telegramNetwork.optionsSchema.safeParse(o);
  it('accepts @channel and numeric ids (YAML numbers too) and defaults sendPhoto', () => {
    expect(parse({ chatId: '@crier_news' }).data).toMatchObject({ chatId: '@crier_news', sendPhoto: true, apiBaseUrl: 'https://api.telegram.org' });
    expect(parse({ chatId: -1001234567890 }).data).toMatchObject({ chatId: '-1001234567890' });
  });
  it('rejects a malformed chat id and a live channel without one', () => {
    expect(parse({ chatId: 'crier news' }).success).toBe(false);
    const live = parse({ mode: 'live' });
    expect(live.success).toBe(false);
    expect(live.error?.issues[0]?.path).toEqual(['chatId']);
    expect(parse({ mode: 'dry-run' }).success).toBe(true);
  });
});
