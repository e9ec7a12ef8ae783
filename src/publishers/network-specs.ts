import type { NetworkSpecs } from '../config/network-spec.js';
import { blueskySpec } from './bluesky/bluesky-options.js';
import { discordSpec } from './discord/discord-options.js';
import { facebookSpec } from './facebook/facebook-options.js';
import { instagramSpec } from './instagram/instagram-options.js';
import { linkedinSpec } from './linkedin/linkedin-options.js';
import { mastodonSpec } from './mastodon/mastodon-options.js';
import { slackSpec } from './slack/slack-options.js';
import { telegramSpec } from './telegram/telegram-options.js';
import { threadsSpec } from './threads/threads-options.js';
import { xSpec } from './x/x-options.js';

/**
 * What the config needs of every network (options, credentials, defaults) and nothing else: no
 * publisher, no HTTP client, no canvas. The CLI loads the config with this; `registry.ts` holds
 * the full definitions, each built on its spec, so the two cannot disagree.
 */
export const networkSpecs: NetworkSpecs = Object.freeze({
  [xSpec.id]: xSpec,
  [facebookSpec.id]: facebookSpec,
  [instagramSpec.id]: instagramSpec,
  [threadsSpec.id]: threadsSpec,
  [blueskySpec.id]: blueskySpec,
  [mastodonSpec.id]: mastodonSpec,
  [linkedinSpec.id]: linkedinSpec,
  [telegramSpec.id]: telegramSpec,
  [discordSpec.id]: discordSpec,
  [slackSpec.id]: slackSpec,
});
