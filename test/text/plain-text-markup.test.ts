import { describe, expect, it } from 'vitest';
import { toPlainLine, toPlainText } from '../../src/text/plain-text.js';
import { createExtractiveSummariser } from '../../src/summaries/extractive-summariser.js';

// Article fields arrive already decoded by the feeds module: angle brackets in them are text.
describe('plain text that contains angle brackets', () => {
  it('keeps text in angle brackets that is not an HTML tag', () => {
    expect(toPlainLine('Tax on <imported_goods> & luxury cars')).toBe('Tax on <imported_goods> & luxury cars');
    expect(toPlainText('Engines < 1,000cc and > 3,000cc are exempt.')).toBe('Engines < 1,000cc and > 3,000cc are exempt.');
  });

  it('still removes inline HTML tags a feed left behind', () => {
    expect(toPlainLine('Budget <b>passed</b> after <a href="https://x.example">vote</a>')).toBe('Budget passed after vote');
  });

  it('the summary keeps such a headline whole', async () => {
    const summary = await createExtractiveSummariser({ hashtagMap: {} }).summarise({
      key: 'a1',
      feedId: 'desk',
      title: 'Senate votes tax on <imported_goods> & luxury cars',
      url: 'https://southasiandesk.example/tax',
      categories: [],
      text: 'The Senate voted on Tuesday to raise the tax on imported goods and luxury cars. The finance minister said revenue would rise by 12 percent.',
      discoveredAt: new Date().toISOString(),
    });
    expect(summary.title).toBe('Senate votes tax on <imported_goods> & luxury cars');
  });
});
