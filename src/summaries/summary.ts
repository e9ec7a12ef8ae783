import type { Article } from '../articles/article.js';

/**
 * Length classes a post can be written for: short (X), medium (Bluesky, Threads, Mastodon),
 * long (Facebook, LinkedIn, Telegram and the other roomy networks). See `src/drafts/budgets.ts`.
 */
export type SummaryBudget = 'short' | 'medium' | 'long';

/**
 * What a summariser hands to the formatters: ranked, complete sentences (so a formatter can
 * keep as many as fit without cutting words) and hashtags without the leading '#'.
 */
export interface Summary {
  articleKey: string;
  title: string;
  url: string;
  /**
   * Whole sentences in reading order, the lede first; the formatter keeps a prefix of them (up to
   * the network's sentence budget). Never repeats the title, never boilerplate or a dateline.
   */
  sentences: string[];
  /**
   * Sentences chosen for each length class (reading order, lead first), so a short post gets a
   * lead that fits whole instead of a cut-down long one. Absent: formatters use `sentences`.
   */
  budgets?: Partial<Record<SummaryBudget, string[]>>;
  /** Tag bodies, CamelCase, no '#'. Most relevant first. */
  hashtags: string[];
  /** The feed's hashtagMap tags among `hashtags`: kept even when their word is already in the post. */
  curatedHashtags?: string[];
  /** Why the post carries no hashtags at all (e.g. a tragedy story); channels' extra tags are withheld too. */
  hashtagsWithheld?: string;
  /**
   * The article's other usable sentences (reading order, not in `sentences`), so an editor can
   * see what else the story offered and swap one in.
   */
  candidates?: string[];
  /** Sentences per post set by the article's feed, by channel id or network id (see `feeds[].sentences`). */
  sentenceBudgets?: Record<string, number>;
  /** Which summariser produced this (ledger records it), e.g. "extractive" or "llm:gpt-4o-mini". */
  producedBy: string;
  /** Optional per-network variants (e.g. from an LLM), keyed by network id; each already a summary text. */
  variants?: Record<string, string>;
  /** Why a preferred summariser was not used, if it fell back (recorded on each post). */
  fallbackReason?: string;
}

export interface Summariser {
  readonly name: string;
  summarise(article: Article): Promise<Summary>;
}
