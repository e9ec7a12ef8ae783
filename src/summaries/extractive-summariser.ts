/**
 * Offline, deterministic summariser: picks whole sentences from the article. Extractive on
 * purpose: it cannot invent a number or a name, which matters more for a newsroom than fluency.
 *
 * Output order: `sentences` are in reading order, and the first one is always the best lead
 * (later picks are only taken from after the lead), so the prefix the formatter keeps reads
 * naturally and starts with the strongest sentence.
 */
import type { Article } from '../articles/article.js';
import type { Summariser, Summary } from './summary.js';
import { extractHashtags } from './hashtags.js';
import { toPlainLine, toPlainText } from './html-to-text.js';
import { hasBalancedQuotes, hasCompleteQuote, hasLinkOrHandle, isBoilerplate, startsDangling } from './sentence-quality.js';
import { splitParagraphs, splitSentences } from './sentences.js';
import { contentTerms, countWords, coverage, jaccard } from './terms.js';

export interface ExtractiveOptions {
  /** Key phrase (matched case-insensitively in title/text) → tags, e.g. {"Pakistan Turkey defence cooperation": ["#Pakistan"]}. */
  hashtagMap: Record<string, string[]>;
  /** Newsroom name; promo lines mentioning it are treated as boilerplate. */
  publicationName?: string;
  /** How many sentences to hand to the formatters (they keep a prefix that fits). Default 6. */
  maxSentences?: number;
}

const DEFAULT_MAX_SENTENCES = 6;
const MIN_SENTENCE_WORDS = 4;
/** A sentence this similar to the headline repeats it (Jaccard of content terms). */
const HEADLINE_REPEAT_JACCARD = 0.7;
/** …or when this share of its terms is already in the headline. */
const HEADLINE_REPEAT_COVERAGE = 0.85;
/** Two picks this similar say the same thing; keep the earlier/better one. */
const REDUNDANT_JACCARD = 0.5;

interface Candidate {
  text: string;
  /** Position among all prose sentences of the article (reading order). */
  index: number;
  paragraphStart: boolean;
  terms: Set<string>;
  dangling: boolean;
  score: number;
}

function repeatsHeadline(terms: Set<string>, titleTerms: Set<string>, text: string, title: string): boolean {
  if (text.trim().toLowerCase() === title.trim().toLowerCase()) return true;
  if (titleTerms.size === 0) return false;
  return jaccard(terms, titleTerms) >= HEADLINE_REPEAT_JACCARD || coverage(terms, titleTerms) >= HEADLINE_REPEAT_COVERAGE;
}

/** Normalised frequency of each term over the whole body: a cheap "what is this story about". */
function termWeights(sentences: readonly string[], lang: string | undefined): Map<string, number> {
  const counts = new Map<string, number>();
  for (const s of sentences) for (const t of new Set(contentTerms(s, lang))) counts.set(t, (counts.get(t) ?? 0) + 1);
  const max = Math.max(1, ...counts.values());
  return new Map([...counts].map(([t, c]) => [t, Math.log1p(c) / Math.log1p(max)]));
}

/**
 * Score of one sentence. Weights are hand-tuned on newsroom copy: position dominates (news is
 * written lead-first), headline terms and body-wide terms refine it, and a complete quote gets
 * a bonus because quotes make good social copy.
 */
function scoreSentence(c: Omit<Candidate, 'score'>, titleTerms: Set<string>, weights: Map<string, number>, lang?: string): number {
  const position = 1 / (1 + 0.35 * c.index);
  const headline = titleTerms.size === 0 ? 0 : coverage(titleTerms, c.terms);
  let centrality = 0;
  for (const t of c.terms) centrality += weights.get(t) ?? 0;
  centrality = c.terms.size === 0 ? 0 : centrality / c.terms.size;
  const words = countWords(c.text, lang);
  let score = 1.2 * position + 0.8 * headline + 0.6 * centrality + (c.paragraphStart ? 0.1 : 0);
  if (hasCompleteQuote(c.text)) score += 0.25;
  if (words < 6) score -= 0.3;
  if (words > 40) score -= 0.2;
  if (words > 60) score -= 0.5;
  if (hasLinkOrHandle(c.text)) score -= 0.5;
  if (/[:：]$/u.test(c.text)) score -= 0.8;
  if (c.dangling) score -= 0.6;
  return score;
}

function candidatesOf(body: string, title: string, opts: ExtractiveOptions, lang: string | undefined, prose: boolean): Candidate[] {
  const titleTerms = new Set(contentTerms(title, lang));
  const paragraphs = splitParagraphs(body, lang, { dropHeadings: !prose });
  const all = paragraphs.flatMap((p) => p.sentences.map((text, i) => ({ text, paragraphStart: i === 0 })));
  const weights = termWeights(
    all.map((s) => s.text),
    lang,
  );
  const out: Candidate[] = [];
  all.forEach((s, index) => {
    const terms = new Set(contentTerms(s.text, lang));
    if (countWords(s.text, lang) < MIN_SENTENCE_WORDS) return;
    if (isBoilerplate(s.text, opts.publicationName)) return;
    if (!hasBalancedQuotes(s.text)) return; // half a quotation reads as a misquote
    if (repeatsHeadline(terms, titleTerms, s.text, title)) return;
    const base = { text: s.text, index, paragraphStart: s.paragraphStart, terms, dangling: startsDangling(s.text) };
    out.push({ ...base, score: scoreSentence(base, titleTerms, weights, lang) });
  });
  return out;
}

function byScore(a: Candidate, b: Candidate): number {
  return b.score - a.score || a.index - b.index;
}

/**
 * Lead: the best non-dangling sentence (a dangling one only if nothing else is left). Then the
 * best-scoring sentences after the lead, skipping near-duplicates; a dangling sentence is only
 * taken when the sentence it leans on (the one right before it) is taken too.
 */
function selectSentences(candidates: readonly Candidate[], max: number): string[] {
  const ranked = [...candidates].sort(byScore);
  const lead = ranked.find((c) => !c.dangling) ?? ranked[0];
  if (!lead) return [];
  const chosen = new Map<number, Candidate>([[lead.index, lead]]);
  let progress = true;
  while (chosen.size < max && progress) {
    progress = false;
    for (const c of ranked) {
      if (chosen.has(c.index) || c.index < lead.index) continue;
      if (c.dangling && !chosen.has(c.index - 1)) continue;
      if ([...chosen.values()].some((p) => jaccard(p.terms, c.terms) >= REDUNDANT_JACCARD)) continue;
      chosen.set(c.index, c);
      progress = true;
      break;
    }
  }
  return [...chosen.values()].sort((a, b) => a.index - b.index).map((c) => c.text);
}

export function createExtractiveSummariser(opts: ExtractiveOptions): Summariser {
  const max = opts.maxSentences ?? DEFAULT_MAX_SENTENCES;
  return {
    name: 'extractive',
    summarise(article: Article): Promise<Summary> {
      const lang = article.language;
      const title = toPlainLine(article.title);
      const body = toPlainText(article.text);
      const teaser = toPlainText(article.teaser ?? '');
      let candidates = candidatesOf(body, title, opts, lang, false);
      // Empty body (or nothing usable in it): the teaser is prose even without a full stop.
      if (candidates.length === 0 && teaser !== '') candidates = candidatesOf(teaser, title, opts, lang, true);
      const sentences = selectSentences(candidates, max);
      const proseSentences = splitSentences(body || teaser, lang).filter((s) => !isBoilerplate(s, opts.publicationName));
      const hashtags = extractHashtags({
        title,
        text: body || teaser,
        sentences: proseSentences,
        categories: article.categories,
        hashtagMap: opts.hashtagMap,
      });
      return Promise.resolve({
        articleKey: article.key,
        title,
        url: article.url,
        sentences,
        hashtags,
        producedBy: 'extractive',
      });
    },
  };
}
