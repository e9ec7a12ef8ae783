/**
 * How good a sentence is as social copy, relative to its article: position (news is written
 * lede-first), the headline's terms, the body's recurring terms, and a bonus for a complete quote.
 */
import { hasCompleteQuote, hasLinkOrHandle } from './sentence-quality.js';
import { coverage } from './terms.js';

export interface Candidate {
  text: string;
  /** Position among all prose sentences of the article (reading order). */
  index: number;
  paragraphStart: boolean;
  terms: Set<string>;
  dangling: boolean;
  score: number;
}

export interface Analysed {
  text: string;
  paragraphStart: boolean;
  terms: Set<string>;
  wordCount: number;
  boilerplate: boolean;
}

/** Normalised frequency of each term over the whole body: a cheap "what is this story about". */
export function termWeights(sentences: readonly Analysed[]): Map<string, number> {
  const counts = new Map<string, number>();
  let max = 1;
  for (const s of sentences) {
    for (const t of s.terms) {
      const c = (counts.get(t) ?? 0) + 1;
      counts.set(t, c);
      if (c > max) max = c;
    }
  }
  const norm = Math.log1p(max);
  const weights = new Map<string, number>();
  for (const [t, c] of counts) weights.set(t, Math.log1p(c) / norm);
  return weights;
}

const ENDS_WITH_COLON_RE = /[:：]$/u;

/**
 * Score of one sentence. Weights are hand-tuned on newsroom copy: position dominates (news is
 * written lead-first), headline terms and body-wide terms refine it, and a complete quote gets
 * a bonus because quotes make good social copy.
 */
export function scoreSentence(c: Omit<Candidate, 'score'>, words: number, titleTerms: Set<string>, weights: Map<string, number>): number {
  const position = 1 / (1 + 0.35 * c.index);
  const headline = titleTerms.size === 0 ? 0 : coverage(titleTerms, c.terms);
  let centrality = 0;
  for (const t of c.terms) centrality += weights.get(t) ?? 0;
  centrality = c.terms.size === 0 ? 0 : centrality / c.terms.size;
  let score = 1.2 * position + 0.8 * headline + 0.6 * centrality + (c.paragraphStart ? 0.1 : 0);
  if (hasCompleteQuote(c.text)) score += 0.25;
  if (words < 6) score -= 0.3;
  if (words > 40) score -= 0.2;
  if (words > 60) score -= 0.5;
  if (hasLinkOrHandle(c.text)) score -= 0.5;
  if (ENDS_WITH_COLON_RE.test(c.text)) score -= 0.8;
  if (c.dangling) score -= 0.6;
  return score;
}

