/**
 * Checks an LLM's per-network variants before anything can be posted. A variant passes only if
 * it fits its network by that network's own count (with the headline and link next to it), every
 * number and capitalised name in it appears in the article, it brings no link, @mention or
 * hashtag the article or config did not supply, it is in the article's language, and it follows
 * the copy rules the extractive summary follows: whole sentences within the network's sentence
 * budget, no dateline, no boilerplate (credits, "read more", disclaimers). The first
 * problem found is returned in words an editor can act on (it ends up on the post).
 */
import type { LengthCounter } from '../../drafts/draft.js';
import { isBoilerplateSentence } from '../boilerplate-patterns.js';
import { startsWithDateline } from '../dateline.js';
import { splitSentences } from '../sentences.js';
import { addsNoFacts, RESTATE_COVERAGE } from '../lede.js';
import { contentTerms, coverage, isStopword } from '../terms.js';
import { detectLanguage, sameLanguage } from './language.js';

export interface NetworkFit {
  id: string;
  limit: number;
  count: LengthCounter;
  /** Sentences allowed: the network's `sentenceBudget`. */
  sentences: number;
}

export function sentencesAllowed(net: NetworkFit): number {
  return net.sentences;
}

/** A sentence that ends like one: terminal punctuation (any script), not an ellipsis. */
const WHOLE_SENTENCE_RE = /[.!?۔।॥؟。！？]["'”’)\]»]*$/u;

/** The headline in other words: most of its terms and no number or name the headline lacks (as the extractive rule). */
function restatesHeadline(sentence: string, title: string): boolean {
  const terms = new Set(contentTerms(sentence));
  return terms.size > 0 && coverage(terms, new Set(contentTerms(title))) >= RESTATE_COVERAGE && addsNoFacts(sentence, title);
}

/** The copy rules (whole sentences, budget, no dateline or boilerplate, not the headline again) for one variant; the problem or undefined. */
export function copyProblem(net: NetworkFit, text: string, title = ''): string | undefined {
  const sentences = splitSentences(text, undefined, { dropHeadings: false });
  const first = sentences[0] ?? '';
  if (title !== '' && first !== '' && restatesHeadline(first, title)) return `${net.id} variant restates the headline`;
  const allowed = sentencesAllowed(net);
  if (sentences.length > allowed) return `${net.id} variant has ${sentences.length} sentences (at most ${allowed})`;
  for (const s of sentences) {
    if (!WHOLE_SENTENCE_RE.test(s) || s.endsWith('...')) return `${net.id} variant has an unfinished sentence ("${s.slice(-40)}")`;
    if (isBoilerplateSentence(s)) return `${net.id} variant has boilerplate ("${s.slice(0, 60)}")`;
  }
  if (startsWithDateline(text.trim())) return `${net.id} variant opens with a dateline`;
  return undefined;
}

export interface GuardrailContext {
  title: string;
  /** Plain article text (body, teaser, title) that the variants must be true to. */
  source: string;
  url: string;
  networks: readonly NetworkFit[];
  /** Hashtags the config or the summary supplied (without '#'), any case. */
  allowedHashtags: readonly string[];
}

export type GuardrailResult = { ok: true } | { ok: false; problem: string; overflow?: Overflow[] };

export interface Overflow {
  network: string;
  length: number;
  room: number;
}

/** UTM parameters added to the link later; counted now so a fitting variant still fits then. */
const UTM_ALLOWANCE = '?utm_source=facebook&utm_medium=social&utm_campaign=crier';
/** Room kept for a hashtag or two next to the summary. */
const HASHTAG_ALLOWANCE = ' #SouthAsia #Defence';

/** Upper bound for the summary part of a post per network: what is left after title, link and tags. */
export function summaryRoom(net: NetworkFit, title: string, url: string): number {
  const frame = `${title}\n\n\n\n${url}${UTM_ALLOWANCE}${HASHTAG_ALLOWANCE}`;
  return Math.max(0, net.limit - net.count(frame));
}

export function overflows(variants: Readonly<Record<string, string>>, ctx: GuardrailContext): Overflow[] {
  const out: Overflow[] = [];
  for (const net of ctx.networks) {
    const variant = variants[net.id];
    if (variant === undefined) continue;
    const room = summaryRoom(net, ctx.title, ctx.url);
    const length = net.count(variant);
    if (length > room) out.push({ network: net.id, length, room });
  }
  return out;
}

const DIGIT_BLOCKS = [0x0660, 0x06f0, 0x0966, 0x09e6, 0xff10];

/** Western digits, thousands separators dropped: "۱۵۰۰" and "1,500" both → "1500". */
function normaliseNumber(raw: string): string {
  let out = '';
  for (const ch of raw) {
    const code = ch.codePointAt(0) ?? 0;
    const block = DIGIT_BLOCKS.find((b) => code >= b && code <= b + 9);
    out += block === undefined ? ch : String(code - block);
  }
  return out.replace(/(?<=\d)[,٬](?=\d{3}\b)/g, '').replace(/٫/g, '.');
}

const NUMBER_RE = /\p{Nd}+(?:[.,٫٬]\p{Nd}+)*/gu;

export function numbersIn(text: string): Set<string> {
  return new Set((text.match(NUMBER_RE) ?? []).map(normaliseNumber));
}

const WORD_RE = /[\p{L}\p{M}][\p{L}\p{M}\p{N}'’-]*/gu;
const SENTENCE_END_RE = /[.!?۔।؟。！？:]["'”’)\]]*$/u;

function wordSet(text: string): Set<string> {
  const set = new Set<string>();
  for (const m of text.matchAll(WORD_RE)) set.add(m[0].toLowerCase().replace(/['’]s$/u, ''));
  return set;
}

/**
 * Capitalised words of `text` that do not occur in `known`. A sentence-initial word counts too
 * (an invented "Erdogan met…" must not pass), unless it is a function word ("The", "Both").
 * Caseless scripts (Urdu, Hindi, CJK) have no capitals; for them only numbers are checked.
 */
function unknownNames(text: string, known: Set<string>): string[] {
  const out: string[] = [];
  let previous = '';
  for (const m of text.matchAll(WORD_RE)) {
    const word = m[0];
    const before = text.slice(0, m.index).trimEnd();
    const sentenceStart = before === '' || SENTENCE_END_RE.test(before) || previous === '';
    previous = word;
    const first = word.charAt(0);
    if (first === first.toLowerCase() || first !== first.toUpperCase()) continue;
    const lower = word.toLowerCase().replace(/['’]s$/u, '');
    if (known.has(lower)) continue;
    if (sentenceStart && isStopword(lower)) continue;
    out.push(word);
  }
  return out;
}

const URL_RE = /\bhttps?:\/\/[^\s)]+|\bwww\.[^\s)]+/giu;
const MENTION_RE = /(?<![\p{L}\p{N}_])@[\p{L}\p{N}_]+(?:\.[\p{L}\p{N}_]+)*/gu;
const HASHTAG_RE = /(?<![\p{L}\p{N}_&])#[\p{L}\p{M}\p{N}_]+/gu;

export function checkVariants(variants: Readonly<Record<string, string>>, ctx: GuardrailContext): GuardrailResult {
  for (const net of ctx.networks) {
    if (typeof variants[net.id] !== 'string' || (variants[net.id] ?? '').trim() === '') return { ok: false, problem: `no ${net.id} variant in the answer` };
  }
  const over = overflows(variants, ctx);
  if (over.length > 0) {
    const first = over[0];
    return { ok: false, problem: `${first?.network} variant too long (${first?.length} > ${first?.room})`, overflow: over };
  }
  const sourceNumbers = numbersIn(`${ctx.title}\n${ctx.source}`);
  const sourceWords = wordSet(`${ctx.title}\n${ctx.source}`);
  const sourceLower = `${ctx.title}\n${ctx.source}\n${ctx.url}`.toLowerCase();
  const allowedTags = new Set(ctx.allowedHashtags.map((t) => t.replace(/^#/, '').toLowerCase()));
  const articleLanguage = detectLanguage(`${ctx.title}\n${ctx.source}`);
  for (const net of ctx.networks) {
    const text = variants[net.id] ?? '';
    for (const m of text.match(URL_RE) ?? []) if (!sourceLower.includes(m.toLowerCase())) return { ok: false, problem: `${net.id} variant adds a link (${m})` };
    for (const m of text.match(MENTION_RE) ?? []) if (!sourceLower.includes(m.toLowerCase())) return { ok: false, problem: `${net.id} variant adds a mention (${m})` };
    for (const m of text.match(HASHTAG_RE) ?? []) {
      const tag = m.slice(1).toLowerCase();
      if (!allowedTags.has(tag) && !sourceLower.includes(m.toLowerCase())) return { ok: false, problem: `${net.id} variant adds a hashtag (${m})` };
    }
    // Links, mentions and tags were judged above; sentences, names and numbers are judged on the prose.
    const prose = text.replace(URL_RE, ' ').replace(MENTION_RE, ' ').replace(HASHTAG_RE, ' ');
    const copy = copyProblem(net, prose, ctx.title);
    if (copy) return { ok: false, problem: copy };
    for (const n of numbersIn(prose)) if (!sourceNumbers.has(n)) return { ok: false, problem: `${net.id} variant has a number the article lacks (${n})` };
    const names = unknownNames(prose, sourceWords);
    if (names.length > 0) return { ok: false, problem: `${net.id} variant names something the article does not (${names.slice(0, 3).join(', ')})` };
    const lang = detectLanguage(prose);
    if (!sameLanguage(articleLanguage, lang)) return { ok: false, problem: `${net.id} variant is in another language (${lang}, article ${articleLanguage})` };
  }
  return { ok: true };
}
