/**
 * Datelines at the start of a story: where (and sometimes when and who) it was filed from, which
 * opens a wire story but reads as noise at the start of a post:
 *   "RAWALPINDI: Pakistan and…", "DHAKA (SouthAsianDesk) — Dhaka's metro…",
 *   "COLOMBO, Sri Lanka (AP) - The…", "Colombo, Jan 30 (Reuters) - …", "Kathmandu: …",
 *   "اسلام آباد: …", "راولپنڈی (ویب ڈیسک) — …", "नई दिल्ली: …".
 * Every pattern is anchored at the start and bounded (a place name is at most a few words), and
 * only a bounded prefix of the line is ever looked at, so a hostile line costs nothing extra.
 */

/** Only this much of a line can be a dateline. */
const DATELINE_PREFIX_CHARS = 120;

/** A place in capitals: "RAWALPINDI", "NEW DELHI", "ST. JOHN'S", "COX'S BAZAR". */
const CAPS_PLACE = String.raw`\p{Lu}[\p{Lu}.'’\-]{1,24}(?: \p{Lu}[\p{Lu}.'’\-]{0,24}){0,3}`;
/** A place in title case: "Colombo", "New Delhi", "Cox's Bazar" (at most four words). */
const TITLE_PLACE = String.raw`\p{Lu}[\p{Ll}'’\-]{1,24}(?: \p{Lu}[\p{Ll}'’\-]{1,24}){0,3}`;
/** ", Sri Lanka", ", Jan 30", ", 30 January 2026" after the place. */
const QUALIFIER = String.raw`(?:, [\p{L}\p{N} .]{2,30}?)?`;
/** "(Reuters)", "(AP)", "(SouthAsianDesk)", "(ویب ڈیسک)". */
const AGENCY = String.raw`\([^()\n]{1,40}\)`;
/** The separator after the dateline: colon, dashes (spaced or not). */
const SEPARATOR = String.raw`\s*[:：]\s*|\s+[—–-]{1,2}\s+|\s*[—–]\s*`;

const PATTERNS: readonly RegExp[] = [
  // CAPS place, optional qualifier and agency, then a separator.
  new RegExp(String.raw`^${CAPS_PLACE}${QUALIFIER}(?:\s*${AGENCY})?(?:${SEPARATOR})`, 'u'),
  // Title-case place with an agency: "Colombo, Jan 30 (Reuters) - ".
  new RegExp(String.raw`^${TITLE_PLACE}${QUALIFIER}\s*${AGENCY}(?:${SEPARATOR})`, 'u'),
  // Title-case place and a colon or dash, no agency: "Kathmandu: ", "Dhaka — " (up to three words).
  new RegExp(String.raw`^\p{Lu}[\p{Ll}'’\-]{1,24}(?: \p{Lu}[\p{Ll}'’\-]{1,24}){0,2}(?:, \p{Lu}[\p{Ll}]{1,20}(?: \p{Lu}[\p{Ll}]{1,20})?)?(?:\s*[:：]\s*|\s+[—–]\s+)`, 'u'),
  // Arabic script (Urdu, Arabic, Persian): up to four words, optional agency, colon or dash.
  new RegExp(String.raw`^[\p{Script=Arabic}\p{M}]{2,20}(?: [\p{Script=Arabic}\p{M}]{1,20}){0,2}(?:\s*${AGENCY})?(?:\s*[:：؛]\s*|\s+[—–-]{1,2}\s+)`, 'u'),
  // Devanagari and Bengali: the same shape.
  new RegExp(String.raw`^[\p{Script=Devanagari}\p{Script=Bengali}\p{M}]{2,20}(?: [\p{Script=Devanagari}\p{Script=Bengali}\p{M}]{1,20}){0,3}(?:\s*${AGENCY})?(?:\s*[:：]\s*|\s+[—–-]{1,2}\s+)`, 'u'),
];

/** Title-case words that open a line with a colon but are labels, not places. */
const NOT_PLACES = new Set(['update', 'updated', 'watch', 'listen', 'breaking', 'exclusive', 'analysis', 'opinion', 'editorial', 'note', 'correction', 'video', 'photo', 'photos', 'live', 'review', 'verdict', 'rating', 'read']);

/** "he said:" before a quotation is attribution, not a place (Urdu, Arabic, Hindi, Bengali). */
const SAID_RE = /کہا|بتایا|قال|कहा|বলেন/u;

/** The line without its dateline; the line itself when it has none; '' when the line is only a dateline. */
export function stripDateline(line: string): string {
  const head = line.slice(0, DATELINE_PREFIX_CHARS);
  for (const re of PATTERNS) {
    const m = re.exec(head);
    if (!m) continue;
    const firstWord = (/^[\p{L}\p{M}'’.-]+/u.exec(m[0])?.[0] ?? '').toLowerCase();
    if (NOT_PLACES.has(firstWord) || SAID_RE.test(m[0])) return line;
    const rest = line.slice(m[0].length).trimStart();
    // A "dateline" followed by nothing sentence-like was a heading or label: keep the line.
    if (rest !== '' && !/^[\p{Lu}\p{Lo}\p{N}"“‘'«(]/u.test(rest)) return line;
    return rest;
  }
  return line;
}

/** True when the text opens with a dateline (used by the property tests and the LLM guardrails). */
export function startsWithDateline(text: string): boolean {
  return stripDateline(text) !== text;
}
