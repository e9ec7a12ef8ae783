/**
 * Offline, deterministic summariser: picks whole sentences from the article. Extractive on
 * purpose: it cannot invent a number or a name, which matters more for a newsroom than fluency.
 *
 * Output order: `sentences` are in reading order, and the first one is always the best lead
 * (later picks are only taken from after the lead), so the prefix the formatter keeps reads
 * naturally and starts with the strongest sentence. `budgets` holds the same kind of pick for
 * short and medium posts, whose lead is chosen to fit whole rather than be cut.
 *
 * Speed matters (every article of every feed passes through here): the body is split once, each
 * sentence is tokenised once, and everything else (scores, names, hashtags) reuses those words.
 */
import type { Article } from '../articles/article.js';
import type { Summariser, Summary, SummaryBudget } from './summary.js';
import { cleanArticleText, type CleanOptions } from './boilerplate.js';
import { compileFeedCopyRules, type FeedCopyConfig } from './feed-copy.js';
import { articleHashtags, compileHashtagMap, type ArticleHashtags, type CompiledHashtagMap } from './hashtags.js';
import { articleBodyToText } from '../text/html-to-text.js';
import { toPlainLine, toPlainText } from '../text/plain-text.js';
import { addsNoFacts, ledeWithin, pickLede, RESTATE_COVERAGE } from './lede.js';
import { isTragedy } from './tragedy.js';
import { hasBalancedQuotes, isBoilerplate, startsDangling } from './sentence-quality.js';
import { scoreSentence, termWeights, type Analysed, type Candidate } from './sentence-score.js';
import { splitParagraphs } from './sentences.js';
import { contentTermsOf, coverage, jaccard, words } from './terms.js';

export interface ExtractiveOptions {
  /** Key phrase (matched case-insensitively in title/text) → tags, e.g. {"Pakistan Turkey defence cooperation": ["#Pakistan"]}. */
  hashtagMap: Record<string, string[]>;
  /** Newsroom name; promo lines mentioning it are treated as boilerplate. */
  publicationName?: string;
  /** How many sentences to hand to the formatters (they keep a prefix that fits). Default 6. */
  maxSentences?: number;
  /** Per-feed copy rules (house boilerplate, sentence budgets, tragedy hashtags), by feed id. */
  feeds?: readonly FeedCopyConfig[];
  /** Hashtags on tragedy stories (deaths, disasters, crime); default false. A feed may override it. */
  tragedyHashtags?: boolean;
}

/** Other candidate sentences offered to editors for a swap. */
const MAX_CANDIDATES = 12;

const DEFAULT_MAX_SENTENCES = 6;
const MIN_SENTENCE_WORDS = 4;
/** A sentence this similar to the headline repeats it (Jaccard of content terms). */
const HEADLINE_REPEAT_JACCARD = 0.7;
/** …or when this share of its terms is already in the headline. */
const HEADLINE_REPEAT_COVERAGE = 0.85;
/** Two picks this similar say the same thing; keep the earlier/better one. */
const REDUNDANT_JACCARD = 0.5;

/**
 * Room a post of each class leaves for its summary: the class's typical limit (X 280, Mastodon
 * and Threads 500) minus a URL (23 on X/Mastodon), separators and two hashtags, minus the title.
 * Approximate on purpose: the formatter still fits by the network's exact count, and the pick
 * only has to make a lead that fits whole likely.
 */
const BUDGET_POST_CHARS: Record<Exclude<SummaryBudget, 'long'>, number> = { short: 280, medium: 500 };
const BUDGET_RESERVED_CHARS = 55;
const BUDGET_MIN_CHARS = 60;
const BUDGET_MAX_SENTENCES: Record<Exclude<SummaryBudget, 'long'>, number> = { short: 2, medium: 3 };

/** Splits once and tokenises each sentence once; everything downstream reuses this. */
function analyse(body: string, lang: string | undefined, prose: boolean, publicationName: string | undefined): Analysed[] {
  const out: Analysed[] = [];
  for (const paragraph of splitParagraphs(body, lang, { dropHeadings: !prose })) {
    paragraph.sentences.forEach((text, i) => {
      const w = words(text, lang);
      out.push({ text, paragraphStart: i === 0, terms: new Set(contentTermsOf(w)), wordCount: w.length, boilerplate: isBoilerplate(text, publicationName) });
    });
  }
  return out;
}

function repeatsHeadline(terms: Set<string>, titleTerms: Set<string>, text: string, title: string): boolean {
  if (text.length === title.length && text.toLowerCase() === title.toLowerCase()) return true;
  if (titleTerms.size === 0) return false;
  if (jaccard(terms, titleTerms) >= HEADLINE_REPEAT_JACCARD || coverage(terms, titleTerms) >= HEADLINE_REPEAT_COVERAGE) return true;
  return coverage(terms, titleTerms) >= RESTATE_COVERAGE && addsNoFacts(text, title);
}

function candidatesOf(all: readonly Analysed[], title: string, titleTerms: Set<string>): Candidate[] {
  const weights = termWeights(all);
  const out: Candidate[] = [];
  all.forEach((s, index) => {
    if (s.wordCount < MIN_SENTENCE_WORDS || s.boilerplate) return;
    if (!hasBalancedQuotes(s.text)) return; // half a quotation reads as a misquote
    if (repeatsHeadline(s.terms, titleTerms, s.text, title)) return;
    const base = { text: s.text, index, paragraphStart: s.paragraphStart, terms: s.terms, dangling: startsDangling(s.text) };
    out.push({ ...base, score: scoreSentence(base, s.wordCount, titleTerms, weights) });
  });
  return out;
}

function byScore(a: Candidate, b: Candidate): number {
  return b.score - a.score || a.index - b.index;
}

/**
 * The lead (the lede, see lede.ts), then the best-scoring sentences after it that still fit within
 * `maxChars`, skipping near-duplicates; a dangling sentence is only taken when the sentence it
 * leans on (the one right before it) is taken too.
 */
function selectSentences(ranked: readonly Candidate[], max: number, lead: Candidate | undefined, maxChars = Infinity): string[] {
  if (!lead || max <= 0) return [];
  const chosen = new Map<number, Candidate>([[lead.index, lead]]);
  let used = lead.text.length;
  let progress = true;
  while (chosen.size < max && progress) {
    progress = false;
    for (const c of ranked) {
      if (chosen.has(c.index) || c.index < lead.index) continue;
      if (used + 1 + c.text.length > maxChars) continue;
      if (c.dangling && !chosen.has(c.index - 1)) continue;
      let redundant = false;
      for (const p of chosen.values()) if (jaccard(p.terms, c.terms) >= REDUNDANT_JACCARD) redundant = true;
      if (redundant) continue;
      chosen.set(c.index, c);
      used += 1 + c.text.length;
      progress = true;
      break;
    }
  }
  return [...chosen.values()].sort((a, b) => a.index - b.index).map((c) => c.text);
}

/** Short and medium picks: the lede when it fits the class's room, else a stand-in keeping its key fact, else none. */
function budgetsFor(ranked: readonly Candidate[], lede: Candidate | undefined, title: string, long: string[]): Summary['budgets'] {
  const pick = (budget: Exclude<SummaryBudget, 'long'>): string[] => {
    const room = Math.max(BUDGET_MIN_CHARS, BUDGET_POST_CHARS[budget] - BUDGET_RESERVED_CHARS - title.length);
    const lead = lede ? ledeWithin(lede, ranked, room) : undefined;
    return selectSentences(ranked, BUDGET_MAX_SENTENCES[budget], lead, room);
  };
  return { short: pick('short'), medium: pick('medium'), long };
}

const BODY_MARKUP_RE = /<\/?(?:p|div|figure|figcaption|br|section|article|span|ul|ol|li|h[1-6]|blockquote|aside)\b/i;

/** A body that still carries markup is read as an article (captions, credits, share bars dropped by src/text). */
function bodyToText(text: string): string {
  return BODY_MARKUP_RE.test(text) ? articleBodyToText(text) : toPlainText(text);
}

interface Body {
  analysed: Analysed[];
  candidates: Candidate[];
  /** Clean text the hashtags are drawn from. */
  text: string;
}

/** The cleaned body's candidates, or the cleaned teaser's when the body has none (teaser-only feeds). */
function bodyOf(article: Article, title: string, titleTerms: Set<string>, clean: CleanOptions): Body {
  const lang = article.language;
  const body = cleanArticleText(bodyToText(article.text), clean);
  const analysed = analyse(body, lang, false, clean.publicationName);
  const candidates = candidatesOf(analysed, title, titleTerms);
  if (candidates.length > 0 || !article.teaser) return { analysed, candidates, text: body };
  // The teaser is prose even without a full stop.
  const teaser = cleanArticleText(toPlainText(article.teaser), clean);
  const teaserAnalysed = analyse(teaser, lang, true, clean.publicationName);
  return { analysed: teaserAnalysed, candidates: candidatesOf(teaserAnalysed, title, titleTerms), text: teaser };
}

export function createExtractiveSummariser(opts: ExtractiveOptions): Summariser {
  const max = opts.maxSentences ?? DEFAULT_MAX_SENTENCES;
  const hashtagMap: CompiledHashtagMap = compileHashtagMap(opts.hashtagMap);
  const feedRules = compileFeedCopyRules(opts.feeds ?? []);
  return {
    name: 'extractive',
    summarise(article: Article): Promise<Summary> {
      const rules = feedRules.get(article.feedId);
      const title = toPlainLine(article.title);
      const titleTerms = new Set(contentTermsOf(words(title, article.language)));
      const clean: CleanOptions = { ...(opts.publicationName ? { publicationName: opts.publicationName } : {}), ...(rules ? { extraPatterns: rules.boilerplate } : {}) };
      const body = bodyOf(article, title, titleTerms, clean);
      const ranked = [...body.candidates].sort(byScore);
      const lede = pickLede(body.candidates);
      const sentences = selectSentences(ranked, max, lede);
      const used = new Set(sentences);
      const tragedy = isTragedy(title, article.categories) && !(rules?.tragedyHashtags ?? opts.tragedyHashtags ?? false);
      const tags: ArticleHashtags = tragedy
        ? { hashtags: [], curated: [] }
        : articleHashtags({
            title,
            ...(sentences[0] ? { lede: sentences[0] } : {}),
            text: body.text,
            sentences: body.analysed.filter((s) => !s.boilerplate).map((s) => s.text),
            categories: article.categories,
            hashtagMap,
          });
      return Promise.resolve({
        articleKey: article.key,
        title,
        url: article.url,
        sentences,
        budgets: budgetsFor(ranked, lede, title, sentences),
        hashtags: tags.hashtags,
        ...(tags.curated.length > 0 ? { curatedHashtags: tags.curated } : {}),
        ...(tragedy ? { hashtagsWithheld: 'no hashtags: a story of deaths, disaster or crime' } : {}),
        candidates: body.candidates.filter((c) => !used.has(c.text)).slice(0, MAX_CANDIDATES).map((c) => c.text),
        ...(rules && Object.keys(rules.sentences).length > 0 ? { sentenceBudgets: rules.sentences } : {}),
        producedBy: 'extractive',
      });
    },
  };
}
