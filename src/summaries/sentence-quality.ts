/**
 * Judgements about single sentences that do not depend on the rest of the article: is it
 * newsroom boilerplate, does it lean on a previous sentence, is its quoting complete? Kept apart
 * from scoring so the rules can be tested (and extended per newsroom) on their own.
 */
import { isBoilerplateSentence } from './boilerplate-patterns.js';

/**
 * Openers that point back at an earlier sentence; such a sentence makes no sense on its own
 * as the first line of a post. English plus common Urdu and Hindi equivalents.
 */
const DANGLING_OPENERS = new Set([
  'he', 'she', 'they', 'it', 'its', 'his', 'her', 'their', 'them', 'him', 'this', 'that', 'these',
  'those', 'however', 'but', 'also', 'meanwhile', 'and', 'moreover', 'furthermore', 'additionally',
  'still', 'yet', 'instead', 'besides', 'nevertheless', 'nonetheless', 'thus', 'therefore', 'hence',
  'such', 'both', 'then', 'so', 'further', 'similarly', 'likewise', 'consequently', 'accordingly',
  'otherwise', 'there',
  'یہ', 'وہ', 'انہوں', 'انھوں', 'انہیں', 'اس', 'ان', 'تاہم', 'لیکن', 'مگر', 'جبکہ', 'دوسری',
  'यह', 'वह', 'उन्होंने', 'इस', 'उस', 'लेकिन', 'हालांकि', 'हालाँकि', 'वहीं',
]);

/** "There" is only dangling as "There, …"; "There are…" is a normal opener. */
const NEEDS_COMMA = new Set(['there', 'then', 'so', 'still', 'yet']);

/** Newsroom boilerplate (footer, promo, credit); see boilerplate-patterns.ts. */
export function isBoilerplate(sentence: string, publicationName?: string): boolean {
  return isBoilerplateSentence(sentence, publicationName);
}

/** True when the sentence opens with a pronoun or connective that needs a previous sentence. */
export function startsDangling(sentence: string): boolean {
  const match = /^[\p{Pi}\p{Ps}"'“‘]*([\p{L}\p{M}]+)(,?)/u.exec(sentence.trim());
  if (!match?.[1]) return false;
  const word = match[1].toLowerCase();
  if (!DANGLING_OPENERS.has(word)) return false;
  return NEEDS_COMMA.has(word) ? match[2] === ',' : true;
}

/**
 * Quote marks are balanced (an odd count means the quote starts or ends in another sentence).
 * Pairs: "…", “…”, «…», 「…」; German „…“ shares “ with English and is counted via that pair.
 * One pass over the characters: this runs on every sentence of every article.
 */
export function hasBalancedQuotes(sentence: string): boolean {
  let straight = 0;
  let curly = 0;
  let guillemets = 0;
  let corner = 0;
  for (let i = 0; i < sentence.length; i += 1) {
    switch (sentence.charCodeAt(i)) {
      case 0x22: straight += 1; break;
      case 0x201c: curly += 1; break;
      case 0x201d: curly -= 1; break;
      case 0x00ab: guillemets += 1; break;
      case 0x00bb: guillemets -= 1; break;
      case 0x300c: corner += 1; break;
      case 0x300d: corner -= 1; break;
    }
  }
  return straight % 2 === 0 && curly === 0 && guillemets === 0 && corner === 0;
}

const QUOTED_RE = /“([^”]+)”|"([^"]+)"|«([^»]+)»|「([^」]+)」/gu;
const HAS_QUOTE_RE = /["“«「]/;

/** Contains a whole quotation of at least `minWords` words (a quote worth featuring). */
export function hasCompleteQuote(sentence: string, minWords = 4): boolean {
  if (!HAS_QUOTE_RE.test(sentence) || !hasBalancedQuotes(sentence)) return false;
  for (const match of sentence.matchAll(QUOTED_RE)) {
    const inner = match[1] ?? match[2] ?? match[3] ?? match[4] ?? '';
    if (inner.trim().split(/\s+/).length >= minWords) return true;
  }
  return false;
}

/** Contains a link or a handle; such text wastes characters next to the post's own link. */
export function hasLinkOrHandle(sentence: string): boolean {
  return /https?:\/\/|www\.|(?:^|\s)@\w/i.test(sentence);
}
