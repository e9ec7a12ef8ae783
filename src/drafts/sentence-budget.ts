/**
 * How much of the summary, and how many hashtags, a post gets: a hook, not a reprint. Each
 * network declares its own numbers (`CopyBudgets` on its definition, in its folder under
 * src/publishers/<net>/); this module only applies them. Configurable: the feed's `sentences`
 * (by channel id or network id) beats the channel's `sentences`, which beats the network's.
 */
import type { Summary, SummaryBudget } from '../summaries/summary.js';

/** What one network's post carries of the summary; every network declares all three. */
export interface CopyBudgets {
  /** Length class of summary picks tried (`Summary.budgets`): X short, 300–500 character networks medium, roomier long. */
  readonly summaryBudget: SummaryBudget;
  /** Whole summary sentences in a post unless the feed or channel says otherwise. */
  readonly sentenceBudget: number;
  /** Upper bound on the channel's `hashtags.max`; `Number.POSITIVE_INFINITY` when the channel's number stands. */
  readonly hashtagCap: number;
}

/** Shorter classes to fall back on, in order, when a class's lead does not fit whole. */
export const SHORTER_BUDGETS: Readonly<Record<SummaryBudget, readonly SummaryBudget[]>> = {
  long: ['medium', 'short'],
  medium: ['short'],
  short: [],
};

/** Two sentences (Facebook, LinkedIn, Mastodon...) should stay about this long. */
export const SUMMARY_SOFT_MAX_CHARS = 320;

function wholeNumber(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined;
}

/**
 * Sentences allowed in this post. `options.channel`/`options.sentences` come from the channel
 * config. Without `budgets` (a format call made outside any network: tests, custom callers) the
 * post is limited by length only.
 */
export function sentenceBudget(summary: Summary, network: string | undefined, options: Readonly<Record<string, unknown>>, budgets: CopyBudgets | undefined): number {
  const channel = typeof options['channel'] === 'string' ? options['channel'] : undefined;
  const feed = summary.sentenceBudgets;
  const fromFeed = (channel !== undefined ? feed?.[channel] : undefined) ?? (network !== undefined ? feed?.[network] : undefined);
  return fromFeed ?? wholeNumber(options['sentences']) ?? budgets?.sentenceBudget ?? Number.POSITIVE_INFINITY;
}

/** The summary length classes to try, best first (the network's class, then shorter ones; all of them without a network). */
export function summaryClasses(budgets: CopyBudgets | undefined): SummaryBudget[] {
  const cls = budgets?.summaryBudget ?? 'long';
  return [cls, ...SHORTER_BUDGETS[cls]];
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

/** The channel's hashtag count, bounded by the network's cap. */
export function hashtagCap(budgets: CopyBudgets | undefined, configured: number): number {
  return Math.max(0, Math.floor(Math.min(budgets?.hashtagCap ?? Number.POSITIVE_INFINITY, configured)));
}
