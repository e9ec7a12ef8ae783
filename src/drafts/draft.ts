import type { Summary } from '../summaries/summary.js';

/** A post ready for one network: text already within that network's limit by its own counting. */
export interface Draft {
  text: string;
  /** Length by the network's counting rule. */
  length: number;
  limit: number;
  /** The article link (with UTM parameters when enabled); always present intact in `text` unless the network forbids links. */
  url: string;
  title: string;
  /** A short description for link cards (Bluesky, LinkedIn, Discord). */
  description: string;
  imageUrl?: string;
  hashtags: string[];
  /** The summary sentences the post carries (whole sentences, in order); empty when headline and link stand alone. */
  sentences?: string[];
  /** The article's other candidate sentences, so the desk can offer a swap. */
  alternatives?: string[];
  /** Why the post has less than usual (no sentence fitted, hashtags withheld); recorded as the post's summary note. */
  note?: string;
  /** Follow-up posts for thread mode (X), each within the limit. */
  thread?: string[];
}

export type { LengthCounter } from '../text/length-counters.js';

/** A channel's network options: its network's `optionsSchema` output (see `NetworkDefinition<O>`). */
export type ChannelOptions = Record<string, unknown>;

/** Everything a format function needs; pure data. `O`: the network's options type. */
export interface FormatInput<O = ChannelOptions> {
  summary: Summary;
  /** The link to post (UTM parameters already applied). */
  url: string;
  /** Template with `{title}`, `{summary}`, `{url}`, `{hashtags}`, `{feed}`, `{author}`, `{category}`, `{domain}`. */
  template: string;
  maxHashtags: number;
  imageUrl?: string;
  feedTitle?: string;
  author?: string;
  /** Network id; selects `summary.variants[network]` and the feed's sentences for that network (the budgets come from the network's definition). */
  network?: string;
  /** The channel's own hashtags (`hashtags.extra`), offered after the article's. */
  extraHashtags?: readonly string[];
  category?: string;
  /** Network-specific options from the channel config (already validated by `optionsSchema`). */
  options: O;
}
