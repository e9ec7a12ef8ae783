import type { NetworkDefinition } from './publisher.js';
import { xNetwork } from './x/x-network.js';
import { facebookNetwork } from './facebook/facebook-network.js';
import { instagramNetwork } from './instagram/instagram-network.js';
import { threadsNetwork } from './threads/threads-network.js';
import { blueskyNetwork } from './bluesky/bluesky-network.js';
import { mastodonNetwork } from './mastodon/mastodon-network.js';
import { linkedinNetwork } from './linkedin/linkedin-network.js';
import { telegramNetwork } from './telegram/telegram-network.js';
import { discordNetwork } from './discord/discord-network.js';
import { slackNetwork } from './slack/slack-network.js';

/** Every network Crier can post to: one line each. */
export const networkRegistry: Readonly<Record<string, NetworkDefinition>> = Object.freeze({
  [xNetwork.id]: xNetwork,
  [facebookNetwork.id]: facebookNetwork,
  [instagramNetwork.id]: instagramNetwork,
  [threadsNetwork.id]: threadsNetwork,
  [blueskyNetwork.id]: blueskyNetwork,
  [mastodonNetwork.id]: mastodonNetwork,
  [linkedinNetwork.id]: linkedinNetwork,
  [telegramNetwork.id]: telegramNetwork,
  [discordNetwork.id]: discordNetwork,
  [slackNetwork.id]: slackNetwork,
});
