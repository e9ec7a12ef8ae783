import { closesParagraph } from './html-elements.js';
import type { HtmlTag } from './html-tokens.js';

/**
 * Skips an element with everything inside it, in constant time per tag: instead of a stack of
 * open elements we count only the dropped element's own name (`<div class="share"><div>…</div>
 * </div>` closes at depth 0). Elements HTML closes implicitly are handled too, so an unclosed
 * `<p class="credit">` ends at the next paragraph instead of swallowing the rest of the page.
 */

export interface DropTracker {
  /** True while inside a dropped element. */
  readonly active: boolean;
  /** Call for every open tag; true when the tag was consumed (dropped, or inside a dropped element). */
  open(tag: HtmlTag): boolean;
  /** Call for every close tag; true when it was consumed. */
  close(name: string): boolean;
}

/** Opening one of these ends the dropped element (it was closed implicitly). */
const IMPLIED_END_ON_OPEN: Readonly<Record<string, (name: string) => boolean>> = {
  p: closesParagraph,
  li: (name) => name === 'li',
  dt: (name) => name === 'dt' || name === 'dd',
  dd: (name) => name === 'dt' || name === 'dd',
  option: (name) => name === 'option' || name === 'optgroup',
  head: (name) => name === 'body',
};

/** Closing one of these (an ancestor) ends the dropped element. */
const IMPLIED_END_ON_CLOSE: Readonly<Record<string, (name: string) => boolean>> = {
  p: closesParagraph,
  li: (name) => name === 'ul' || name === 'ol' || name === 'menu',
  dt: (name) => name === 'dl',
  dd: (name) => name === 'dl',
  option: (name) => name === 'select' || name === 'datalist',
  head: (name) => name === 'html',
};

/** Elements that open a new scope: an `<li>` inside a nested `<ul>` does not close the outer one. */
const SCOPES: ReadonlySet<string> = new Set(['ul', 'ol', 'menu', 'dl', 'table', 'select', 'datalist']);

export function createDropTracker(shouldDrop: (tag: HtmlTag) => boolean): DropTracker {
  let dropping = '';
  let depth = 0;
  /** Scopes opened inside the dropped element; implied ends only apply at its own level. */
  let scopes = 0;
  const end = (): void => {
    dropping = '';
    depth = 0;
    scopes = 0;
  };
  const insideOpen = (tag: HtmlTag): boolean => {
    if (scopes === 0 && IMPLIED_END_ON_OPEN[dropping]?.(tag.name)) {
      end();
      return false;
    }
    if (tag.selfClosing) return true;
    if (tag.name === dropping) depth += 1;
    else if (SCOPES.has(tag.name)) scopes += 1;
    return true;
  };
  return {
    get active() {
      return depth > 0;
    },
    open(tag) {
      if (depth > 0 && insideOpen(tag)) return true;
      if (!shouldDrop(tag)) return false;
      if (!tag.selfClosing) {
        dropping = tag.name;
        depth = 1;
      }
      return true;
    },
    close(name) {
      if (depth === 0) return false;
      if (name === dropping) {
        depth -= 1;
        if (depth === 0) end();
        return true;
      }
      if (SCOPES.has(name) && scopes > 0) scopes -= 1;
      else if (scopes === 0 && IMPLIED_END_ON_CLOSE[dropping]?.(name)) {
        end();
        return false;
      }
      return true;
    },
  };
}
