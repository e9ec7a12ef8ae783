/**
 * A deliberately small language guess for one guardrail: "is the variant in the article's
 * language?". Script first (Urdu vs Arabic by Urdu-only letters), then, for Latin text, the share
 * of common English function words. Returns 'und' when the text is too short to tell.
 */

export type LanguageGuess = 'en' | 'latin' | 'ur' | 'ar' | 'fa' | 'hi' | 'bn' | 'zh' | 'ja' | 'ko' | 'ru' | 'other' | 'und';

const SCRIPTS: ReadonlyArray<readonly [LanguageGuess, RegExp]> = [
  ['ja', /[\u3040-\u30FF]/g],
  ['ko', /[\uAC00-\uD7AF\u1100-\u11FF]/g],
  ['zh', /[\u4E00-\u9FFF\u3400-\u4DBF]/g],
  ['hi', /[\u0900-\u097F]/g],
  ['bn', /[\u0980-\u09FF]/g],
  ['ar', /[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]/g],
  ['ru', /[\u0400-\u04FF]/g],
  ['latin', /[A-Za-z\u00C0-\u024F]/g],
];

/** Letters Urdu uses and Arabic does not (ٹ ڈ ڑ ں ے ھ ہ ۓ). Persian-only: پ چ ژ گ are shared with Urdu, so "fa" is not guessed. */
const URDU_LETTERS_RE = /[\u0679\u0688\u0691\u06BA\u06BE\u06C1\u06D2\u06D3]/g;

const ENGLISH_WORDS = new Set(
  'the of and to in a is that for on with as was by at from it said has have are be its an this will were his her their which after also who not but'.split(' '),
);

const MIN_LETTERS = 12;

function countOf(text: string, re: RegExp): number {
  return text.match(re)?.length ?? 0;
}

export function detectLanguage(text: string): LanguageGuess {
  let best: LanguageGuess = 'und';
  let bestCount = 0;
  for (const [lang, re] of SCRIPTS) {
    const n = countOf(text, re);
    // Japanese text is mostly Han; any kana at all marks it as Japanese.
    if (lang === 'ja' && n >= 2) return 'ja';
    if (n > bestCount) {
      best = lang;
      bestCount = n;
    }
  }
  if (bestCount < MIN_LETTERS) return 'und';
  if (best === 'ar') return countOf(text, URDU_LETTERS_RE) >= 2 ? 'ur' : 'ar';
  if (best === 'latin') {
    // Names say nothing about the language ("Asim Munir hosted Selcuk Bayraktaroglu"): only
    // lower-case words count, and a few of them are needed before guessing.
    const words = text.match(/(?<![A-Za-z])[a-z]+/g) ?? [];
    if (words.length < 4) return 'und';
    const english = words.filter((w) => ENGLISH_WORDS.has(w)).length;
    return english / words.length >= 0.08 ? 'en' : 'latin';
  }
  return best;
}

/** Same language, or too little text to tell. */
export function sameLanguage(a: LanguageGuess, b: LanguageGuess): boolean {
  return a === 'und' || b === 'und' || a === b;
}
