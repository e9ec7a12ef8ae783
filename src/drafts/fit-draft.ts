/**
 * Fits a post to one network's limit by that network's own counting rule.
 *
 * Priority, from what is given up first to what is given up last:
 *   1. trailing summary sentences (a prefix of the sentences is kept),
 *   2. the end of the first sentence, cut at a word boundary with "…", but not below
 *      MIN_TRUNCATED_WORDS (a shorter stub says nothing),
 *   3. hashtags, from the end of the list (steps 1–2 are retried with fewer hashtags),
 *   4. the summary as a whole (hashtags that fit without it come back),
 *   5. metadata placeholders ({author}, then {category}, {feed}, {domain}) — only when not even
 *      the full title fits next to them,
 *   6. the title, cut at a word boundary with "…", then dropped.
 * The URL is never cut or altered; when even template + URL do not fit, DraftTooLongError.
 *
 * Every candidate is rendered and counted in full (no arithmetic on partial lengths: URL
 * weighting and Unicode normalisation make lengths non-additive), and the searches are binary,
 * so a call costs a few dozen counts at most.
 */
import type { Draft, FormatInput, LengthCounter } from './draft.js';
import { graphemeLength } from './counters.js';
import { DraftTooLongError } from './draft-too-long-error.js';
import { pickHashtags, prepareHashtags } from './hashtag-selection.js';
import { compileTemplate, domainOf, hasPlaceholder } from './template.js';
import type { TemplateValues } from './template.js';
import { cutPoints, largestPassing, truncateAt } from './truncate.js';
import { toPlainLine, toPlainText } from '../summaries/html-to-text.js';
import { splitSentences } from '../summaries/sentences.js';

export interface FitRules {
  limit: number;
  count: LengthCounter;
  /** Put the URL in the text (default true). When the template has no {url}, it goes on its own last line. */
  includeUrl?: boolean;
  /** Default '#'. */
  hashtagPrefix?: string;
  /** Network id; selects `summary.variants[network]` when present (also read from `options.network`). */
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

function summarySentences(input: FormatInput, network: string | undefined): string[] {
  const variant = network ? input.summary.variants?.[network] : undefined;
  const source =
    variant && variant.trim() !== ''
      ? splitSentences(toPlainText(variant), undefined, { dropHeadings: false })
      : input.summary.sentences;
  return source.map(toPlainLine).filter((s) => s !== '');
}

/** Up to ~300 characters of whole sentences; a first sentence longer than that is cut at a word. */
function cardDescription(sentences: readonly string[]): string {
  const graphemes = graphemeLength;
  let out = '';
  for (const sentence of sentences) {
    const next = out === '' ? sentence : `${out} ${sentence}`;
    if (graphemes(next) > DESCRIPTION_MAX_CHARS) break;
    out = next;
  }
  if (out !== '' || sentences.length === 0) return out;
  const first = sentences[0] ?? '';
  const cuts = cutPoints(first);
  const best = largestPassing(0, cuts.length - 1, (i) => graphemes(truncateAt(first, cuts[i] ?? 0)) <= DESCRIPTION_MAX_CHARS);
  return best === -1 ? '' : truncateAt(first, cuts[best] ?? 0);
}

export function fitDraft(input: FormatInput, rules: FitRules): Draft {
  const includeUrl = rules.includeUrl ?? true;
  const prefix = rules.hashtagPrefix ?? '#';
  const network = rules.network ?? (typeof input.options['network'] === 'string' ? input.options['network'] : undefined);
  const template =
    includeUrl && !hasPlaceholder(input.template, 'url') ? `${input.template}\n{url}` : input.template;
  const title = toPlainLine(input.summary.title);
  const sentences = summarySentences(input, network);
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
  const prepared = prepareHashtags(input.summary.hashtags);
  const tagsFor = (t: string, summary: string, extras: Extras): string[] => {
    if (maxTags === 0) return [];
    const key = `${extrasStages.indexOf(extras)}\u0000${t}\u0000${summary}`;
    let tags = tagCache.get(key);
    if (!tags) {
      const visible = renderer({ ...values({ title: t, summary, hashtags: [], extras }), url: '' });
      tags = pickHashtags(prepared, visible, maxTags);
      tagCache.set(key, tags);
    }
    return tags;
  };
  const render = (c: Content): string => renderer(values(c));
  const fits = (c: Content): boolean => rules.count(render(c)) <= rules.limit;

  // Cut points sit at word ends (CJK: ICU word boundaries), so the n-th one keeps n words.
  const firstCuts = cutPoints(sentences[0] ?? '').slice(MIN_TRUNCATED_WORDS - 1);
  /** Best content with this title and at most `tagCount` hashtags, or undefined. */
  const withSummary = (t: string, tagCount: number, extras: Extras): Content | undefined => {
    const content = (summary: string): Content => ({ title: t, summary, hashtags: tagsFor(t, summary, extras).slice(0, tagCount), extras });
    const joined = (k: number): string => sentences.slice(0, k).join(' ');
    // Long-limit networks usually take everything: one probe instead of a binary search.
    const everything = content(joined(sentences.length));
    if (fits(everything)) return everything;
    const k = largestPassing(1, sentences.length - 1, (n) => fits(content(joined(n))));
    if (k !== -1) return content(joined(k));
    const first = sentences[0];
    if (first === undefined) return undefined;
    const cuts = firstCuts;
    const best = largestPassing(0, cuts.length - 1, (i) => fits(content(truncateAt(first, cuts[i] ?? 0))));
    return best === -1 ? undefined : content(truncateAt(first, cuts[best] ?? 0));
  };

  const bare = (t: string, h: number, extras: Extras): Content => ({ title: t, summary: '', hashtags: tagsFor(t, '', extras).slice(0, h), extras });
  const withFullTitle = (extras: Extras): Content | undefined => {
    if (sentences.length > 0) {
      // Steps 1–3: the summary first, shedding hashtags from the end only when it cannot fit.
      const full = withSummary(title, maxTags, extras);
      if (full) return full;
      const h = largestPassing(0, maxTags - 1, (n) => withSummary(title, n, extras) !== undefined);
      if (h !== -1) return withSummary(title, h, extras);
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
    throw new DraftTooLongError(rules.count(minimal), rules.limit);
  }
  const text = render(chosen);
  return {
    text,
    length: rules.count(text),
    limit: rules.limit,
    url: input.url,
    title,
    description: cardDescription(sentences),
    ...(input.imageUrl ? { imageUrl: input.imageUrl } : {}),
    hashtags: chosen.hashtags,
  };
}
