import { z } from 'zod';
import type { NetworkSpec } from '../../config/network-spec.js';
import { liveCredentials, networkOptions } from '../network-options.js';

export const TELEGRAM_DEFAULT_API_BASE_URL = 'https://api.telegram.org';

/** BotFather's token: `<bot id>:<secret>` (e.g. `110201543:AAHdqTcv…`); anything else is a paste error. */
const TELEGRAM_BOT_TOKEN = z.string().regex(/^\d{1,20}:[A-Za-z0-9_-]{10,200}$/, 'is not a Telegram bot token (expected <bot id>:<secret> from @BotFather)');

/** `@channelusername` (5–32 chars) or a numeric chat id (channels and supergroups: -100…). */
const chatIdSchema = z
  .union([z.string(), z.number().int()])
  .transform((v) => String(v).trim())
  .refine((v) => /^@[A-Za-z][A-Za-z0-9_]{3,31}$/.test(v) || /^-?\d+$/.test(v), 'expected "@channelusername" or a numeric chat id like -1001234567890');

export const telegramOptionsSchema = networkOptions(TELEGRAM_DEFAULT_API_BASE_URL, {
  chatId: chatIdSchema.optional(),
  /** Post the article image with `sendPhoto` (caption ≤ 1,024) instead of a text message. */
  sendPhoto: z.boolean().default(true),
}).superRefine((o, ctx) => {
  // The channel's common keys are parsed by this schema too, so a live channel without a chat is a config error.
  if (o['mode'] === 'live' && o['enabled'] !== false && o.chatId === undefined) {
    ctx.addIssue({ code: 'custom', path: ['chatId'], message: 'live Telegram channels need chatId ("@channel" or -100…)' });
  }
});
export type TelegramOptions = z.infer<typeof telegramOptionsSchema>;

export const telegramSpec = {
  id: 'telegram',
  envPrefix: 'TELEGRAM',
  credentialSets: [['BOT_TOKEN']],
  credentialsSchema: liveCredentials({ secrets: { BOT_TOKEN: TELEGRAM_BOT_TOKEN } }),
  optionsSchema: telegramOptionsSchema,
  defaultTemplate: '{title}\n\n{summary}\n\n{url}\n\n{hashtags}',
  defaultMaxHashtags: 3,
  liveAdapter: true,
} satisfies NetworkSpec;
