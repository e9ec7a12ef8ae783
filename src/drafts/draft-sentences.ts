/**
 * Which whole sentences a post may carry, best first, and the per-summary work shared by every
 * network's format call (clean sentence lists, prepared hashtags, link-card descriptions).
 *
 * Lists tried, each cut to the post's sentence budget (see sentence-budget.ts): the network's
 * LLM variant when there is one; else the summary's sentences (lede first), then the picks for
 * the network's length class and shorter ones (`Summary.budgets`: the lede when it fits a short
 * post, or a stand-in carrying its key fact). A list is always whole sentences, never cut.
 */
import { graphemeLength } from '../text/length-counters.js';
import { prepareHashtags, type PreparedTag } from './hashtag-selection.js';
import { withinSoftLength } from './sentence-budget.js';
import { toPlainLine, toPlainText } from '../text/plain-text.js';
import { splitSentences } from '../summaries/sentences.js';
import type { Summary, SummaryBudget } from '../summaries/summary.js';

/** Link-card description length, in graphemes. */
export const DESCRIPTION_MAX_CHARS = 300;

/** Work that depends only on the summary, shared by every network's format call. */
export interface PreparedSummary {
  title: string;
  lists: Map<string, string[]>;
  tags: Map<string, PreparedTag[]>;
  descriptions: Map<string[], string>;
}

const prepared = new WeakMap<Summary, PreparedSummary>();

export function prepare(summary: Summary): PreparedSummary {
  let p = prepared.get(summary);
  if (!p) {
    p = { title: toPlainLine(summary.title), lists: new Map(), tags: new Map(), descriptions: new Map() };
    prepared.set(summary, p);
  }
  return p;
}

export function cleanList(p: PreparedSummary, key: string, make: () => readonly string[] | undefined): string[] | undefined {
  if (p.lists.has(key)) return p.lists.get(key);
  const raw = make();
  const list = raw?.map(toPlainLine).filter((s) => s !== '');
  if (list) p.lists.set(key, list);
  return list;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

/** The variant's sentences when the summary has one for this network (LLM). */
export function variantSentences(summary: Summary, p: PreparedSummary, network: string | undefined): string[] | undefined {
  const variant = network ? summary.variants?.[network] : undefined;
  if (!network || !variant || variant.trim() === '') return undefined;
  const list = cleanList(p, `variant:${network}`, () => splitSentences(toPlainText(variant), undefined, { dropHeadings: false }));
  return list && list.length > 0 ? list : undefined;
}

/** The sentence lists to try, best first, each within `budget` sentences; empty when the budget is 0 or nothing is usable. */
export function sentenceLists(summary: Summary, p: PreparedSummary, network: string | undefined, budget: number, classes: readonly SummaryBudget[]): string[][] {
  if (budget <= 0) return [];
  const variant = variantSentences(summary, p, network);
  if (variant) return [withinSoftLength(variant, budget)];
  const lists: string[][] = [];
  const add = (list: readonly string[] | undefined): void => {
    const cut = list ? withinSoftLength(list, budget) : [];
    if (cut.length > 0 && !lists.some((l) => sameList(l, cut))) lists.push(cut);
  };
  add(cleanList(p, 'sentences', () => summary.sentences));
  for (const b of classes) add(cleanList(p, `budget:${b}`, () => summary.budgets?.[b]));
  return lists;
}

export function preparedTags(summary: Summary, p: PreparedSummary, extra: readonly string[]): PreparedTag[] {
  const key = extra.join('\u0000');
  let tags = p.tags.get(key);
  if (!tags) {
    // The channel's own tags come after the article's: the article's are about this story.
    tags = prepareHashtags([...summary.hashtags, ...extra]);
    p.tags.set(key, tags);
  }
  return tags;
}

/** Up to ~300 characters of whole sentences; '' when even the first is longer (never a cut sentence). */
export function cardDescription(p: PreparedSummary, sentences: string[]): string {
  const cached = p.descriptions.get(sentences);
  if (cached !== undefined) return cached;
  let out = '';
  for (const sentence of sentences) {
    const next = out === '' ? sentence : `${out} ${sentence}`;
    if (graphemeLength(next) > DESCRIPTION_MAX_CHARS) break;
    out = next;
  }
  p.descriptions.set(sentences, out);
  return out;
}
