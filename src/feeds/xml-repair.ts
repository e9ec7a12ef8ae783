import { decodeHTMLStrict } from 'entities';
import { scanXml, trimEnd } from './xml-scan.js';
import type { XmlToken } from './xml-scan.js';

/**
 * Best-effort repairs for feeds that are almost XML. Each is applied only after the strict parse
 * of the previous text failed (see xml-feed.ts), so a well-formed feed is never rewritten, and
 * each is deliberately narrow: it fixes one well-known way CMSs and flaky connections break feeds.
 */

const XML_ENTITIES = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);

/**
 * Internal entities may grow the text by at most this much in total, and never by more than the
 * text's own length: one 1 KB entity referenced 300,000 times would otherwise become 300 MB.
 */
export const MAX_ENTITY_GROWTH_CHARS = 1024 * 1024;
const MIN_ENTITY_GROWTH_CHARS = 64 * 1024;
const MAX_INTERNAL_ENTITIES = 256;
const MAX_ENTITY_VALUE_CHARS = 1024;
const DOCTYPE_SCAN_CHARS = 65_536;

/**
 * Bare "&" ("Q&A") and HTML-only named entities ("&hellip;" is not XML) outside CDATA sections and
 * comments, where "&" is literal and must stay. Known HTML entities become numeric references so
 * the character survives; unknown ones are escaped so the text shows what the feed said.
 * Entities the DOCTYPE declares are expanded only while the total growth stays within budget
 * (the text's length, at most MAX_ENTITY_GROWTH_CHARS); past it every reference to them is
 * removed, none expanded, and `warnings` says so.
 */
export function repairEntities(xml: string, warnings?: string[]): string {
  const declared = internalEntities(xml);
  const budget = Math.min(Math.max(xml.length, MIN_ENTITY_GROWTH_CHARS), MAX_ENTITY_GROWTH_CHARS);
  const expanded = rewriteReferences(xml, declared, budget);
  if (expanded !== undefined) return expanded;
  warnings?.push(`the feed's own entities would add more than ${Math.round(budget / 1024)} KB of text, so they were removed unexpanded`);
  // Removed rather than escaped: 300,000 "&amp;e;" would still cost the XML parser a second.
  return rewriteReferences(xml, new Map([...declared.keys()].map((name) => [name, ''])), Infinity) ?? xml;
}

/** One linear pass; undefined as soon as the replacements have grown the text past `budget`. */
function rewriteReferences(xml: string, declared: Map<string, string>, budget: number): string | undefined {
  const known = new Map<string, string>(declared);
  const parts: string[] = [];
  let copied = 0;
  let grown = 0;
  let section = nextSection(xml, 0);
  for (let amp = xml.indexOf('&'); amp !== -1; amp = xml.indexOf('&', amp + 1)) {
    // CDATA sections and comments are skipped whole: "&" is literal there.
    while (section && section.start < amp) {
      const end = xml.indexOf(section.terminator, section.start + 4);
      if (end === -1) return finish(xml, parts, copied);
      if (amp < end) amp = end;
      section = nextSection(xml, end);
    }
    if (amp >= xml.length || xml.charCodeAt(amp) !== 0x26) continue;
    const reference = referenceAt(xml, amp);
    const replacement = replaceReference(reference, known);
    if (replacement === reference) continue;
    grown += replacement.length - reference.length;
    if (grown > budget) return undefined;
    parts.push(xml.slice(copied, amp), replacement);
    copied = amp + reference.length;
  }
  return finish(xml, parts, copied);
}

function finish(xml: string, parts: string[], copied: number): string {
  if (copied === 0) return xml;
  parts.push(xml.slice(copied));
  return parts.join('');
}

function nextSection(xml: string, from: number): { start: number; terminator: string } | undefined {
  for (let at = xml.indexOf('<!', from); at !== -1; at = xml.indexOf('<!', at + 2)) {
    if (xml.startsWith('<![CDATA[', at)) return { start: at, terminator: ']]>' };
    if (xml.startsWith('<!--', at)) return { start: at, terminator: '-->' };
  }
  return undefined;
}

/** "&name;", "&#123;", "&#x1F;" at `at`, or a bare "&" (no regex: this runs once per "&"). */
function referenceAt(xml: string, at: number): string {
  let index = at + 1;
  const isHex = xml.startsWith('#x', index);
  const isNumeric = isHex || xml.charCodeAt(index) === 0x23;
  if (isNumeric) index += isHex ? 2 : 1;
  const first = index;
  for (; index < xml.length; index++) {
    const code = xml.charCodeAt(index);
    const digit = code >= 0x30 && code <= 0x39;
    const letter = (code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a;
    const hexLetter = (code | 0x20) >= 0x61 && (code | 0x20) <= 0x66;
    if (isHex ? !(digit || hexLetter) : isNumeric ? !digit : !(letter || (digit && index > first))) break;
  }
  return index > first && xml.charCodeAt(index) === 0x3b ? xml.slice(at, index + 1) : '&';
}

/** `known` starts as the declared entities and remembers each HTML entity once it is looked up. */
function replaceReference(reference: string, known: Map<string, string>): string {
  if (reference === '&') return '&amp;';
  if (reference.charAt(1) === '#') return reference;
  const name = reference.slice(1, -1);
  if (XML_ENTITIES.has(name)) return reference;
  const seen = known.get(name);
  if (seen !== undefined) return seen;
  const decoded = decodeHTMLStrict(reference);
  const replacement = decoded === reference ? `&amp;${name};` : Array.from(decoded, (char) => `&#${char.codePointAt(0) ?? 0xfffd};`).join('');
  known.set(name, replacement);
  return replacement;
}

/**
 * Entities declared in the DOCTYPE's internal subset (sax ignores DTDs). Only literal values
 * without "&" or "<" are used, so expansion is a single step and cannot be turned into a
 * billion-laughs bomb; values are escaped because they replace a reference inside text.
 */
function internalEntities(xml: string): Map<string, string> {
  const entities = new Map<string, string>();
  const head = xml.slice(0, DOCTYPE_SCAN_CHARS);
  const doctype = head.search(/<!DOCTYPE/i);
  if (doctype === -1) return entities;
  const open = head.indexOf('[', doctype);
  const gt = head.indexOf('>', doctype);
  if (open === -1 || (gt !== -1 && gt < open)) return entities;
  const close = head.indexOf(']', open);
  if (close === -1) return entities;
  const subset = head.slice(open + 1, close);
  for (const match of subset.matchAll(/<!ENTITY\s+([a-zA-Z_][\w.-]*)\s+(?:"([^"&<%]*)"|'([^'&<%]*)')\s*>/g)) {
    const [, name, double, single] = match;
    const value = double ?? single;
    if (name && value !== undefined && value.length <= MAX_ENTITY_VALUE_CHARS) entities.set(name, value.replace(/>/g, '&gt;'));
    if (entities.size >= MAX_INTERNAL_ENTITIES) break;
  }
  return entities;
}

/** How far down the open-element stack a closing tag may look for its match. */
const CLOSE_SEARCH_DEPTH = 64;

/**
 * A feed cut off mid-transfer or mid-write (or just missing the last ">"): finish the dangling
 * construct, then close every element still open, innermost first, so the items that did arrive
 * can be read. Closing tags that match nothing are left for the parser to complain about.
 * One linear pass (xml-scan.ts): hostile text cannot make it rescan.
 */
export function repairTruncation(xml: string): string {
  let text = trimEnd(xml);
  if (text.lastIndexOf('<![CDATA[') > text.lastIndexOf(']]>')) text += ']]>';
  else if (text.lastIndexOf('<!--') > text.lastIndexOf('-->')) text += '-->';
  else {
    const lastOpen = text.lastIndexOf('<');
    // A half-written tag ("</chann", "<item rel=") is dropped; the balancing below re-closes.
    if (lastOpen > text.lastIndexOf('>')) text = text.slice(0, lastOpen);
  }

  const stack: string[] = [];
  const dangling = scanXml(text, (token) => {
    if (token.kind === 'open' && !token.selfClosing) stack.push(token.name);
    if (token.kind === 'close') popTo(stack, token.name);
  });
  // A tag left open inside a quoted value swallows the rest of the text: drop it from there.
  if (dangling) text = trimEnd(text.slice(0, dangling.start));
  return text + stack.reverse().map((name) => `</${name}>`).join('');
}

function popTo(stack: string[], name: string): void {
  const lowest = Math.max(0, stack.length - CLOSE_SEARCH_DEPTH);
  for (let index = stack.length - 1; index >= lowest; index--) {
    if (stack[index] === name) {
      stack.length = index;
      return;
    }
  }
}

/**
 * Shapes rss-parser's builders cannot survive even though the XML is fine:
 * - Atom <published>/<updated> that `new Date()` rejects: rss-parser calls toISOString() on them
 *   and throws "Invalid time value" for the whole feed (we parse dates ourselves, leniently);
 * - an Atom <link>URL</link> without attributes: rss-parser reads `link.$.rel` unguarded;
 * - <rss>/<rdf:RDF> without a <channel>: rss-parser indexes `channel[0]` unguarded. Items put
 *   straight under <rss> are moved into a channel; with no items it is an empty feed, not a broken one.
 */
export function repairStructure(xml: string): string {
  const text = repairDatesAndLinks(xml);
  if (/<(?:[\w-]+:)?channel[\s>/]/.test(text)) return text;
  // RSS items live inside <channel>, so wrap the root's content; RDF items are siblings of it.
  const rss = firstOpenTag(text, (name) => name === 'rss');
  if (rss?.selfClosing) return `${text.slice(0, rss.start)}${text.slice(rss.start, rss.end - 2)}><channel/></rss>${text.slice(rss.end)}`;
  if (rss) {
    const close = text.lastIndexOf('</rss>');
    const body = `${text.slice(0, rss.end)}<channel>${text.slice(rss.end, close === -1 ? text.length : close)}`;
    return close < rss.end ? body : `${body}</channel>${text.slice(close)}`;
  }
  const rdf = firstOpenTag(text, (name) => name === 'rdf:RDF');
  if (!rdf) return text;
  const opened = rdf.selfClosing ? `${text.slice(rdf.start, rdf.end - 2)}><channel/></rdf:RDF>` : `${text.slice(rdf.start, rdf.end)}<channel/>`;
  return `${text.slice(0, rdf.start)}${opened}${text.slice(rdf.end)}`;
}

/** Drops unparseable Atom dates and turns attribute-less Atom links into href links, in one scan. */
function repairDatesAndLinks(xml: string): string {
  const parts: string[] = [];
  let copied = 0;
  let pending: XmlToken | undefined;
  scanXml(xml, (token) => {
    const open = pending;
    pending = token.kind === 'open' && !token.selfClosing ? token : undefined;
    if (!open || token.kind !== 'close' || token.name !== open.name) return;
    const value = xml.slice(open.end, token.start);
    if (value.includes('<')) return;
    let replacement: string | undefined;
    if ((open.name === 'published' || open.name === 'updated') && Number.isNaN(new Date(value.trim()).getTime())) replacement = '';
    const href = value.trim();
    if (open.name === 'link' && open.end - open.start === 6 && href && !/\s/.test(href)) replacement = `<link href="${href.replace(/"/g, '&quot;')}"/>`;
    if (replacement === undefined) return;
    parts.push(xml.slice(copied, open.start), replacement);
    copied = token.end;
  });
  if (copied === 0) return xml;
  parts.push(xml.slice(copied));
  return parts.join('');
}

function firstOpenTag(xml: string, wanted: (name: string) => boolean): XmlToken | undefined {
  let found: XmlToken | undefined;
  scanXml(xml, (token) => {
    if (token.kind !== 'open' || !wanted(token.name)) return true;
    found = token;
    return false;
  });
  return found;
}

/**
 * RSS's own namespaces. A feed may bind one to a prefix instead of the default namespace
 * (`<rss:channel>`, `<r:rss xmlns:r="http://backend.userland.com/rss2">`): valid XML that
 * rss-parser, which matches element names literally, does not recognise.
 */
const RSS_NAMESPACES = new Set([
  'http://purl.org/rss/1.0/',
  'http://backend.userland.com/rss2',
  'http://backend.userland.com/rss',
  'http://my.netscape.com/rdf/simple/0.9/',
  'http://channel.netscape.com/rdf/simple/0.9/',
]);

/**
 * Drops the prefix of elements in an RSS namespace (`<rss:title>` → `<title>`), outside CDATA and
 * comments; returns the text unchanged when no prefix is bound to one (the usual case). Elements
 * of other namespaces keep their prefix, so `<dc:title>` never collides with the RSS title.
 */
export function unprefixRssElements(xml: string): string {
  const head = xml.slice(0, 65_536);
  const prefixes = new Set(
    [...head.matchAll(/\bxmlns:([A-Za-z_][\w.-]*)\s*=\s*(["'])([^"']*)\2/g)].filter((m) => RSS_NAMESPACES.has(m[3] ?? '')).map((m) => m[1] ?? ''),
  );
  if (prefixes.size === 0) return xml;
  const parts: string[] = [];
  let copied = 0;
  scanXml(xml, (token) => {
    if (token.kind !== 'open' && token.kind !== 'close') return;
    const colon = token.name.indexOf(':');
    if (colon === -1 || !prefixes.has(token.name.slice(0, colon))) return;
    const nameAt = token.start + (token.kind === 'close' ? 2 : 1);
    parts.push(xml.slice(copied, nameAt));
    copied = nameAt + colon + 1;
  });
  if (copied === 0) return xml;
  parts.push(xml.slice(copied));
  return parts.join('');
}
