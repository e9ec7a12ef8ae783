/**
 * Defensive readers for the objects xml2js (inside rss-parser) builds. Depending on the feed, the
 * same element arrives as a string, `['x']`, `{ _: 'x', $: {...} }`, a nested object for inline
 * XHTML, a number, or not at all; every reader here accepts `unknown` and never throws.
 */

export type XmlAttrs = Record<string, string>;

const TEXT_KEY = '_';
const ATTR_KEY = '$';

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** Attributes of an element, or an empty object. */
export function attrsOf(node: unknown): XmlAttrs {
  const first = Array.isArray(node) ? node[0] : node;
  if (!isRecord(first) || !isRecord(first[ATTR_KEY])) return {};
  const attrs: XmlAttrs = {};
  for (const [name, value] of Object.entries(first[ATTR_KEY])) {
    if (typeof value === 'string') attrs[name] = value;
    else if (typeof value === 'number' || typeof value === 'boolean') attrs[name] = String(value);
    else if (isRecord(value) && typeof value.value === 'string') attrs[name] = value.value;
  }
  return attrs;
}

/** Case-insensitive attribute lookup: loose producers write `isPermalink`, `URL`, `Type`. */
export function attr(node: unknown, name: string): string | undefined {
  const attrs = attrsOf(node);
  if (attrs[name] !== undefined) return attrs[name];
  const lower = name.toLowerCase();
  const key = Object.keys(attrs).find((candidate) => candidate.toLowerCase() === lower);
  return key === undefined ? undefined : attrs[key];
}

/**
 * All character data of a node, children included, in document order as far as xml2js kept it
 * (it stores an element's own text apart from its children, so mixed content can reorder).
 */
export function textOf(node: unknown): string {
  if (node === undefined || node === null) return '';
  if (typeof node === 'string') return node;
  if (typeof node === 'number' || typeof node === 'boolean') return String(node);
  if (Array.isArray(node)) return node.map(textOf).join('');
  if (!isRecord(node)) return '';
  const parts: string[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === ATTR_KEY) continue;
    parts.push(textOf(value));
  }
  return parts.join(hasOnlyText(node) ? '' : ' ');
}

function hasOnlyText(node: Record<string, unknown>): boolean {
  return Object.keys(node).every((key) => key === TEXT_KEY || key === ATTR_KEY);
}

/** First element's text, trimmed; undefined when empty. */
export function firstText(node: unknown): string | undefined {
  for (const item of asArray(node)) {
    const text = textOf(item).trim();
    if (text) return text;
  }
  return undefined;
}

/**
 * Markup of an element's content. Escaped HTML and CDATA arrive as text and are returned as is;
 * inline XHTML arrives as objects and is re-serialised (best effort, see `textOf` on ordering).
 */
export function markupOf(node: unknown): string {
  const first = Array.isArray(node) ? node[0] : node;
  if (!isRecord(first)) return textOf(first);
  // Text plus attributes (<content type="html">…</content>): the text already is the markup.
  if (hasOnlyText(first)) return textOf(first[TEXT_KEY]);
  return renderChildren(first);
}

function renderChildren(node: Record<string, unknown>): string {
  const parts: string[] = [];
  if (node[TEXT_KEY] !== undefined) parts.push(escapeText(textOf(node[TEXT_KEY])));
  for (const [name, value] of Object.entries(node)) {
    if (name === TEXT_KEY || name === ATTR_KEY) continue;
    for (const child of asArray(value)) parts.push(renderElement(localName(name), child));
  }
  return parts.join('');
}

function renderElement(name: string, node: unknown): string {
  const attrs = Object.entries(attrsOf(node))
    .filter(([key]) => !key.startsWith('xmlns'))
    .map(([key, value]) => ` ${key}="${escapeText(value).replace(/"/g, '&quot;')}"`)
    .join('');
  const inner = isRecord(node) ? renderChildren(node) : escapeText(textOf(node));
  return `<${name}${attrs}>${inner}</${name}>`;
}

/** "xhtml:p" → "p": namespaced XHTML is still HTML once it leaves the feed. */
function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon === -1 ? name : name.slice(colon + 1);
}

export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
