/**
 * Helpers for corpus.int.test.ts: reading the feedparser test-suite headers and turning the
 * simple Python `Expect` expressions into comparisons we can run.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { htmlToLine } from '../../src/text/html-to-text.js';

export interface CorpusFile {
  /** Path relative to the corpus root, e.g. "wellformed/rss/item_title.xml". */
  name: string;
  category: string;
  expect: string;
  contentType?: string;
  contentLocation?: string;
}

export interface SimpleExpectation {
  scope: 'entry' | 'feed';
  field: 'title' | 'link' | 'guid';
  value: string;
}

export function listXmlFiles(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((entry) => {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) return listXmlFiles(full);
      return entry.endsWith('.xml') ? [full] : [];
    })
    .sort();
}

/** The comment header is ASCII even in UTF-16/32 files once NUL bytes are dropped. */
export function readHeader(root: string, file: string, bytes: Uint8Array): CorpusFile {
  const ascii = Buffer.from(bytes.filter((b) => b !== 0)).toString('latin1').slice(0, 4096);
  const name = path.relative(root, file).split(path.sep).join('/');
  const header = (field: string) => new RegExp(`^Header:\\s*${field}:\\s*(.*)$`, 'im').exec(ascii)?.[1]?.trim();
  const info: CorpusFile = { name, category: name.split('/')[0] ?? '', expect: /^Expect:\s*(.*)$/m.exec(ascii)?.[1]?.trim() ?? '' };
  const contentType = header('Content-type');
  if (contentType) info.contentType = contentType;
  const contentLocation = header('Content-Location');
  if (contentLocation) info.contentLocation = contentLocation;
  return info;
}

/** `entries[0]['title'] == u'…'`, `feed['link'] == '…'` and friends; undefined for anything richer. */
export function simpleExpectation(expect: string): SimpleExpectation | undefined {
  const match =
    /^(?:not bozo and )?(entries\[0\]|feed)(?:\['(title|link|id|guid)'\]|\.(title|link|id|guid)) == u?(['"])(.*)\4$/.exec(expect);
  if (!match) return undefined;
  const rawField = match[2] ?? match[3] ?? '';
  const field = rawField === 'id' ? 'guid' : (rawField as SimpleExpectation['field']);
  if (match[1] === 'feed' && field === 'guid') return undefined;
  return { scope: match[1] === 'feed' ? 'feed' : 'entry', field, value: pythonString(match[5] ?? '') };
}

/** Python string-literal escapes: \xNN, \uNNNN, \UNNNNNNNN, \n, \t, \\, \'. */
export function pythonString(body: string): string {
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (_match, escape: string) => {
    if (escape.length > 1) return String.fromCodePoint(parseInt(escape.slice(1), 16));
    return ({ n: '\n', t: '\t', r: '\r' } as Record<string, string>)[escape] ?? escape;
  });
}

/**
 * feedparser keeps markup in titles ("Example <b>Atom</b>") where we deliver plain text, and
 * normalises URLs slightly differently; accept the expected value in any of those spellings.
 */
export function acceptableValues(expected: SimpleExpectation): string[] {
  const values = [expected.value, expected.value.replace(/\s+/g, ' ').trim()];
  if (expected.field === 'title') values.push(htmlToLine(expected.value));
  if (expected.field === 'link') {
    try {
      values.push(new URL(expected.value).href);
    } catch {
      // relative expectation: only the literal spelling counts
    }
  }
  return values;
}

/**
 * Whether the first <item>/<entry> has something we identify items by (title, an alternate
 * link, guid/id). Items without any are dropped by design (nothing to link a post to), so a
 * corpus file whose only entry is e.g. just an <author> legitimately yields zero items.
 * Nested <source>, <image>, itunes:* and body blocks (an SVG <title> in <content>) are ignored.
 */
export function firstEntryIsIdentifiable(xmlText: string): boolean {
  const entry = /<(item|entry)\b[\s\S]*?(?:<\/\1>|$)/.exec(xmlText)?.[0];
  if (!entry) return false;
  const own = entry
    .replace(/<(source|content|summary|description)\b[\s\S]*?<\/\1>/g, '')
    .replace(/<image\b[\s\S]*?<\/image>/g, '')
    .replace(/<itunes:[\s\S]*?(?:\/>|<\/itunes:[^>]*>)/g, '');
  if (/<(?:(?:dc|media):)?(?:title|guid|id)\b/.test(own)) return true;
  return [...own.matchAll(/<link\b([^>]*)>/g)].some(([, attrs = '']) => !/\brel\s*=/.test(attrs) || /\brel\s*=\s*["']alternate["']/.test(attrs));
}

export function containsEntries(xmlText: string): boolean {
  return /<(?:item|entry)[\s>]/.test(xmlText);
}
