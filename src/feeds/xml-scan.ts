/**
 * A linear, forgiving tokenizer for the structure of (almost-)XML: where tags, comments, CDATA
 * sections, processing instructions and the DOCTYPE start and end. It never builds values and
 * never backtracks: every step moves forward with indexOf, so a hostile megabyte of "<a x=\"" or
 * "<![CDATA[" costs one pass, unlike lazy regexes that rescan to the end from every start.
 * The repairs (xml-repair.ts) and the item pre-pass (item-spans.ts) are built on it.
 */

export type XmlTokenKind = 'open' | 'close' | 'cdata' | 'comment' | 'pi' | 'doctype';

export interface XmlToken {
  kind: XmlTokenKind;
  /** Element name for open/close tags, as written (prefix included). */
  name: string;
  start: number;
  /** Index just past the token. */
  end: number;
  selfClosing: boolean;
}

/** Where the text ends inside a construct that was never closed (a cut-off document). */
export interface XmlDangling {
  kind: 'cdata' | 'comment' | 'pi' | 'doctype' | 'tag';
  start: number;
}

const NAME_START = /[A-Za-z_:]/;
const NAME = /[^\s/>]*/y;
const TAG_STOP = /[>"']/g;

/**
 * Calls `onToken` for each token in document order (return false from it to stop early); returns
 * the construct the text ends in when it was cut off, else undefined. Text between tokens (and a
 * "<" that starts no tag) is skipped. A construct left open runs to the end, as in XML.
 */
export function scanXml(xml: string, onToken: (token: XmlToken) => boolean | void): XmlDangling | undefined {
  let at = xml.indexOf('<');
  while (at !== -1) {
    const token = tokenAt(xml, at);
    if (token === undefined) {
      at = xml.indexOf('<', at + 1);
      continue;
    }
    if ('dangling' in token) return token.dangling;
    if (onToken(token) === false) return undefined;
    at = xml.indexOf('<', token.end);
  }
  return undefined;
}

type Scanned = XmlToken | { dangling: XmlDangling } | undefined;

function tokenAt(xml: string, at: number): Scanned {
  const next = xml.charAt(at + 1);
  if (next === '!') {
    if (xml.startsWith('<![CDATA[', at)) return delimited(xml, at, 'cdata', ']]>', 9);
    if (xml.startsWith('<!--', at)) return delimited(xml, at, 'comment', '-->', 4);
    return markupDeclaration(xml, at);
  }
  if (next === '?') return delimited(xml, at, 'pi', '?>', 2);
  if (next === '/') {
    const close = xml.indexOf('>', at + 2);
    if (close === -1) return { dangling: { kind: 'tag', start: at } };
    const name = xml.slice(at + 2, close).trim();
    return { kind: 'close', name, start: at, end: close + 1, selfClosing: false };
  }
  if (!NAME_START.test(next)) return undefined; // "a < b", "<3": text, not a tag
  return openTag(xml, at);
}

function delimited(xml: string, at: number, kind: 'cdata' | 'comment' | 'pi', terminator: string, skip: number): Scanned {
  const close = xml.indexOf(terminator, at + skip);
  if (close === -1) return { dangling: { kind, start: at } };
  return { kind, name: '', start: at, end: close + terminator.length, selfClosing: false };
}

/** <!DOCTYPE …> with an optional internal subset in brackets (whose declarations may contain ">"). */
function markupDeclaration(xml: string, at: number): Scanned {
  let index = at + 2;
  for (;;) {
    const gt = xml.indexOf('>', index);
    const bracket = xml.indexOf('[', index);
    if (gt === -1) return { dangling: { kind: 'doctype', start: at } };
    if (bracket === -1 || gt < bracket) return { kind: 'doctype', name: '', start: at, end: gt + 1, selfClosing: false };
    const closeBracket = xml.indexOf(']', bracket + 1);
    if (closeBracket === -1) return { dangling: { kind: 'doctype', start: at } };
    index = closeBracket + 1;
  }
}

/** An opening tag: name, then attributes whose quoted values may contain ">". */
function openTag(xml: string, at: number): Scanned {
  NAME.lastIndex = at + 1;
  const name = NAME.exec(xml)?.[0] ?? '';
  let index = at + 1 + name.length;
  for (;;) {
    TAG_STOP.lastIndex = index;
    const stop = TAG_STOP.exec(xml);
    if (!stop) break;
    if (stop[0] === '>') {
      return { kind: 'open', name, start: at, end: stop.index + 1, selfClosing: xml.charAt(stop.index - 1) === '/' };
    }
    const close = xml.indexOf(stop[0], stop.index + 1);
    if (close === -1) break;
    index = close + 1;
  }
  return { dangling: { kind: 'tag', start: at } };
}

/** The text without trailing whitespace, in one backwards pass (/\s+$/ is quadratic on long inner runs). */
export function trimEnd(text: string): string {
  let end = text.length;
  while (end > 0 && /\s/.test(text.charAt(end - 1))) end--;
  return end === text.length ? text : text.slice(0, end);
}

/** Local part of a qualified name: "rss:item" → "item". */
export function localNameOf(name: string): string {
  const colon = name.indexOf(':');
  return colon === -1 ? name : name.slice(colon + 1);
}
