/**
 * Stories of deaths, disasters and crime get no hashtags by default: a tag next to a death
 * reads as promotion, and newsroom style guides ask for restraint. Recognised from the editors'
 * categories or from the headline's words (English, Urdu, Hindi, Bengali, Arabic).
 */

const TRAGEDY_CATEGORIES = new Set([
  'crime', 'crimes', 'obituary', 'obituaries', 'accident', 'accidents', 'disaster', 'disasters', 'tragedy',
  'deaths', 'death', 'murder', 'terrorism', 'terror', 'courts & crime', 'crime & courts', 'natural disasters',
]);

/** Headline words that mark a tragedy (whole words, lower case). */
const TRAGEDY_WORDS = new Set([
  'killed', 'kills', 'kill', 'killing', 'killings', 'dead', 'dies', 'died', 'death', 'deaths', 'deadly',
  'murder', 'murdered', 'murders', 'manslaughter', 'homicide', 'crash', 'crashes', 'earthquake', 'quake',
  'blast', 'bombing', 'explosion', 'suicide', 'massacre', 'rape', 'raped', 'drowned', 'drowning',
  'shooting', 'stabbing', 'stabbed', 'funeral', 'mourns', 'mourning', 'victims', 'casualties', 'fatal',
  'landslide', 'stampede', 'collapse', 'collapsed', 'tsunami', 'avalanche', 'wreck', 'derailment',
]);

/** Scripts without capitals or spaces we can rely on: whole-word phrases are matched as substrings. */
const TRAGEDY_PHRASES_RE = /جاں بحق|ہلاک|قتل|زلزلہ|मौत|मारे गए|हत्या|भूकंप|নিহত|মৃত্যু|হত্যা|قتلى|مقتل|وفاة|زلزال/u;

const WORD_RE = /[\p{L}\p{M}]+/gu;
/** Only a headline's worth of text is looked at. */
const MAX_TITLE_CHARS = 500;

export function isTragedy(title: string, categories: readonly string[]): boolean {
  if (categories.some((c) => TRAGEDY_CATEGORIES.has(c.trim().toLowerCase()))) return true;
  const head = title.slice(0, MAX_TITLE_CHARS);
  for (const m of head.matchAll(WORD_RE)) if (TRAGEDY_WORDS.has(m[0].toLowerCase())) return true;
  return TRAGEDY_PHRASES_RE.test(head);
}
