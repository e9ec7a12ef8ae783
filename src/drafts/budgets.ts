/**
 * Which length class of summary each network gets (see `Summary.budgets`): X is short, the
 * 300–500 character networks medium, everything roomier long. Unknown networks get long, which
 * is the old behaviour (`Summary.sentences`), since the formatter still fits by the real count.
 */
import type { SummaryBudget } from '../summaries/summary.js';

export const NETWORK_BUDGETS: Readonly<Record<string, SummaryBudget>> = {
  x: 'short',
  bluesky: 'medium',
  threads: 'medium',
  mastodon: 'medium',
  facebook: 'long',
  linkedin: 'long',
  telegram: 'long',
  instagram: 'long',
  discord: 'long',
  slack: 'long',
};

/** Shorter classes to fall back on, in order, when a class's lead does not fit whole. */
export const SHORTER_BUDGETS: Readonly<Record<SummaryBudget, readonly SummaryBudget[]>> = {
  long: ['medium', 'short'],
  medium: ['short'],
  short: [],
};

export function budgetFor(network: string | undefined): SummaryBudget {
  return (network && NETWORK_BUDGETS[network]) || 'long';
}
