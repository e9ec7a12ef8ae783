import { describe, expect, it } from 'vitest';
import { truncateAt } from '../../src/drafts/truncate.js';
import { splitSentences } from '../../src/summaries/sentences.js';
import { toPlainText } from '../../src/text/plain-text.js';
import { cpuMs } from './cpu-time.js';

/**
 * Text readers downstream of HTML-to-text see the same hostile feed text (issue #13). Each of
 * these regexes took seconds on 20,000 characters of the shape below (time grew with the square
 * of the run); now a megabyte costs one pass.
 */
const MB = 1024 * 1024;

describe('hostile prose costs one pass', () => {
  it('sentence splitting: a megabyte-long run of full stops', () => {
    const body = toPlainText(`Officials met on Monday. ${'.'.repeat(MB)}x They agreed.`);
    let sentences: string[] = [];
    expect(cpuMs(() => (sentences = splitSentences(body)))).toBeLessThan(1_000);
    expect(sentences[0]).toBe('Officials met on Monday.');
    // Dots glued to a word are no sentence end: the run stays with the sentence it belongs to.
    expect(sentences.at(-1)?.endsWith('.x They agreed.')).toBe(true);
  });

  it('truncation: a megabyte-long run of dashes before the cut', () => {
    const text = `Word ${'-'.repeat(MB)}x tail`;
    let cut = '';
    expect(cpuMs(() => (cut = truncateAt(text, text.length - ' tail'.length)))).toBeLessThan(1_000);
    expect(cut.endsWith('-x…')).toBe(true);
    expect(truncateAt('Budget passed, —', 'Budget passed, —'.length)).toBe('Budget passed…');
  });
});
