import { createRequire } from 'node:module';
import Parser from 'rss-parser';
import { FeedFetchError } from './feed-errors.js';
import { RAW_ITEM_FIELDS } from './feed-item.js';
import { repairEntities, repairStructure, repairTruncation, unprefixRssElements } from './xml-repair.js';
import { isRecord } from './xml-values.js';

/**
 * rss-parser (xml2js + sax in strict mode) behind a recovery ladder. Real feeds are often not
 * quite XML: a bare "&" in a title, an HTML-only entity like "&hellip;" sax does not know, an
 * Atom date rss-parser cannot turn into ISO (it throws "Invalid time value" and loses the whole
 * feed). We try the text as is first, so well-formed feeds are never touched, then repaired
 * copies; only if all fail do we report the first, most honest, parser message.
 */

const RAW_FEED_FIELDS = {
  $: 'rawAttrs',
  title: 'rawTitle',
  'dc:title': 'rawDcTitle',
  link: 'rawLink',
  // RSS carries its WebSub hub and self links as Atom elements (Atom feeds have them in `link`).
  'atom:link': 'rawAtomLink',
  language: 'rawLanguage',
  'dc:language': 'rawDcLanguage',
} as const;

/**
 * rss-parser derives `content`, `contentSnippet` and `summary` for every item with a lazy-regex
 * HTML stripper (`/<(?:.|\n)*?>/`: quadratic on text full of unclosed "<") and xml2js's recursive
 * Builder (a stack overflow on ~3,000 nested tags, which loses the whole feed). We read only the
 * raw nodes (RAW_ITEM_FIELDS) and strip HTML ourselves, so those derived fields are switched off
 * at the one place rss-parser computes them. Checked against rss-parser 3.13 (lib/utils.js).
 */
function disableDerivedContent(): void {
  const utils = createRequire(import.meta.url)('rss-parser/lib/utils.js') as Record<string, unknown>;
  if (typeof utils.getSnippet !== 'function' || typeof utils.getContent !== 'function') {
    throw new Error('rss-parser changed: lib/utils.js no longer has getSnippet/getContent (see xml-feed.ts)');
  }
  utils.getSnippet = () => '';
  utils.getContent = () => '';
}
disableDerivedContent();

// rss-parser's own wording when xml2js produced no document at all.
const NO_DOCUMENT = 'Unable to parse XML.';

export type RawFeedOutput = Record<string, unknown> & { items?: unknown };

export interface XmlFeedResult {
  output: RawFeedOutput;
  /** Set when only a repaired copy parsed: the strict parser's complaint about the original. */
  repairedError?: FeedFetchError;
  /** The document had been cut off and was completed by repairTruncation. */
  truncated?: boolean;
  /** What a repair had to refuse (entities past their budget): for the feed's health. */
  warnings: string[];
}

export async function parseXmlFeed(xml: string, label: string): Promise<XmlFeedResult> {
  let firstError: unknown;
  // Not a repair: a prefixed RSS namespace is valid XML, it only needs the names rss-parser expects.
  let attempt = unprefixRssElements(xml);
  let truncated = false;
  const warnings: string[] = [];
  const entities = (text: string) => repairEntities(text, warnings);
  for (const repair of [undefined, entities, repairTruncation, repairStructure]) {
    const next = repair ? repair(attempt) : attempt;
    if (repair && next === attempt) continue;
    attempt = next;
    truncated ||= repair === repairTruncation;
    try {
      const output = await parseOnce(attempt);
      return firstError === undefined ? { output, warnings } : { output, repairedError: failure(firstError, label), truncated, warnings };
    } catch (err) {
      if (isNotRecognised(err)) throw notAFeed(xml, label);
      firstError ??= err;
    }
  }
  throw failure(firstError, label);
}

function failure(firstError: unknown, label: string): FeedFetchError {
  if (firstError instanceof Error && firstError.message === NO_DOCUMENT) {
    return new FeedFetchError('not-a-feed', `${label} contains no XML elements`);
  }
  // sax errors carry a position; anything else came from rss-parser choking on an odd structure.
  const isXmlError = firstError instanceof Error && /\nLine:/.test(firstError.message);
  const what = isXmlError ? 'is not valid XML' : 'could not be read as RSS or Atom';
  return new FeedFetchError('malformed', `${label} ${what}: ${describeParserError(firstError)}`, { cause: firstError });
}

/** Name of the document element ("rss", "feed", "rdf:RDF", "html"), skipping prolog, comments and DOCTYPE. */
export function rootElementName(xml: string): string | undefined {
  const misc = /^(?:\s+|<\?[\s\S]*?\?>|<!--[\s\S]*?-->)*/.exec(xml)?.[0].length ?? 0;
  let rest = xml.slice(misc);
  // After the name only `[` or `>` may follow: a `\s*` before `>` would let `[^[>]*` backtrack
  // through a long whitespace run char by char (quadratic on `<!DOCTYPE` + spaces).
  const doctype = /^<!DOCTYPE[^[>]*(?:\[[\s\S]*?\]\s*)?>/i.exec(rest)?.[0].length ?? 0;
  rest = rest.slice(doctype);
  rest = rest.slice(/^(?:\s+|<\?[\s\S]*?\?>|<!--[\s\S]*?-->)*/.exec(rest)?.[0].length ?? 0);
  return /^<([A-Za-z_][\w.:-]*)/.exec(rest)?.[1];
}

async function parseOnce(xml: string): Promise<RawFeedOutput> {
  const parser = new Parser({
    // <rss> without a version (or an unknown one) is read as RSS 2.0, like every reader does.
    defaultRSS: 2,
    customFields: {
      feed: toCustomFields(RAW_FEED_FIELDS),
      item: toCustomFields(RAW_ITEM_FIELDS),
    } as unknown as Parser.CustomFields<Record<string, unknown>, Record<string, unknown>>,
  });
  const parsing = parser.parseString(xml) as Promise<unknown>;
  // xml2js parses synchronously and settles before any macrotask; if it never calls back (seen
  // with some truncated documents) the promise would hang forever, so treat that as broken XML.
  const stalled = new Promise<'stalled'>((resolve) => setImmediate(() => resolve('stalled')));
  const result = await Promise.race([parsing, stalled]);
  if (result === 'stalled') throw new Error('the document ended before the feed was complete');
  if (!isRecord(result)) throw new Error(NO_DOCUMENT);
  return result;
}

function toCustomFields(fields: Record<string, string>): [string, string, { keepArray: true }][] {
  return Object.entries(fields).map(([from, to]) => [from, to, { keepArray: true }]);
}

function isNotRecognised(err: unknown): boolean {
  return err instanceof Error && /not recognized as RSS/i.test(err.message);
}

function notAFeed(xml: string, label: string): FeedFetchError {
  const root = rootElementName(xml);
  const what = root ? `an XML document whose root is <${root}>` : 'an XML document';
  return new FeedFetchError('not-a-feed', `${label} is ${what}, not an RSS or Atom feed`);
}

/** sax reports "Unclosed root tag\nLine: 0\nColumn: 72\nChar: "; editors get one line, 1-based. */
function describeParserError(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const [first = 'unknown error', ...rest] = message.split('\n');
  const line = /Line:\s*(\d+)/.exec(rest.join('\n'))?.[1];
  const column = /Column:\s*(\d+)/.exec(rest.join('\n'))?.[1];
  const where = line === undefined ? '' : ` (line ${Number(line) + 1}${column === undefined ? '' : `, column ${column}`})`;
  return `${first.charAt(0).toLowerCase()}${first.slice(1)}${where}`;
}
