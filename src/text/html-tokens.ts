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
  readonly raw: string;
}

export interface HtmlEvents {
  /** The tag object is reused for the next tag: read it during the call, do not keep it. */
  openTag(tag: HtmlTag): void;
  /** `raw()` gives the close tag exactly as written (computed only when asked). */
  closeTag(name: string, raw: () => string): void;
  /** Text with entities decoded; may arrive in several pieces. */
  text(data: string): void;
  /**
   * The input ended inside a tag (`…for <imported goods`): HTML drops it, but text that should
   * already be plain may want it back. Given as written.
   */
  tail?(raw: string): void;
}

const VOID_ELEMENTS: ReadonlySet<string> = new Set([
  'area', 'base', 'basefont', 'br', 'col', 'command', 'embed', 'frame', 'hr', 'img', 'input', 'isindex',
  'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr',
]);

const NO_ATTRIBUTES: ReadonlyMap<string, string> = new Map();

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
  let tagStart = 0;
  let tagEnd = 0;
  let attrs: Map<string, string> | undefined;
  let attrName = '';
  let attrValue = '';
  // One tag object per scan, refilled for every tag: a megabyte of tags allocates nothing per tag.
  const tag = {
    name: '',
    attrs: NO_ATTRIBUTES as ReadonlyMap<string, string>,
    selfClosing: false,
    get raw(): string {
      return slice(tagStart, tagEnd);
    },
  };
  /** End of the input read by the last event: anything after it at the end was an unfinished tag. */
  let consumed = 0;
  const done = (end: number): void => {
    consumed = end;
  };
  let closeStart = 0;
  let closeEnd = 0;
  // `closeStart` points after "</"; the raw form runs to the ">" the tokenizer skips to next.
  const closeRaw = (): string => slice(closeStart - 2, Math.max(consumed, closeEnd));
  const emitOpen = (endIndex: number, selfClosing: boolean): void => {
    tag.attrs = attrs ?? NO_ATTRIBUTES;
    tag.selfClosing = selfClosing || VOID_ELEMENTS.has(tag.name);
    tagEnd = endIndex + 1;
    done(tagEnd);
    events.openTag(tag);
  };
  const callbacks: TokenizerCallbacks = {
    ontext: (start, end) => {
      done(end);
      events.text(slice(start, end));
    },
    ontextentity: (codePoint, endIndex) => {
      done(endIndex);
      events.text(fromCodePoint(codePoint));
    },
    onopentagname: (start, end) => {
      tag.name = slice(start, end).toLowerCase();
      tagStart = start - 1;
      attrs = undefined;
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
      attrs ??= new Map();
      if (!attrs.has(attrName)) attrs.set(attrName, attrValue);
    },
    onopentagend: (endIndex) => emitOpen(endIndex, false),
    onselfclosingtag: (endIndex) => emitOpen(endIndex, true),
    onclosetag: (start, end) => {
      closeStart = start;
      closeEnd = end;
      const close = source.indexOf('>', end);
      done(close === -1 ? source.length : close + 1);
      events.closeTag(slice(start, end).toLowerCase(), closeRaw);
    },
    oncdata: (start, endIndex, offset) => {
      done(endIndex + 1);
      const content = slice(start, endIndex - offset);
      if (cdataIsMarkup) scanHtml(content, events, false);
      else events.text(content);
    },
    oncomment: (_start, endIndex) => done(endIndex + 1),
    ondeclaration: (_start, endIndex) => done(endIndex + 1),
    onprocessinginstruction: (_start, endIndex) => done(endIndex + 1),
    onend: () => {
      if (consumed < source.length) events.tail?.(slice(consumed, source.length));
    },
  };
  const tokenizer = new Tokenizer({ decodeEntities: true }, callbacks);
  tokenizer.write(source);
  tokenizer.end();
}
