/**
 * The search behind fitDraft: renders candidate posts and counts them by the network's own rule
 * (memoised: the chosen text was already counted while fitting), and finds the most content that
 * fits: the longest prefix of whole sentences, with as many hashtags as still fit.
 *
 * Every candidate is rendered and counted in full (no arithmetic on partial lengths: URL
 * weighting and Unicode normalisation make lengths non-additive), but searches start from an
 * estimate made with plain string lengths, so a call usually costs two or three counts.
 */
import type { LengthCounter } from './draft.js';
import { pickHashtags, type PreparedTag } from './hashtag-selection.js';
import type { TemplateValues } from './template.js';
import { largestPassing, largestPassingFrom } from './truncate.js';

export interface Extras {
  feed: string;
  author: string;
  category: string;
  domain: string;
}

export interface Content {
  title: string;
  /** Whole sentences only. */
  sentences: readonly string[];
  hashtags: string[];
  extras: Extras;
}

export interface FitterSetup {
  renderer: (values: TemplateValues) => string;
  url: string;
  prefix: string;
  limit: number;
  count: LengthCounter;
  tags: readonly PreparedTag[];
  curated: ReadonlySet<string>;
  maxTags: number;
}

export interface Fitter {
  render(c: Content): string;
  lengthOf(text: string): number;
  fits(c: Content): boolean;
  /** Most sentences of one of `lists` (a prefix) with this title, and as many hashtags as fit; undefined when none fits whole. */
  wholeSentences(lists: readonly (readonly string[])[], title: string, extras: Extras): Content | undefined;
  /** Title (and metadata) with no summary, with as many hashtags as fit; undefined when not even that fits. */
  bare(title: string, extras: Extras): Content | undefined;
}

export function createFitter(setup: FitterSetup): Fitter {
  const { renderer, url, prefix, limit, count, tags, curated, maxTags } = setup;
  const values = (c: Content): TemplateValues => ({
    ...c.extras,
    url,
    title: c.title,
    summary: c.sentences.join(' '),
    hashtags: c.hashtags.map((t) => prefix + t).join(' '),
  });
  const lengths = new Map<string, number>();
  const lengthOf = (text: string): number => {
    let n = lengths.get(text);
    if (n === undefined) {
      n = count(text);
      lengths.set(text, n);
    }
    return n;
  };
  const render = (c: Content): string => renderer(values(c));
  const fits = (c: Content): boolean => lengthOf(render(c)) <= limit;
  /** Hashtags allowed next to this title and summary (see hashtag-selection.ts); memoised per call. */
  const tagCache = new Map<string, string[]>();
  const tagsFor = (title: string, sentences: readonly string[], extras: Extras): string[] => {
    if (maxTags === 0) return [];
    const visible = renderer({ ...values({ title, sentences, hashtags: [], extras }), url: '' });
    let picked = tagCache.get(visible);
    if (!picked) {
      picked = pickHashtags(tags, visible, maxTags, curated);
      tagCache.set(visible, picked);
    }
    return picked;
  };
  const contentFor = (title: string, tagCount: number, extras: Extras) => (sentences: readonly string[]): Content => ({
    title,
    sentences,
    hashtags: tagsFor(title, sentences, extras).slice(0, tagCount),
    extras,
  });
  /** Longest prefix of `list` that fits, found from an estimate, or undefined. */
  const bestPrefix = (list: readonly string[], content: (sentences: readonly string[]) => Content): Content | undefined => {
    // Long-limit networks usually take everything: one probe.
    const everything = content(list);
    const overflow = lengthOf(render(everything)) - limit;
    if (overflow <= 0) return everything;
    let guess = list.length;
    for (let dropped = 0; guess > 1 && dropped < overflow; ) {
      guess -= 1;
      dropped += (list[guess]?.length ?? 0) + 1;
    }
    const k = largestPassingFrom(1, list.length - 1, guess, (n) => fits(content(list.slice(0, n))));
    return k === -1 ? undefined : content(list.slice(0, k));
  };
  /** Largest hashtag count (≤ maxTags) for which `make` finds content, and that content. */
  const mostTags = (make: (tagCount: number) => Content | undefined): Content | undefined => {
    const full = make(maxTags);
    if (full || maxTags === 0) return full;
    const h = largestPassing(0, maxTags - 1, (n) => make(n) !== undefined);
    return h === -1 ? undefined : make(h);
  };
  return {
    render,
    lengthOf,
    fits,
    // A whole sentence reads better than a cut one with tags: hashtags are shed first.
    wholeSentences: (lists, title, extras) =>
      mostTags((n) => {
        const content = contentFor(title, n, extras);
        for (const list of lists) {
          const found = list.length > 0 ? bestPrefix(list, content) : undefined;
          if (found) return found;
        }
        return undefined;
      }),
    bare: (title, extras) => {
      const content = contentFor(title, maxTags, extras);
      const h = largestPassing(0, maxTags, (n) => fits({ ...content([]), hashtags: content([]).hashtags.slice(0, n) }));
      return h === -1 ? undefined : { ...content([]), hashtags: content([]).hashtags.slice(0, h) };
    },
  };
}
