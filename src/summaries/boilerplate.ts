/**
 * Removes what is not the story from an article's plain text before anything is summarised:
 * photo/video credits and the captions they sit in, bylines, "Read more"/"Related" lines,
 * share/follow and newsletter prompts, WordPress's "The post … appeared first on …", teaser
 * markers ("[…]") and the cut sentence before them, copyright and wire credits, "developing
 * story" notes, affiliate disclaimers, and the dateline at the start ("COLOMBO (Reuters) —").
 *
 * Linear on hostile input: the text is capped, split into lines once, every pattern is anchored
 * and runs only on a bounded line (long lines are prose, never boilerplate), and datelines are
 * looked for only in a bounded prefix of the opening lines.
 */
import { isBoilerplateLine } from './boilerplate-patterns.js';
import { stripDateline } from './dateline.js';

/** Characters of body text considered at all; more is never needed for a social post. */
export const MAX_CLEAN_TEXT_CHARS = 100_000;
/** Lines considered; a feed body with more lines than this is a page dump. */
export const MAX_CLEAN_LINES = 1_000;
/** Lines longer than this are prose: boilerplate patterns never run on them. */
export const MAX_PATTERN_LINE_CHARS = 400;
/** Lines that may open the story (a dateline is looked for in the first prose line among them). */
const OPENING_LINES = 3;

export interface CleanOptions {
  /** Newsroom name: promo lines mentioning it are boilerplate. */
  publicationName?: string;
  /** The feed's own house patterns (validated at start-up), matched against bounded lines. */
  extraPatterns?: readonly RegExp[];
}

/** The teaser marker WordPress and others put after a cut sentence: "[…]", "[...]", "[&hellip;]". */
// No leading `\s*`: it would rescan a whitespace run from every start position; the caller trims.
const TEASER_MARKER_RE = /\[(?:…|\.\.\.|&hellip;)\]\s*$/u;
/** Last sentence end inside a line: the text up to it is whole. */
const LAST_TERMINAL_RE = /[.!?۔।؟。！？]["'”’)\]]*(?=\s)/gu;

/** A line ending in a teaser marker: keep its whole sentences, drop the cut one. */
function withoutTeaserTail(line: string): string {
  if (!TEASER_MARKER_RE.test(line)) return line;
  const body = line.replace(TEASER_MARKER_RE, '').trimEnd();
  let end = -1;
  for (const m of `${body} `.matchAll(LAST_TERMINAL_RE)) end = m.index + m[0].length;
  return end === -1 ? '' : body.slice(0, end).trim();
}

function matchesExtra(line: string, extra: readonly RegExp[] | undefined): boolean {
  if (!extra || line.length > MAX_PATTERN_LINE_CHARS) return false;
  return extra.some((re) => re.test(line));
}

/** True when the line is not part of the story (see the module comment). */
export function isNotStory(line: string, opts: CleanOptions = {}): boolean {
  if (line.length > MAX_PATTERN_LINE_CHARS) return false;
  return isBoilerplateLine(line, opts.publicationName) || matchesExtra(line, opts.extraPatterns);
}

/**
 * The story's lines only (joined with `\n`), dateline removed from the first prose line.
 * Quotes, numbers and names inside story lines are never touched.
 */
export function cleanArticleText(text: string, opts: CleanOptions = {}): string {
  const capped = text.length > MAX_CLEAN_TEXT_CHARS ? text.slice(0, MAX_CLEAN_TEXT_CHARS) : text;
  const kept: string[] = [];
  let lines = 0;
  for (const raw of capped.split('\n')) {
    if (++lines > MAX_CLEAN_LINES) break;
    const line = withoutTeaserTail(raw.trim());
    if (line === '' || isNotStory(line, opts)) continue;
    kept.push(line);
  }
  // The dateline opens the first prose line, which may follow a kicker or a heading.
  for (let i = 0; i < Math.min(OPENING_LINES, kept.length); i += 1) {
    const line = kept[i] ?? '';
    const stripped = stripDateline(line);
    if (stripped !== line) {
      if (stripped === '') kept.splice(i, 1);
      else kept[i] = stripped;
      break;
    }
  }
  return kept.join('\n');
}
