/**
 * Fits a post to one network's limit by that network's own counting rule, as a hook, not a
 * reprint: at most the network's sentence budget (sentence-budget.ts), whole sentences only.
 *
 * Which sentences: see draft-sentences.ts (LLM variant, else the lede first, else a stand-in
 * carrying the lede's key fact). Priority, from what is given up first to what is given up last:
 *   1. trailing summary sentences (a prefix of the sentences is kept), and the other lists,
 *   2. hashtags, from the end of the list (step 1 is retried with fewer hashtags),
 *   3. the summary as a whole: headline and link alone (hashtags that fit come back), and the
 *      draft's `note` says so; a sentence is never cut,
 *   4. metadata placeholders ({author}, then {category}, {feed}, {domain}), only when not even
 *      the full title fits next to them,
 *   5. the title, cut at a word boundary with "…" (only when it alone does not fit), then dropped.
 * The URL is never cut or altered; when even template + URL do not fit, DraftTooLongError.
 */
import type { Draft, FormatInput, LengthCounter } from './draft.js';
import { DraftTooLongError } from './draft-too-long-error.js';
import { cardDescription, cleanList, prepare, preparedTags, sentenceLists, variantSentences } from './draft-sentences.js';
import { createFitter, type Content, type Extras, type Fitter } from './fit-search.js';
import { type CopyBudgets, hashtagCap, sentenceBudget, summaryClasses } from './sentence-budget.js';
import { compileTemplate, domainOf, hasPlaceholder } from './template.js';
import { cutPoints, largestPassing, truncateAt } from './truncate.js';
import { toPlainLine } from '../text/plain-text.js';

export { DESCRIPTION_MAX_CHARS } from './draft-sentences.js';

export interface FitRules {
  limit: number;
  count: LengthCounter;
  /** Put the URL in the text (default true). When the template has no {url}, it goes on its own last line. */
  includeUrl?: boolean;
  /** Default '#'. */
  hashtagPrefix?: string;
  /** Network id; selects `summary.variants[network]` and the feed's per-network sentences (else `input.network`). */
  network?: string;
  /**
   * The network's sentence budget, summary length class and hashtag cap, as its definition declares
   * them. Applied when the call names its network (`network` or `input.network`, as every channel's
   * does); a call that names none (tests, custom callers) is limited by length alone, as before.
   */
  copy?: CopyBudgets;
}

/** Longest sentence offered to editors as an alternative. */
const MAX_ALTERNATIVE_CHARS = 600;

/** Recorded on the post when no whole sentence fits beside the headline and link. */
export const HEADLINE_ONLY_NOTE = 'no whole summary sentence fits beside the headline and link: posted headline and link alone';

/** Metadata is given up (author first) only when not even title + URL fit next to it. */
function extrasStages(input: FormatInput): Extras[] {
  const all: Extras = {
    feed: toPlainLine(input.feedTitle ?? ''),
    author: toPlainLine(input.author ?? ''),
    category: toPlainLine(input.category ?? ''),
    domain: domainOf(input.url),
  };
  return [
    all,
    { ...all, author: '' },
    { ...all, author: '', category: '' },
    { ...all, author: '', category: '', feed: '' },
    { feed: '', author: '', category: '', domain: '' },
  ];
}

/** Steps 1–5 of the module comment; undefined when not even the bare URL fits. */
function choose(fitter: Fitter, lists: readonly string[][], title: string, stages: readonly Extras[]): Content | undefined {
  for (const extras of stages) {
    const found = (lists.length > 0 ? fitter.wholeSentences(lists, title, extras) : undefined) ?? fitter.bare(title, extras);
    if (found) return found;
  }
  const noExtras = stages[stages.length - 1] ?? { feed: '', author: '', category: '', domain: '' };
  const bare = (t: string): Content => ({ title: t, sentences: [], hashtags: [], extras: noExtras });
  const cuts = cutPoints(title);
  const best = largestPassing(0, cuts.length - 1, (i) => fitter.fits(bare(truncateAt(title, cuts[i] ?? 0))));
  if (best !== -1) return bare(truncateAt(title, cuts[best] ?? 0));
  return fitter.fits(bare('')) ? bare('') : undefined;
}

function noteFor(chosen: Content, lists: readonly string[][], withheld: string | undefined): string | undefined {
  const notes: string[] = [];
  if (chosen.sentences.length === 0 && lists.length > 0) notes.push(HEADLINE_ONLY_NOTE);
  if (withheld) notes.push(withheld);
  return notes.length > 0 ? notes.join('; ') : undefined;
}

export function fitDraft(input: FormatInput, rules: FitRules): Draft {
  const includeUrl = rules.includeUrl ?? true;
  const network = rules.network ?? input.network;
  const template = includeUrl && !hasPlaceholder(input.template, 'url') ? `${input.template}\n{url}` : input.template;
  const summary = input.summary;
  const p = prepare(summary);
  const copy = network === undefined ? undefined : rules.copy;
  const lists = sentenceLists(summary, p, network, sentenceBudget(summary, network, input.options, copy), summaryClasses(copy));
  const withheld = summary.hashtagsWithheld;
  const maxTags = hasPlaceholder(template, 'hashtags') && !withheld ? hashtagCap(copy, input.maxHashtags) : 0;
  const fitter = createFitter({
    renderer: compileTemplate(template),
    url: includeUrl ? input.url : '',
    prefix: rules.hashtagPrefix ?? '#',
    limit: rules.limit,
    count: rules.count,
    tags: maxTags === 0 ? [] : preparedTags(summary, p, input.extraHashtags ?? []),
    curated: new Set((summary.curatedHashtags ?? []).map((t) => t.toLocaleLowerCase('en'))),
    maxTags,
  });
  const stages = extrasStages(input);
  const chosen = choose(fitter, lists, p.title, stages);
  if (!chosen) {
    const minimal = fitter.render({ title: '', sentences: [], hashtags: [], extras: stages[stages.length - 1] ?? stages[0]! });
    throw new DraftTooLongError(fitter.lengthOf(minimal), rules.limit);
  }
  const text = fitter.render(chosen);
  const described = variantSentences(summary, p, network) ?? cleanList(p, 'sentences', () => summary.sentences) ?? [];
  const note = noteFor(chosen, lists, withheld);
  const used = new Set(chosen.sentences);
  // Bounded: the draft is stored with the post; a sentence longer than any post could carry is no alternative.
  const alternatives = [...new Set([...described, ...(summary.candidates ?? [])])].filter((s) => !used.has(s) && s.length <= MAX_ALTERNATIVE_CHARS);
  return {
    text,
    length: fitter.lengthOf(text),
    limit: rules.limit,
    url: input.url,
    title: p.title,
    description: cardDescription(p, described),
    ...(input.imageUrl ? { imageUrl: input.imageUrl } : {}),
    hashtags: chosen.hashtags,
    sentences: [...chosen.sentences],
    ...(alternatives.length > 0 ? { alternatives: alternatives.slice(0, 12) } : {}),
    ...(note ? { note } : {}),
  };
}
