/**
 * How much of the summary, and how many hashtags, a post gets: a hook, not a reprint.
 * Sentences: X, Bluesky and Threads one; Facebook, LinkedIn, Mastodon, Discord and Slack two
 * (about 300 characters); Instagram captions and Telegram three. Hashtag caps per network are
 * upper bounds on the channel's `hashtags.max`. Both configurable: the feed's `sentences` (by
 * channel id or network id) beats the channel's `sentences`, which beats the default.
 */
import type { Summary } from '../summaries/summary.js';

export const DEFAULT_SENTENCES: Readonly<Record<string, number>> = {
  x: 1,
  bluesky: 1,
  threads: 1,
  facebook: 2,
  linkedin: 2,
  mastodon: 2,
  discord: 2,
  slack: 2,
  instagram: 3,
  telegram: 3,
};
/** What an LLM is asked for on a network without a default. */
export const FALLBACK_SENTENCES = 2;
/** A format call that names no network (tests, custom callers) is not limited by count, only by length. */
const NO_NETWORK_SENTENCES = Number.POSITIVE_INFINITY;
/** Two sentences for Facebook, LinkedIn and Mastodon should stay about this long. */
export const SUMMARY_SOFT_MAX_CHARS = 320;

export const HASHTAG_CAPS: Readonly<Record<string, number>> = {
  x: 2,
  threads: 1,
  bluesky: 3,
  facebook: 3,
  linkedin: 3,
  mastodon: 3,
  telegram: 3,
  instagram: 8,
};

function numberOption(options: Record<string, unknown>, key: string): number | undefined {
  const v = options[key];
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined;
}

/** Sentences allowed in this post. `options.channel`/`options.sentences` come from the channel config. */
export function sentenceBudget(summary: Summary, network: string | undefined, options: Record<string, unknown>): number {
  const channel = typeof options['channel'] === 'string' ? options['channel'] : undefined;
  const feed = summary.sentenceBudgets;
  const fromFeed = (channel !== undefined ? feed?.[channel] : undefined) ?? (network !== undefined ? feed?.[network] : undefined);
  return fromFeed ?? numberOption(options, 'sentences') ?? (network ? (DEFAULT_SENTENCES[network] ?? FALLBACK_SENTENCES) : NO_NETWORK_SENTENCES);
}

/** Sentences of a soft-capped length class (two-sentence posts) stop adding once past SUMMARY_SOFT_MAX_CHARS. */
export function withinSoftLength(sentences: readonly string[], budget: number): string[] {
  if (budget !== 2) return sentences.slice(0, budget);
  const out: string[] = [];
  let used = 0;
  for (const s of sentences.slice(0, budget)) {
    if (out.length > 0 && used + 1 + s.length > SUMMARY_SOFT_MAX_CHARS) break;
    out.push(s);
    used += (out.length > 1 ? 1 : 0) + s.length;
  }
  return out;
}

export function hashtagCap(network: string | undefined, configured: number): number {
  const cap = network ? HASHTAG_CAPS[network] : undefined;
  return Math.max(0, Math.floor(cap === undefined ? configured : Math.min(cap, configured)));
}
