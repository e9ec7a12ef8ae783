/**
 * How much of each field a feed item may bring in, and what its text may contain. Feed text is
 * written by strangers: without caps one item can put hundreds of MB in Redis, and control
 * characters or ANSI escapes reach terminals (`crier preview`, logs) and the ledger. Raw values
 * are cut before any HTML stripping or regex sees them; the cleaned text is cut again to its cap.
 */

export const ITEM_LIMITS = {
  titleChars: 300,
  teaserChars: 1_000,
  authorChars: 120,
  categories: 30,
  categoryChars: 100,
  /** Longer links are refused, not cut: a cut URL points somewhere else. */
  linkChars: 2_048,
  guidChars: 512,
  languageChars: 35,
  /** The body is only read for its text, so cutting it mid-tag is harmless. */
  htmlChars: 256 * 1024,
} as const;

/** Raw markup may be this many times longer than the text it yields (tags, entities). */
const RAW_SLACK = 8;

/**
 * A raw (markup) value cut to what can possibly yield `textChars` of text, escape sequences
 * removed whole before HTML stripping can remove just their ESC and leave "[31m" behind.
 */
export function capRaw(value: string, textChars: number): string {
  return stripControls(value.length <= textChars * RAW_SLACK ? value : value.slice(0, textChars * RAW_SLACK));
}

/** Cut to `maxChars` with an ellipsis, never between the halves of a surrogate pair. */
export function capText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  let end = maxChars - 1;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return `${text.slice(0, end).trimEnd()}…`;
}

// CSI (colours, cursor moves), OSC (window titles, hyperlinks; ended by BEL or ST) and the
// two-character escapes. Each alternative starts at ESC and only moves forward: linear.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const ANSI = /\u001b(?:\[[0-?]*[ -/]*[@-~]?|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[@-Z\\-_])?/g;
// C0 controls except tab, line feed and carriage return; DEL; C1 controls.
// eslint-disable-next-line no-control-regex -- as above
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/** Text without ANSI escape sequences and control characters (tab and line breaks stay). */
export function stripControls(text: string): string {
  // eslint-disable-next-line no-control-regex -- as above
  if (!/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/.test(text)) return text;
  return text.replace(ANSI, '').replace(CONTROL, '');
}

/** Cleaned and capped: what every text field of an item goes through last. */
export function cleanText(text: string, maxChars: number): string {
  return capText(stripControls(text).trim(), maxChars).trim();
}

/** An absolute http(s) URL without `user:pass@`, or undefined when it is not one or too long. */
export function safeHttpUrl(url: string | undefined): string | undefined {
  if (!url || url.length > ITEM_LIMITS.linkChars) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  if (parsed.username || parsed.password) {
    parsed.username = '';
    parsed.password = '';
  }
  return parsed.href;
}

/** "javascript:alert(1)…" for messages: the scheme and a little more, controls removed. */
export function describeRejectedLink(href: string): string {
  const shown = stripControls(href.trim()).slice(0, 40);
  return href.trim().length > 40 ? `${shown}…` : shown;
}
