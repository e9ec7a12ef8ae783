/**
 * Fits a post to one network's limit by that network's own counting rule.
 *
 * Which sentences: the network's variant of the summary when there is one (LLM), else the
 * sentences picked for the network's length class (`Summary.budgets`, see budgets.ts), else
 * `Summary.sentences`.
 *
 * Priority, from what is given up first to what is given up last:
 *   1. trailing summary sentences (a prefix of the sentences is kept); when not even the first
 *      one fits whole, the picks for shorter classes are tried before anything is cut,
 *   2. hashtags, from the end of the list (step 1 is retried with fewer hashtags): a whole
 *      sentence reads better than a cut one with tags,
 *   3. the end of the first sentence, cut at a word boundary with "…", but not below
 *      MIN_TRUNCATED_WORDS (a shorter stub says nothing), again with as many hashtags as fit,
 *   4. the summary as a whole (hashtags that fit without it come back),
 *   5. metadata placeholders ({author}, then {category}, {feed}, {domain}) — only when not even
 *      the full title fits next to them,
 *   6. the title, cut at a word boundary with "…", then dropped.
 * The URL is never cut or altered; when even template + URL do not fit, DraftTooLongError.
 *
 * Every candidate is rendered and counted in full (no arithmetic on partial lengths: URL
 * weighting and Unicode normalisation make lengths non-additive), but searches start from an
 * estimate made with plain string lengths, so a call usually costs two or three counts; the
 * per-summary work (clean sentences, prepared hashtags) is done once per summary, not once per
 * network.
 */
import type { Draft, FormatInput, LengthCounter } from './draft.js';
import { budgetFor, SHORTER_BUDGETS } from './budgets.js';
import { graphemeLength } from './counters.js';
import { DraftTooLongError } from './draft-too-long-error.js';
import { pickHashtags, prepareHashtags, type PreparedTag } from './hashtag-selection.js';
import { compileTemplate, domainOf, hasPlaceholder } from './template.js';
import type { TemplateValues } from './template.js';
import { cutPoints, largestPassing, largestPassingFrom, truncateAt } from './truncate.js';
import { toPlainLine, toPlainText } from '../text/plain-text.js';
import { splitSentences } from '../summaries/sentences.js';
import type { Summary } from '../summaries/summary.js';

export interface FitRules {
  limit: number;
  count: LengthCounter;
  /** Put the URL in the text (default true). When the template has no {url}, it goes on its own last line. */
  includeUrl?: boolean;
  /** Default '#'. */
  hashtagPrefix?: string;
  /** Network id; selects `summary.variants[network]` and the length class (also read from `options.network`). */
  network?: string;
}

/** A truncated first sentence keeps at least this many words, otherwise hashtags go first. */
export const MIN_TRUNCATED_WORDS = 5;
/** Link-card description length, in graphemes. */
export const DESCRIPTION_MAX_CHARS = 300;

interface Extras {
  feed: string;
  author: string;
  category: string;
  domain: string;
}

interface Content {
  title: string;
  summary: string;
  hashtags: string[];
  extras: Extras;
}

/** Work that depends only on the summary, shared by every network's format call. */
interface PreparedSummary {
  title: string;
  lists: Map<string, string[]>;
  tags: Map<string, PreparedTag[]>;
  descriptions: Map<string[], string>;
}

const prepared = new WeakMap<Summary, PreparedSummary>();

function prepare(summary: Summary): PreparedSummary {
  let p = prepared.get(summary);
  if (!p) {
    p = { title: toPlainLine(summary.title), lists: new Map(), tags: new Map(), descriptions: new Map() };
    prepared.set(summary, p);
  }
  return p;
}

function cleanList(p: PreparedSummary, key: string, make: () => readonly string[] | undefined): string[] | undefined {
  if (p.lists.has(key)) return p.lists.get(key);
  const raw = make();
  const list = raw?.map(toPlainLine).filter((s) => s !== '');
  if (list) p.lists.set(key, list);
  return list;
}

/** The sentence lists to try, best first: variant, or the network's class then shorter classes; always non-empty. */
function sentenceLists(summary: Summary, p: PreparedSummary, network: string | undefined): string[][] {
  const variant = network ? summary.variants?.[network] : undefined;
  if (network && variant && variant.trim() !== '') {
    const list = cleanList(p, `variant:${network}`, () => splitSentences(toPlainText(variant), undefined, { dropHeadings: false }));
    if (list && list.length > 0) return [list];
  }
  const all = cleanList(p, 'sentences', () => summary.sentences) ?? [];
  const budget = budgetFor(network);
  const lists: string[][] = [];
  for (const b of [budget, ...SHORTER_BUDGETS[budget]]) {
    const list = cleanList(p, `budget:${b}`, () => summary.budgets?.[b]);
    if (list && list.length > 0 && !lists.some((l) => sameList(l, list))) lists.push(list);
  }
  if (lists.length === 0 || (budget === 'long' && !lists.some((l) => sameList(l, all)))) lists.unshift(all);
  return lists;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

function preparedTags(summary: Summary, p: PreparedSummary, extra: readonly string[]): PreparedTag[] {
  const key = extra.join('\u0000');
  let tags = p.tags.get(key);
  if (!tags) {
    // The channel's own tags come after the article's: the article's are about this story.
    tags = prepareHashtags([...summary.hashtags, ...extra]);
    p.tags.set(key, tags);
  }
  return tags;
}

/** Up to ~300 characters of whole sentences; a first sentence longer than that is cut at a word. */
function cardDescription(p: PreparedSummary, sentences: string[]): string {
  const cached = p.descriptions.get(sentences);
  if (cached !== undefined) return cached;
  let out = '';
  for (const sentence of sentences) {
    const next = out === '' ? sentence : `${out} ${sentence}`;
    if (graphemeLength(next) > DESCRIPTION_MAX_CHARS) break;
    out = next;
  }
  if (out === '' && sentences.length > 0) {
    const first = sentences[0] ?? '';
    const cuts = cutPoints(first);
    const best = largestPassing(0, cuts.length - 1, (i) => graphemeLength(truncateAt(first, cuts[i] ?? 0)) <= DESCRIPTION_MAX_CHARS);
    out = best === -1 ? '' : truncateAt(first, cuts[best] ?? 0);
  }
  p.descriptions.set(sentences, out);
  return out;
}

function extraHashtagsOf(options: Record<string, unknown>): string[] {
  const extra = options['extraHashtags'];
  return Array.isArray(extra) ? extra.filter((t): t is string => typeof t === 'string') : [];
}

export function fitDraft(input: FormatInput, rules: FitRules): Draft {
  const includeUrl = rules.includeUrl ?? true;
  const prefix = rules.hashtagPrefix ?? '#';
  const network = rules.network ?? (typeof input.options['network'] === 'string' ? input.options['network'] : undefined);
  const template =
    includeUrl && !hasPlaceholder(input.template, 'url') ? `${input.template}\n{url}` : input.template;
  const p = prepare(input.summary);
  const title = p.title;
  const lists = sentenceLists(input.summary, p, network);
  const sentences = lists[0] ?? [];
  const url = includeUrl ? input.url : '';
  const allExtras: Extras = {
    feed: toPlainLine(input.feedTitle ?? ''),
    author: toPlainLine(input.author ?? ''),
    category: toPlainLine(input.category ?? ''),
    domain: domainOf(input.url),
  };
  // Metadata is given up (author first) only when not even title + URL fit next to it.
  const extrasStages: Extras[] = [
    allExtras,
    { ...allExtras, author: '' },
    { ...allExtras, author: '', category: '' },
    { ...allExtras, author: '', category: '', feed: '' },
    { feed: '', author: '', category: '', domain: '' },
  ];
  const usesHashtags = hasPlaceholder(template, 'hashtags');
  const renderer = compileTemplate(template);
  const maxTags = usesHashtags ? Math.max(0, Math.floor(input.maxHashtags)) : 0;

  const values = (c: Content): TemplateValues => ({
    ...c.extras,
    url,
    title: c.title,
    summary: c.summary,
    hashtags: c.hashtags.map((t) => prefix + t).join(' '),
  });
  /** Hashtags allowed next to this title and summary (see hashtag-selection.ts); memoised per call. */
  const tagCache = new Map<string, string[]>();
  const tags = maxTags === 0 ? [] : preparedTags(input.summary, p, extraHashtagsOf(input.options));
  const tagsFor = (t: string, summary: string, extras: Extras): string[] => {
    if (maxTags === 0) return [];
    const key = `${extrasStages.indexOf(extras)}\u0000${t}\u0000${summary}`;
    let picked = tagCache.get(key);
    if (!picked) {
      const visible = renderer({ ...values({ title: t, summary, hashtags: [], extras }), url: '' });
      picked = pickHashtags(tags, visible, maxTags);
      tagCache.set(key, picked);
    }
    return picked;
  };
  /** Counts are memoised: the chosen text was already counted while fitting. */
  const lengths = new Map<string, number>();
  const lengthOf = (text: string): number => {
    let n = lengths.get(text);
    if (n === undefined) {
      n = rules.count(text);
      lengths.set(text, n);
    }
    return n;
  };
  const render = (c: Content): string => renderer(values(c));
  const fits = (c: Content): boolean => lengthOf(render(c)) <= rules.limit;

  /** Longest prefix of `list` that fits, found from an estimate (see module comment), or undefined. */
  const bestPrefix = (list: readonly string[], content: (summary: string) => Content): Content | undefined => {
    const joined = (k: number): string => list.slice(0, k).join(' ');
    // Long-limit networks usually take everything: one probe.
    const everything = content(joined(list.length));
    const overflow = lengthOf(render(everything)) - rules.limit;
    if (overflow <= 0) return everything;
    let guess = list.length;
    for (let dropped = 0; guess > 1 && dropped < overflow; ) {
      guess -= 1;
      dropped += (list[guess]?.length ?? 0) + 1;
    }
    const k = largestPassingFrom(1, list.length - 1, guess, (n) => fits(content(joined(n))));
    return k === -1 ? undefined : content(joined(k));
  };

  /** Cut points of a first sentence, from MIN_TRUNCATED_WORDS words on; memoised per call. */
  const cutCache = new Map<string, number[]>();
  const firstCuts = (first: string): number[] => {
    let cuts = cutCache.get(first);
    if (!cuts) {
      cuts = cutPoints(first).slice(MIN_TRUNCATED_WORDS - 1);
      cutCache.set(first, cuts);
    }
    return cuts;
  };

  const contentFor = (t: string, tagCount: number, extras: Extras) => (summary: string): Content => ({
    title: t,
    summary,
    hashtags: tagsFor(t, summary, extras).slice(0, tagCount),
    extras,
  });
  /** Whole sentences (a prefix of one of the lists) with this title and at most `tagCount` hashtags. */
  const wholeSentences = (t: string, tagCount: number, extras: Extras): Content | undefined => {
    const content = contentFor(t, tagCount, extras);
    for (const list of lists) {
      const found = bestPrefix(list, content);
      if (found) return found;
    }
    return undefined;
  };
  /** The first sentence cut at a word (keeping MIN_TRUNCATED_WORDS), with at most `tagCount` hashtags. */
  const cutSentence = (t: string, tagCount: number, extras: Extras): Content | undefined => {
    const content = contentFor(t, tagCount, extras);
    const first = sentences[0];
    if (first === undefined) return undefined;
    const cuts = firstCuts(first);
    if (cuts.length === 0) return undefined;
    // Estimate: the whole first sentence overflows by `over` characters; cut about that many.
    const over = lengthOf(render(content(first))) - rules.limit;
    let guess = cuts.length - 1;
    while (guess > 0 && first.length - (cuts[guess] ?? 0) < over + 1) guess -= 1;
    const best = largestPassingFrom(0, cuts.length - 1, guess, (i) => fits(content(truncateAt(first, cuts[i] ?? 0))));
    return best === -1 ? undefined : content(truncateAt(first, cuts[best] ?? 0));
  };
  /** Largest hashtag count (≤ maxTags) for which `make` finds content, and that content. */
  const mostTags = (make: (tagCount: number) => Content | undefined): Content | undefined => {
    const full = make(maxTags);
    if (full || maxTags === 0) return full;
    const h = largestPassing(0, maxTags - 1, (n) => make(n) !== undefined);
    return h === -1 ? undefined : make(h);
  };

  const bare = (t: string, h: number, extras: Extras): Content => ({ title: t, summary: '', hashtags: tagsFor(t, '', extras).slice(0, h), extras });
  const withFullTitle = (extras: Extras): Content | undefined => {
    if (sentences.length > 0) {
      // Steps 1–3: whole sentences, shedding hashtags from the end; only then a cut first sentence.
      const found = mostTags((n) => wholeSentences(title, n, extras)) ?? mostTags((n) => cutSentence(title, n, extras));
      if (found) return found;
    }
    // Step 4: no summary; as many hashtags as fit next to the full title.
    const h = largestPassing(0, maxTags, (n) => fits(bare(title, n, extras)));
    return h === -1 ? undefined : bare(title, h, extras);
  };
  const noExtras = extrasStages[extrasStages.length - 1] ?? allExtras;
  const chosen = ((): Content | undefined => {
    for (const extras of extrasStages) {
      const found = withFullTitle(extras);
      if (found) return found;
    }
    // Step 6 (metadata already gone): shorten the title, then drop it.
    const cuts = cutPoints(title);
    const best = largestPassing(0, cuts.length - 1, (i) => fits(bare(truncateAt(title, cuts[i] ?? 0), 0, noExtras)));
    if (best !== -1) return bare(truncateAt(title, cuts[best] ?? 0), 0, noExtras);
    const untitled = bare('', 0, noExtras);
    return fits(untitled) ? untitled : undefined;
  })();

  if (!chosen) {
    const minimal = render({ title: '', summary: '', hashtags: [], extras: noExtras });
    throw new DraftTooLongError(lengthOf(minimal), rules.limit);
  }
  const text = render(chosen);
  const described = network && input.summary.variants?.[network] ? sentences : (cleanList(p, 'sentences', () => input.summary.sentences) ?? []);
  return {
    text,
    length: lengthOf(text),
    limit: rules.limit,
    url: input.url,
    title,
    description: cardDescription(p, described),
    ...(input.imageUrl ? { imageUrl: input.imageUrl } : {}),
    hashtags: chosen.hashtags,
  };
}
