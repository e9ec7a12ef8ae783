import { createDropTracker } from './drop-tracker.js';
import {
  BLOCK_ELEMENTS, CLUTTER_ELEMENTS, CONTAINER_ELEMENTS, DROPPED_ELEMENTS, SPACING_ELEMENTS, isClutterClass, isKnownElement,
} from './html-elements.js';
import { type HtmlTag, scanHtml } from './html-tokens.js';
import { tidyText } from './tidy-text.js';

/**
 * HTML → plain text, one paragraph per line, in one linear pass of htmlparser2's tokenizer.
 * Block elements and `<br>` break lines, cells and images become spaces, inline tags vanish
 * without a gap, entities are decoded once (so "&lt;b&gt;" stays the text "<b>"), and scripts,
 * styles and other non-prose elements go with their content.
 *
 * Line breaks written in the source are spaces when the fragment has block markup (as in a
 * browser); a fragment without any is plain text wearing a few tags, whose line breaks are its
 * paragraphs (feeds send such descriptions all the time).
 */

export interface HtmlToTextOptions {
  /**
   * Also drop what surrounds an article's prose (issue #14, clean text first): figures and their
   * captions, asides, navigation, footers, forms, and elements whose class marks a caption,
   * credit, share bar, social links, related stories, a newsletter or subscribe box, or "read
   * more". Off by default; `articleBodyToText` turns it on.
   */
  dropClutter?: boolean;
}

/** How to read markup; `keepUnknownTags` is for text that should already be plain (see plain-text.ts). */
export interface MarkupReading {
  dropClutter: boolean;
  /** Angle-bracket text that is not an HTML element (`<imported_goods>`) is prose; kept unless the input has block markup. */
  keepUnknownTags: boolean;
}

export function shouldDrop(tag: HtmlTag, dropClutter: boolean): boolean {
  if (DROPPED_ELEMENTS.has(tag.name)) return true;
  if (!dropClutter) return false;
  if (CLUTTER_ELEMENTS.has(tag.name)) return true;
  return !CONTAINER_ELEMENTS.has(tag.name) && isClutterClass(tag.attrs.get('class'));
}

export function readMarkup(html: string, reading: MarkupReading): string {
  // Two readings are built side by side until the first block element decides between them:
  // `folded` (HTML: source newlines are spaces, unknown tags go) and `lines` (plain text wearing
  // tags: newlines are paragraphs, unknown tags are prose when keepUnknownTags). Strings grow by
  // `+=`, which V8 keeps as ropes: linear, and nothing allocated per tag.
  let folded = '';
  let lines = '';
  let sawBlock = false;
  const drops = createDropTracker((tag) => shouldDrop(tag, reading.dropClutter));
  /** What an unclosed dropped element swallowed: in plain text, "Why <script> tags matter" is a headline. */
  let swallowed = '';
  const keepSwallowed = (): boolean => reading.keepUnknownTags && !sawBlock;
  const separate = (name: string, raw: () => string): void => {
    if (BLOCK_ELEMENTS.has(name)) {
      sawBlock = true;
      lines = '';
      folded += '\n';
    } else if (SPACING_ELEMENTS.has(name)) {
      folded += ' ';
      if (!sawBlock) lines += ' ';
    } else if (!sawBlock && reading.keepUnknownTags && !isKnownElement(name)) lines += raw();
  };

  scanHtml(html, {
    openTag(tag) {
      const wasDropping = drops.active;
      if (!drops.open(tag)) return separate(tag.name, () => tag.raw);
      if (!wasDropping) {
        swallowed = '';
        if (BLOCK_ELEMENTS.has(tag.name)) separate(tag.name, () => tag.raw);
      }
      if (keepSwallowed()) swallowed += tag.raw;
    },
    closeTag(name, raw) {
      if (!drops.close(name)) return separate(name, raw);
      if (keepSwallowed() && drops.active) swallowed += raw();
    },
    text(data) {
      if (drops.active) {
        if (keepSwallowed()) swallowed += data;
        return;
      }
      folded += data.includes('\n') || data.includes('\r') ? data.replace(/[\r\n]+/g, ' ') : data;
      if (!sawBlock) lines += data;
    },
    tail(raw) {
      if (drops.active) swallowed += raw;
      else if (!sawBlock && reading.keepUnknownTags) lines += raw;
    },
  });
  if (sawBlock) return tidyText(folded);
  return tidyText(keepSwallowed() && drops.active ? lines + swallowed : lines);
}

/** Plain text of an HTML fragment (feed body, description, page part). */
export function htmlToText(html: string, options: HtmlToTextOptions = {}): string {
  if (!html) return '';
  return readMarkup(html, { dropClutter: options.dropClutter ?? false, keepUnknownTags: false });
}

/** An article body's prose: `htmlToText` with page clutter (captions, credits, share bars…) dropped. */
export function articleBodyToText(html: string): string {
  return htmlToText(html, { dropClutter: true });
}

/** Title-style text: a single line, tags dropped, entities decoded. */
export function htmlToLine(html: string): string {
  return htmlToText(html).replace(/\n+/g, ' ');
}
