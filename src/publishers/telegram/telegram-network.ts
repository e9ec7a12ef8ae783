import { utf16Length } from '../../text/length-counters.js';
import { fitDraft } from '../../drafts/fit-draft.js';
import type { CopyBudgets } from '../../drafts/sentence-budget.js';
import { defineNetwork, type FormatInput } from '../publisher.js';
import { TELEGRAM_MAX_CAPTION_LENGTH, TELEGRAM_MAX_TEXT_LENGTH } from './telegram-html.js';
import { telegramSpec, type TelegramOptions } from './telegram-options.js';
import { createTelegramPublisher } from './telegram-publisher.js';

export { TELEGRAM_MAX_CAPTION_LENGTH, TELEGRAM_MAX_TEXT_LENGTH } from './telegram-html.js';
export { TELEGRAM_DEFAULT_API_BASE_URL, telegramOptionsSchema } from './telegram-options.js';

/** The photo path is taken when the channel allows it and the article has an image. */
export function telegramUsesPhoto(options: Pick<TelegramOptions, 'sendPhoto'>, imageUrl: string | undefined): boolean {
  return options.sendPhoto && imageUrl !== undefined && imageUrl !== '';
}

/** With a photo the whole post is its caption, so the draft is fitted to the caption limit. */
export function formatTelegram(input: FormatInput<TelegramOptions>) {
  const limit = telegramUsesPhoto(input.options, input.imageUrl) ? TELEGRAM_MAX_CAPTION_LENGTH : TELEGRAM_MAX_TEXT_LENGTH;
  return fitDraft(input, { limit, count: utf16Length, copy: TELEGRAM_COPY });
}

/** Three sentences of the long picks; three hashtags at most. */
export const TELEGRAM_COPY: CopyBudgets = { summaryBudget: 'long', sentenceBudget: 3, hashtagCap: 3 };

export const telegramNetwork = defineNetwork({
  ...telegramSpec,
  ...TELEGRAM_COPY,
  displayName: 'Telegram channel',
  limit: TELEGRAM_MAX_TEXT_LENGTH,
  count: utf16Length,
  format: formatTelegram,
  createLive: ({ options, secrets }) =>
    createTelegramPublisher({
      apiBaseUrl: options.apiBaseUrl,
      chatId: options.chatId ?? '',
      sendPhoto: options.sendPhoto,
      botToken: secrets['BOT_TOKEN'] ?? '',
    }),
  // The Bot API has no idempotency key and no duplicate check: a lost answer needs a human.
  retryAfterUnknownIsSafe: false,
});
