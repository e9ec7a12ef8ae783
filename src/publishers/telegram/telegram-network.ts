import { utf16Length } from '../../text/length-counters.js';
import { fitDraft } from '../../drafts/fit-draft.js';
import type { FormatInput, NetworkDefinition } from '../publisher.js';
import { TELEGRAM_MAX_CAPTION_LENGTH, TELEGRAM_MAX_TEXT_LENGTH } from './telegram-html.js';
import { TELEGRAM_DEFAULT_API_BASE_URL, telegramSpec } from './telegram-options.js';
import { createTelegramPublisher } from './telegram-publisher.js';

export { TELEGRAM_MAX_CAPTION_LENGTH, TELEGRAM_MAX_TEXT_LENGTH } from './telegram-html.js';
export { TELEGRAM_DEFAULT_API_BASE_URL, telegramOptionsSchema } from './telegram-options.js';

/** The photo path is taken when the channel allows it and the article has an image. */
export function telegramUsesPhoto(options: Record<string, unknown>, imageUrl: string | undefined): boolean {
  return options['sendPhoto'] !== false && imageUrl !== undefined && imageUrl !== '';
}

/** With a photo the whole post is its caption, so the draft is fitted to the caption limit. */
export function formatTelegram(input: FormatInput) {
  const limit = telegramUsesPhoto(input.options, input.imageUrl) ? TELEGRAM_MAX_CAPTION_LENGTH : TELEGRAM_MAX_TEXT_LENGTH;
  return fitDraft(input, { limit, count: utf16Length });
}

export const telegramNetwork: NetworkDefinition = {
  ...telegramSpec,
  displayName: 'Telegram channel',
  limit: TELEGRAM_MAX_TEXT_LENGTH,
  count: utf16Length,
  format: formatTelegram,
  createLive: ({ options, secrets }) =>
    createTelegramPublisher({
      apiBaseUrl: String(options['apiBaseUrl'] ?? TELEGRAM_DEFAULT_API_BASE_URL),
      chatId: typeof options['chatId'] === 'string' ? options['chatId'] : '',
      sendPhoto: options['sendPhoto'] !== false,
      botToken: secrets['BOT_TOKEN'] ?? '',
    }),
  // The Bot API has no idempotency key and no duplicate check: a lost answer needs a human.
  retryAfterUnknownIsSafe: false,
};
