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

/** Where one scan is: the tag being built and how far events have read. */
interface ScanState {
  readonly source: string;
  tagStart: number;
  tagEnd: number;
  attrs: Map<string, string> | undefined;
  attrName: string;
  attrValue: string;
  /** End of the input read by the last event: anything after it at the end was an unfinished tag. */
  consumed: number;
  closeStart: number;
  closeEnd: number;
  /** One tag object per scan, refilled for every tag: a megabyte of tags allocates nothing per tag. */
  readonly tag: HtmlTag & { name: string; attrs: ReadonlyMap<string, string>; selfClosing: boolean };
}

function scanState(source: string): ScanState {
  const state: ScanState = {
    source, tagStart: 0, tagEnd: 0, attrs: undefined, attrName: '', attrValue: '', consumed: 0, closeStart: 0, closeEnd: 0,
    tag: {
      name: '',
      attrs: NO_ATTRIBUTES,
      selfClosing: false,
      get raw(): string {
        return source.slice(state.tagStart, state.tagEnd);
      },
    },
  };
  return state;
}

type TagCallbacks = Pick<TokenizerCallbacks, 'onopentagname' | 'onattribname' | 'onattribdata' | 'onattribentity' | 'onattribend' | 'onopentagend' | 'onselfclosingtag' | 'onclosetag'>;

/** Open tags with their attributes, and close tags. */
function tagCallbacks(s: ScanState, events: HtmlEvents): TagCallbacks {
  const { fromCodePoint } = String;
  // `closeStart` points after "</"; the raw form runs to the ">" the tokenizer skips to next.
  const closeRaw = (): string => s.source.slice(s.closeStart - 2, Math.max(s.consumed, s.closeEnd));
  const emitOpen = (endIndex: number, selfClosing: boolean): void => {
    s.tag.attrs = s.attrs ?? NO_ATTRIBUTES;
    s.tag.selfClosing = selfClosing || VOID_ELEMENTS.has(s.tag.name);
    s.tagEnd = endIndex + 1;
    s.consumed = s.tagEnd;
    events.openTag(s.tag);
  };
  return {
    onopentagname: (start, end) => {
      s.tag.name = s.source.slice(start, end).toLowerCase();
      s.tagStart = start - 1;
      s.attrs = undefined;
    },
    onattribname: (start, end) => {
      s.attrName = s.source.slice(start, end).toLowerCase();
      s.attrValue = '';
    },
    onattribdata: (start, end) => {
      s.attrValue += s.source.slice(start, end);
    },
    onattribentity: (codePoint) => {
      s.attrValue += fromCodePoint(codePoint);
    },
    onattribend: () => {
      s.attrs ??= new Map();
      if (!s.attrs.has(s.attrName)) s.attrs.set(s.attrName, s.attrValue);
    },
    onopentagend: (endIndex) => emitOpen(endIndex, false),
    onselfclosingtag: (endIndex) => emitOpen(endIndex, true),
    onclosetag: (start, end) => {
      s.closeStart = start;
      s.closeEnd = end;
      const close = s.source.indexOf('>', end);
      s.consumed = close === -1 ? s.source.length : close + 1;
      events.closeTag(s.source.slice(start, end).toLowerCase(), closeRaw);
    },
  };
}

/** Text, CDATA, the dropped comments/declarations, and the end of input. */
function contentCallbacks(s: ScanState, events: HtmlEvents, cdataIsMarkup: boolean): Omit<TokenizerCallbacks, keyof TagCallbacks> {
  const done = (end: number): void => {
    s.consumed = end;
  };
  return {
    ontext: (start, end) => {
      done(end);
      events.text(s.source.slice(start, end));
    },
    ontextentity: (codePoint, endIndex) => {
      done(endIndex);
      events.text(String.fromCodePoint(codePoint));
    },
    oncdata: (start, endIndex, offset) => {
      done(endIndex + 1);
      const content = s.source.slice(start, endIndex - offset);
      if (cdataIsMarkup) scanHtml(content, events, false);
      else events.text(content);
    },
    oncomment: (_start, endIndex) => done(endIndex + 1),
    ondeclaration: (_start, endIndex) => done(endIndex + 1),
    onprocessinginstruction: (_start, endIndex) => done(endIndex + 1),
    onend: () => {
      if (s.consumed < s.source.length) events.tail?.(s.source.slice(s.consumed, s.source.length));
    },
  };
}

/**
 * Feeds `html` (capped) through the tokenizer. Comments, doctypes and processing instructions
 * are dropped. A CDATA section is unwrapped and its content read as markup once more (feeds wrap
 * HTML in CDATA); inside that second pass CDATA is plain text, so hostile nesting cannot recurse.
 */
export function scanHtml(html: string, events: HtmlEvents, cdataIsMarkup = true): void {
  const state = scanState(capHtml(html));
  const tokenizer = new Tokenizer({ decodeEntities: true }, { ...tagCallbacks(state, events), ...contentCallbacks(state, events, cdataIsMarkup) });
  tokenizer.write(state.source);
  tokenizer.end();
}
