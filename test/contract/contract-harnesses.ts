/**
 * One line per network: the harness its test folder provides for the shared publisher contract.
 * registry-contract.int.test.ts runs the contract for every network in `networkRegistry` and
 * fails for one that has no line here, so a new network cannot ship without its fake and harness.
 */
import { blueskyContractHarness } from '../publishers/bluesky/bluesky-harness.js';
import { discordContractHarness } from '../publishers/discord/discord-harness.js';
import { metaContractHarness } from '../publishers/graph/meta-harness.js';
import { linkedinContractHarness } from '../publishers/linkedin/linkedin-harness.js';
import { mastodonContractHarness } from '../publishers/mastodon/mastodon-harness.js';
import { slackContractHarness } from '../publishers/slack/slack-harness.js';
import { telegramContractHarness } from '../publishers/telegram/telegram-harness.js';
import { xContractHarness } from '../publishers/x/x-harness.js';
import type { HarnessFactory } from './publisher-contract.js';

export const contractHarnesses: Readonly<Record<string, HarnessFactory>> = {
  x: xContractHarness,
  facebook: metaContractHarness('facebook'),
  instagram: metaContractHarness('instagram'),
  threads: metaContractHarness('threads'),
  bluesky: blueskyContractHarness,
  mastodon: mastodonContractHarness,
  linkedin: linkedinContractHarness,
  telegram: telegramContractHarness,
  discord: discordContractHarness,
  slack: slackContractHarness,
};
