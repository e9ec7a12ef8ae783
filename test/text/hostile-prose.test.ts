import { describe, expect, it } from 'vitest';
import { truncateAt } from '../../src/drafts/truncate.js';
import { toPlainText } from '../../src/text/plain-text.js';
import { useBoundedRunner } from '../helpers/bounded-run.js';

/**
 * Text readers downstream of HTML-to-text see the same hostile feed text (issue #13). Each of
 * these regexes took seconds on 20,000 characters of the shape below (time grew with the square
 * of the run); now a megabyte costs one pass. Each call runs in a worker aborted after 10 s (a
 * pass takes milliseconds): an abort, not a timing (#12).
 */
const MB = 1024 * 1024;
const SENTENCES = new URL('../../src/summaries/sentences.ts', import.meta.url);
const TRUNCATE = new URL('../../src/drafts/truncate.ts', import.meta.url);
const run = useBoundedRunner([SENTENCES, TRUNCATE]);

describe('hostile prose costs one pass', () => {
  it('sentence splitting: a megabyte-long run of full stops', async () => {
    const body = toPlainText(`Officials met on Monday. ${'.'.repeat(MB)}x They agreed.`);
    const sentences = await run<string[]>(SENTENCES, 'splitSentences', [body]);
    expect(sentences[0]).toBe('Officials met on Monday.');
    // Dots glued to a word are no sentence end: the run stays with the sentence it belongs to.
    expect(sentences.at(-1)?.endsWith('.x They agreed.')).toBe(true);
  });

  it('truncation: a megabyte-long run of dashes before the cut', async () => {
    const text = `Word ${'-'.repeat(MB)}x tail`;
    const cut = await run<string>(TRUNCATE, 'truncateAt', [text, text.length - ' tail'.length]);
    expect(cut.endsWith('-x…')).toBe(true);
    expect(truncateAt('Budget passed, —', 'Budget passed, —'.length)).toBe('Budget passed…');
  });
});
