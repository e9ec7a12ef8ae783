import { decodeHTMLStrict } from 'entities';

/**
 * Best-effort repairs for feeds that are almost XML. Each is applied only after the strict parse
 * of the previous text failed (see xml-feed.ts), so a well-formed feed is never rewritten, and
 * each is deliberately narrow: it fixes one well-known way CMSs and flaky connections break feeds.
 */

const XML_ENTITIES = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);

/**
 * Bare "&" ("Q&A") and HTML-only named entities ("&hellip;" is not XML) outside CDATA sections and
 * comments, where "&" is literal and must stay. Known HTML entities become numeric references so
 * the character survives; unknown ones are escaped so the text shows what the feed said.
 */
export function repairEntities(xml: string): string {
  const declared = internalEntities(xml);
  return xml.replace(
    /<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|&(?:([a-zA-Z][a-zA-Z0-9]*);|#\d+;|#x[0-9a-fA-F]+;)?/g,
    (match, name: string | undefined) => {
      if (match.startsWith('<')) return match;
      if (match === '&') return '&amp;';
      if (name === undefined || XML_ENTITIES.has(name)) return match;
      const own = declared.get(name);
      if (own !== undefined) return own;
      const decoded = decodeHTMLStrict(match);
      if (decoded === match) return `&amp;${name};`;
      return Array.from(decoded, (char) => `&#${char.codePointAt(0) ?? 0xfffd};`).join('');
    },
  );
}

/**
 * Entities declared in the DOCTYPE's internal subset (sax ignores DTDs). Only literal values
 * without "&" or "<" are used, so expansion is a single step and cannot be turned into a
 * billion-laughs bomb; values are escaped because they replace a reference inside text.
 */
function internalEntities(xml: string): Map<string, string> {
  const entities = new Map<string, string>();
  const subset = /<!DOCTYPE[^[>]*\[([\s\S]*?)\]\s*>/i.exec(xml.slice(0, 65_536))?.[1];
  if (!subset) return entities;
  for (const match of subset.matchAll(/<!ENTITY\s+([a-zA-Z_][\w.-]*)\s+(?:"([^"&<%]*)"|'([^'&<%]*)')\s*>/g)) {
    const [, name, double, single] = match;
    const value = double ?? single;
    if (name && value !== undefined && value.length <= 1024) entities.set(name, value.replace(/>/g, '&gt;'));
  }
  return entities;
}

// Comments, CDATA, PIs and DOCTYPE are skipped whole; then closing tags, then opening tags.
const TOKEN =
  /<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!DOCTYPE[^[>]*(?:\[[\s\S]*?\])?\s*>|<\/([^\s>]+)\s*>|<([^\s/>!?]+)(?:\s(?:[^>"'/]|\/(?!>)|"[^"]*"|'[^']*')*)?(\/)?>/g;

/**
 * A feed cut off mid-transfer or mid-write (or just missing the last ">"): finish the dangling
 * construct, then close every element still open, innermost first, so the items that did arrive
 * can be read. Closing tags that match nothing are left for the parser to complain about.
 */
export function repairTruncation(xml: string): string {
  let text = xml.replace(/\s+$/, '');
  if (text.lastIndexOf('<![CDATA[') > text.lastIndexOf(']]>')) text += ']]>';
  else if (text.lastIndexOf('<!--') > text.lastIndexOf('-->')) text += '-->';
  else {
    const lastOpen = text.lastIndexOf('<');
    // A half-written tag ("</chann", "<item rel=") is dropped; the balancing below re-closes.
    if (lastOpen > text.lastIndexOf('>')) text = text.slice(0, lastOpen);
  }

  const stack: string[] = [];
  for (const match of text.matchAll(TOKEN)) {
    const [, closing, opening, selfClosing] = match;
    if (opening !== undefined && selfClosing === undefined) stack.push(opening);
    if (closing !== undefined) {
      const index = stack.lastIndexOf(closing);
      if (index !== -1) stack.length = index;
    }
  }
  return text + stack.reverse().map((name) => `</${name}>`).join('');
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
  let text = xml
    .replace(/<(published|updated)(\s[^>]*)?>([^<]*)<\/\1>/g, (match, _name: string, _attrs: string, value: string) =>
      Number.isNaN(new Date(value.trim()).getTime()) ? '' : match,
    )
    .replace(/<link>\s*([^<\s]+)\s*<\/link>/g, (_match, href: string) => `<link href="${href.replace(/"/g, '&quot;')}"/>`);
  if (!/<(?:[\w-]+:)?channel[\s>/]/.test(text)) {
    // RSS items live inside <channel>, so wrap the root's content; RDF items are siblings of it.
    const rss = /<rss\b(?:[^>"']|"[^"]*"|'[^']*')*?(\/?)>/.exec(text);
    if (rss && rss[1] === '/') text = text.replace(rss[0], `${rss[0].slice(0, -2)}><channel/></rss>`);
    else if (rss) text = text.replace(rss[0], `${rss[0]}<channel>`).replace(/<\/rss>(?![\s\S]*<\/rss>)/, '</channel></rss>');
    else text = text.replace(/(<rdf:RDF\b(?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>/, (_m, start: string, slash: string) => (slash ? `${start}><channel/></rdf:RDF>` : `${start}><channel/>`));
  }
  return text;
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
  const prefixes = [...head.matchAll(/\bxmlns:([A-Za-z_][\w.-]*)\s*=\s*(["'])([^"']*)\2/g)].filter((m) => RSS_NAMESPACES.has(m[3] ?? '')).map((m) => m[1] ?? '');
  if (prefixes.length === 0) return xml;
  const tag = new RegExp(`<!\\[CDATA\\[[\\s\\S]*?\\]\\]>|<!--[\\s\\S]*?-->|<(/?)(?:${prefixes.map((p) => p.replace(/[.-]/g, '\\$&')).join('|')}):(?=[A-Za-z_])`, 'g');
  return xml.replace(tag, (match, slash: string | undefined) => (match.startsWith('<!') ? match : `<${slash ?? ''}`));
}
