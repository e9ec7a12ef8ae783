import { describe, expect, it } from 'vitest';
import { useBoundedRunner } from '../helpers/bounded-run.js';
import { htmlToText } from '../../src/text/html-to-text.js';
import { MAX_HTML_CHARS } from '../../src/text/html-tokens.js';
import { toPlainText } from '../../src/text/plain-text.js';
import { hostileHtml } from './hostile-html.js';

/**
 * Issue #13: the regex readers took time growing with the square of the input (an 80 KB
 * description stalled start-up for 18 s; 40,000 `<a` or `<script>` took 7-18 s; the tokenizer's
 * own Parser takes minutes on a megabyte of nested tags). Each reader must now cost one pass.
 * Each reader runs in a worker that is aborted if a call is still running after DEADLINE_MS (a
 * pass takes tens of milliseconds; the old readers took seconds to hours): an abort, not a timing
 * (#12). `npm run bench:text` measures how fast.
 */
const DEADLINE_MS = 10_000;

/** One reader per code path (articleBodyToText and toPlainLine share theirs with these): module and export. */
const readers: Record<string, URL> = {
  htmlToText: new URL('../../src/text/html-to-text.ts', import.meta.url),
  toPlainText: new URL('../../src/text/plain-text.ts', import.meta.url),
  firstImageSrc: new URL('../../src/text/first-image.ts', import.meta.url),
  extractMainText: new URL('../../src/text/main-text.ts', import.meta.url),
};
const run = useBoundedRunner(Object.values(readers), { deadlineMs: DEADLINE_MS });

/** What each shape reads as: hostile markup must not leak into the text, and the prose around it stays. */
const expectedText: Record<string, (text: string) => void> = {
  'description-80kb': (t) => expect(t).toBe('Lead.'),
  'open-a-40k': (t) => expect(t).toBe(''),
  'script-40k': (t) => expect(t).toBe('Lead.'),
  'nested-inline-1mb': (t) => expect(t).toBe('deep'),
  'nested-blocks-1mb': (t) => expect(t).toBe('deep'),
  'deep-then-stray-closes-1mb': (t) => expect(t).toBe(''),
  'unclosed-comments-1mb': (t) => expect(t).toBe('Lead.'),
  'unclosed-cdata-1mb': (t) => expect(t).toBe('Lead.'),
  'unterminated-attributes-1mb': (t) => expect(t).toBe('Lead.'),
  'unclosed-paragraphs-1mb': (t) => expect(new Set(t.split('\n'))).toEqual(new Set(['word'])),
  'unclosed-articles-1mb': (t) => expect(t).toBe(''),
  'unterminated-meta-1mb': (t) => expect(t).toBe(''),
  'plain-text-angles-1mb': (t) => expect(t.startsWith('Tax on')).toBe(true),
};

describe('hostile HTML costs one pass', () => {
  for (const { name, html } of hostileHtml()) {
    it(`${name} (${Math.round(html.length / 1024)} KB): every reader finishes, none aborted at ${DEADLINE_MS} ms`, async () => {
      for (const [reader, url] of Object.entries(readers)) {
        await expect(run(url, reader, [html]), `${reader} on ${name}`).resolves.not.toBeInstanceOf(Error);
      }
      expectedText[name]?.(htmlToText(html));
    });
  }

  it('text that should be plain keeps its angle brackets, even a megabyte of them', () => {
    const shape = hostileHtml().find((s) => s.name === 'plain-text-angles-1mb');
    expect(shape).toBeDefined();
    const text = toPlainText(shape?.html ?? '');
    expect(text.length).toBeGreaterThan(1_000_000);
    expect(text.startsWith('Tax on <imported_goods & Tax on <imported_goods & ')).toBe(true);
  });

  it('caps the input: text past MAX_HTML_CHARS is not read', () => {
    const html = `<p>${'a'.repeat(MAX_HTML_CHARS)}</p><p>beyond the cap</p>`;
    const text = htmlToText(html);
    expect(text).not.toContain('beyond');
    expect(text.length).toBe(MAX_HTML_CHARS - '<p>'.length);
  });
});
