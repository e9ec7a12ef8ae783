/**
 * The lines newsrooms wrap around a story: footers, promos, credits, captions, bylines. Each
 * pattern is anchored (at the start, or at the end for credits that trail a caption) and is run
 * only on bounded lines by the callers (see boilerplate.ts), so none can go quadratic.
 * English plus the common Urdu, Hindi and Bengali forms.
 */

/** Longest sentence or line the patterns are run on. */
export const MAX_BOILERPLATE_CHARS = 600;

/** Lines (or sentences) that are boilerplate wherever they occur. */
export const BOILERPLATE_PATTERNS: readonly RegExp[] = [
  /^published (?:in|on|by|at)\b/i,
  /^(?:first )?(?:published|posted|updated|last updated)\s*:/i,
  /^(?:follow|like|join|subscribe to|find)\b.*\b(?:on|via)\b.*\b(?:x|twitter|facebook|instagram|linkedin|youtube|tiktok|telegram|whatsapp|threads|bluesky|mastodon|google news)\b/i,
  /^(?:follow|like|subscribe|join)\s+us\b/i,
  /\bread (?:more|also|the full)\b/i,
  /\b(?:click|tap) here\b/i,
  /\bcontinue reading\b/i,
  /\bsign up (?:for|to)\b.*\bnewsletter\b/i,
  /\bsubscribe (?:to|for)\b.*\b(?:newsletter|channel|updates|alerts)\b/i,
  /^(?:get|receive) (?:our|the)\b.{0,60}\b(?:newsletter|briefing|alerts?)\b/i,
  /\b(?:newsletter|inbox)\b.{0,60}\b(?:sign up|subscribe)\b/i,
  /©|\(c\)\s*\d{4}|\bcopyright\b|\ball rights reserved\b/i,
  /\bappeared first on\b/i,
  /^(?:also read|see also|related|recommended|more from|more on this|watch|listen|advertisement|sponsored)\b\s*[:\-–—]?/i,
  /^\(?(?:reporting|writing|editing|additional reporting|compiled|edited) by\b/i,
  /\breporting by\b.{0,80}\bediting by\b/i,
  /^(?:photo|image|picture|file photo|video|graphic|illustration)s?\s*(?:credit|credits|courtesy)?\s*[:(]/i,
  /^(?:download|get) (?:the|our)\b.*\bapp\b/i,
  /^(?:share|tweet|email|print) (?:this|on)\b/i,
  /^share\s*(?:this|on|:|$)/i,
  /^for (?:more|the latest)\b.*\b(?:news|updates|insights|stories)\b/i,
  /^this (?:is a )?(?:developing|breaking) (?:story|news)\b/i,
  /\b(?:story|article|report) (?:is developing|will be updated|has been updated)\b/i,
  /\bwe (?:may|might) (?:earn|receive|get) (?:a )?(?:small )?(?:commission|compensation|share of sales)\b/i,
  /\b(?:affiliate links?|affiliate commission)\b/i,
  /\bcontains? (?:affiliate|sponsored) links?\b/i,
  // Urdu, Hindi and Bengali "read more" / "also read", Urdu "follow us".
  /مزید پڑھیں|یہ بھی پڑھیں|यह भी पढ़ें|और पढ़ें|এটাও পড়ুন|আরও পড়ুন|ہمیں فالو کریں/u,
];

/** Lines only: credits and captions, bylines, link lists. A sentence inside prose never looks like these. */
const LINE_PATTERNS: readonly RegExp[] = [
  // A credit anywhere in a short line makes it a caption: "… Photo courtesy: Nims Purja", "(AP Photo/Jane Doe)".
  /\b(?:photo|image|picture|video|file photo)s?\s*(?:courtesy|credit|credits|by)\s*[:/]?\s*[\p{L}@]/iu,
  /\((?:[A-Z][A-Za-z]{1,15}\s)?(?:photo|video|image)s?\s*\/[^()]{1,60}\)\s*$/iu,
  /(?:^|[\s.])(?:photo|image|picture|file|video)s?\s*:\s*[\p{L}@][^.!?]{0,60}$/iu,
  /^[—–-]?\s*(?:Reuters|AP|AFP|EPA|Getty Images|PTI|ANI|APP|Xinhua|Bloomberg|dpa)(?:\s*\/\s*[\p{L} .]{1,40})?\s*$/u,
  /^(?:[Bb]y|[Ww]ritten by|[Ss]tory by|[Ww]ords by)\s+\p{Lu}[\p{L}'’-]*\.?(?: \p{Lu}[\p{L}'’-]*\.?){0,4}(?:\s*(?:[,|·•]|and)\s*\p{Lu}[\p{L}'’ -]{1,40}){0,2}$/u,
  /^(?:staff|special) (?:reporter|correspondent)\b.{0,40}$/i,
  /^(?:web desk|news desk|monitoring desk|our correspondent|agencies)\.?$/i,
  /^(?:tags?|topics?|filed under|categories)\s*:/i,
  /^(?:share|facebook|twitter|x|whatsapp|linkedin|email|telegram|copy link)(?:\s*[|·•,/]\s*(?:facebook|twitter|x|whatsapp|linkedin|email|telegram|copy link|print))+\s*$/i,
  /^(?:related (?:stories|articles|posts|news)|more stories|you may also like|trending|most read)\b/i,
  /^(?:rating|our rating|verdict|score)\s*:\s*[\d★☆./ ]{1,12}(?:stars?)?\s*$/iu,
  /^[★☆✩✭⭐]{1,5}\s*(?:\(\d(?:\.\d)?\s*\/\s*\d+\))?\s*$/u,
  /^(?:updated|posted|published)\s+(?:on\s+)?\p{N}.{0,60}$/iu,
  /^(?:key events|show key events only|live updates?|refresh|load more)\b.{0,30}$/i,
  /^\(?(?:file|representational|representative) (?:photo|image|picture)\)?\.?$/i,
  // Urdu "photo: …", "file photo".
  /^(?:فوٹو|تصویر|فائل فوٹو)\s*[:：]/u,
];

/**
 * Words that make a line mentioning the publication a promo line: calls to action and social
 * network names, in English, Urdu and Hindi ("فالو کریں", "फॉलो करें").
 */
const PROMO_WORDS_RE =
  /\b(?:follow|published|subscribe|visit|download|newsletter|copyright|app|website|channel|twitter|facebook|instagram|youtube|whatsapp|telegram|tiktok|linkedin)\b|فالو|سبسکرائب|ایکس|انسٹاگرام|فیس ?بک|یوٹیوب|फॉलो|सब्सक्राइब|फेसबुक|इंस्टाग्राम/iu;

function mentionsPublicationPromo(text: string, publicationName: string | undefined): boolean {
  if (!publicationName || publicationName.trim() === '') return false;
  return text.toLowerCase().includes(publicationName.trim().toLowerCase()) && PROMO_WORDS_RE.test(text);
}

/** A sentence that is newsroom boilerplate (footer, promo, credit). */
export function isBoilerplateSentence(sentence: string, publicationName?: string): boolean {
  const text = sentence.trim();
  // Footers and promos are short; a long sentence is prose, and the patterns never see unbounded text.
  if (text.length > MAX_BOILERPLATE_CHARS) return false;
  for (const re of BOILERPLATE_PATTERNS) if (re.test(text)) return true;
  return mentionsPublicationPromo(text, publicationName);
}

/** A whole line that is boilerplate: any sentence pattern, or a credit, caption, byline or link list. */
export function isBoilerplateLine(line: string, publicationName?: string): boolean {
  const text = line.trim();
  if (isBoilerplateSentence(text, publicationName)) return true;
  for (const re of LINE_PATTERNS) if (re.test(text)) return true;
  return false;
}
