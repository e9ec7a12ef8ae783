import type { Article } from '../articles/article.js';

/**
 * What a summariser hands to the formatters: ranked, complete sentences (so a formatter can
 * keep as many as fit without cutting words) and hashtags without the leading '#'.
 */
export interface Summary {
  articleKey: string;
  title: string;
  url: string;
  /** Sentences in reading order; the formatter keeps a prefix of them. Never repeats the title. */
  sentences: string[];
  /** Tag bodies, CamelCase, no '#'. Most relevant first. */
  hashtags: string[];
  /** Which summariser produced this (ledger records it). */
  producedBy: string;
  /** Optional per-network variants (e.g. from an LLM), keyed by network id; each already a summary text. */
  variants?: Record<string, string>;
  /** Why a preferred summariser was not used, if it fell back. */
  fallbackReason?: string;
}

export interface Summariser {
  readonly name: string;
  summarise(article: Article): Promise<Summary>;
}
