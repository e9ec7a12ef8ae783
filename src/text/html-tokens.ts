import { Tokenizer, type TokenizerCallbacks } from 'htmlparser2';

/**
 * One linear pass over HTML: htmlparser2's Tokenizer (a state machine that reads each character
 * once) with a thin adapter that hands out lower-cased tag names, decoded attributes and decoded
 * text. We deliberately do not use htmlparser2's Parser: it keeps open elements with
 * `Array#unshift` and searches them on every close tag, so a megabyte of nested tags costs
 * minutes. Callers that need nesting track it themselves with counters (see drop-tracker.ts).
 */

/**
 * Input cap for every HTML scan: 2,000,000 UTF-16 code units (about 2 MB of ASCII). Generous —
 * the longest real article page we have seen is under 1 MB — and it bounds the time and memory a
 * hostile feed or page can cost us even though each scan is linear.
 */
export const MAX_HTML_CHARS = 2_000_000;

export interface HtmlTag {
  /** Lower-cased tag name. */
  name: string;
  /** Attributes with lower-cased names and entity-decoded values; the first of duplicates wins. */
  attrs: ReadonlyMap<string, string>;
  /**
   * Has no content: a void element (`<img>`, `<br>`…) or one written `<x/>`. HTML ignores that
   * slash on other elements, but treating them as closed never lets one swallow a page.
   */
  selfClosing: boolean;
  /** The tag exactly as written, for text whose "tags" may be prose (`<imported_goods>`). */
  raw: string;
}

export interface HtmlEvents {
  openTag(tag: HtmlTag): void;
  closeTag(name: string, raw: string): void;
  /** Text with entities decoded; may arrive in several pieces. */
  text(data: string): void;
}

const VOID_ELEMENTS: ReadonlySet<string> = new Set([
  'area', 'base', 'basefont', 'br', 'col', 'command', 'embed', 'frame', 'hr', 'img', 'input', 'isindex',
  'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr',
]);

export function capHtml(html: string): string {
  return html.length > MAX_HTML_CHARS ? html.slice(0, MAX_HTML_CHARS) : html;
}

/**
 * Feeds `html` (capped) through the tokenizer. Comments, doctypes and processing instructions
 * are dropped. A CDATA section is unwrapped and its content read as markup once more (feeds wrap
 * HTML in CDATA); inside that second pass CDATA is plain text, so hostile nesting cannot recurse.
 */
export function scanHtml(html: string, events: HtmlEvents, cdataIsMarkup = true): void {
  const source = capHtml(html);
  const { fromCodePoint } = String;
  const slice = (start: number, end: number): string => source.slice(start, end);
  let tagName = '';
  let tagStart = 0;
  let attrs = new Map<string, string>();
  let attrName = '';
  let attrValue = '';

  const emitOpen = (endIndex: number, selfClosing: boolean): void => {
    events.openTag({ name: tagName, attrs, selfClosing: selfClosing || VOID_ELEMENTS.has(tagName), raw: slice(tagStart, endIndex + 1) });
  };
  const callbacks: TokenizerCallbacks = {
    ontext: (start, end) => events.text(slice(start, end)),
    ontextentity: (codePoint) => events.text(fromCodePoint(codePoint)),
    onopentagname: (start, end) => {
      tagName = slice(start, end).toLowerCase();
      tagStart = start - 1;
      attrs = new Map();
    },
    onattribname: (start, end) => {
      attrName = slice(start, end).toLowerCase();
      attrValue = '';
    },
    onattribdata: (start, end) => {
      attrValue += slice(start, end);
    },
    onattribentity: (codePoint) => {
      attrValue += fromCodePoint(codePoint);
    },
    onattribend: () => {
      if (!attrs.has(attrName)) attrs.set(attrName, attrValue);
    },
    onopentagend: (endIndex) => emitOpen(endIndex, false),
    onselfclosingtag: (endIndex) => emitOpen(endIndex, true),
    onclosetag: (start, end) => {
      // `start` points after "</"; the raw form runs to the ">" that follows the name.
      const close = source.indexOf('>', end);
      events.closeTag(slice(start, end).toLowerCase(), slice(start - 2, close === -1 ? end : close + 1));
    },
    oncdata: (start, endIndex, offset) => {
      const content = slice(start, endIndex - offset);
      if (cdataIsMarkup) scanHtml(content, events, false);
      else events.text(content);
    },
    oncomment: () => undefined,
    ondeclaration: () => undefined,
    onprocessinginstruction: () => undefined,
    onend: () => undefined,
  };
  const tokenizer = new Tokenizer({ decodeEntities: true }, callbacks);
  tokenizer.write(source);
  tokenizer.end();
}
