import type { Draft } from '../../drafts/draft.js';

/**
 * Bot API limits, in UTF-16 code units of the text *after* entity parsing (Telegram's entity
 * offsets are UTF-16, so that is its unit). Drafts hold the visible text; the markup and escapes
 * added below are not counted, exactly as Telegram does not count them.
 */
export const TELEGRAM_MAX_TEXT_LENGTH = 4_096;
export const TELEGRAM_MAX_CAPTION_LENGTH = 1_024;

/**
 * Telegram's HTML parse mode: every `&`, `<` and `>` that is not markup must be an entity, or
 * the Bot API answers 400 "can't parse entities". Telegram's length limits (4,096 for a
 * message, 1,024 for a caption) count the text *after* entity parsing, so the draft is fitted
 * and counted as plain visible text, and the markup added here never changes its length:
 * `&amp;` is seen as one "&", and `<b>` is not seen at all.
 */
export function escapeTelegramHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The draft as Telegram HTML. The headline is bolded when the text starts with it (the default
 * template); the URL stays a plain URL, which Telegram links by itself and which reads the
 * same as in the draft.
 */
export function toTelegramHtml(draft: Pick<Draft, 'text' | 'title'>): string {
  const { text, title } = draft;
  if (title !== '' && text.startsWith(title)) {
    return `<b>${escapeTelegramHtml(title)}</b>${escapeTelegramHtml(text.slice(title.length))}`;
  }
  return escapeTelegramHtml(text);
}
