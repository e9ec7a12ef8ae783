import { describe, expect, it } from 'vitest';
import { extractHashtags, repeatedNames, toHashtag } from '../../src/summaries/hashtags.js';

describe('toHashtag', () => {
  it('CamelCases phrases and keeps only letters, digits and underscores', () => {
    expect(toHashtag('Asim Munir')).toBe('AsimMunir');
    expect(toHashtag('#Pakistan')).toBe('Pakistan');
    expect(toHashtag('world news')).toBe('WorldNews');
    expect(toHashtag("Pakistan's economy")).toBe('PakistanEconomy');
    expect(toHashtag('F-16 jets')).toBe('F16Jets');
    expect(toHashtag('iPhone')).toBe('iPhone');
    expect(toHashtag('دفاعی تعاون')).toBe('دفاعیتعاون');
    expect(toHashtag('हिंदी समाचार')).toBe('हिंदीसमाचार');
    expect(toHashtag('2026')).toBe('');
    expect(toHashtag('!!!')).toBe('');
  });
});

describe('repeatedNames', () => {
  it('finds names mentioned twice, strips honorifics, ignores sentence openers', () => {
    const sentences = [
      'Field Marshal Asim Munir met General Selcuk Bayraktaroglu in Rawalpindi.',
      'Asim Munir praised Selcuk Bayraktaroglu.',
      'Recent talks were useful.',
      'Recent reports agree.',
    ];
    expect(repeatedNames(sentences, '')).toEqual(['Asim Munir', 'Selcuk Bayraktaroglu']);
  });

  it('splits fused names whose first word stands alone more often', () => {
    const sentences = ['Pakistan Turkey cooperation grows.', 'Pakistan Turkey cooperation matters.', 'Pakistan agreed.', 'Officials in Pakistan said so.', 'Leaders of Pakistan met.'];
    expect(repeatedNames(sentences, '')).toEqual(['Pakistan', 'Turkey']);
  });
});

describe('extractHashtags', () => {
  it('orders map hits (title, then body), categories, then names of the headline or lede; de-duplicates case-insensitively (#14)', () => {
    const tags = extractHashtags({
      title: 'Budget passed',
      text: 'The IMF welcomed the budget. The imf team and the IMF board met Aurangzeb. Aurangzeb thanked them.',
      sentences: ['The IMF welcomed the budget.', 'The imf team and the IMF board met Aurangzeb.', 'Aurangzeb thanked them.'],
      categories: ['Economy', 'Uncategorized', 'economy'],
      hashtagMap: { budget: ['#Budget'], imf: ['IMF', 'Economy'] },
    });
    // Curated map tags first; "Aurangzeb" is repeated in the body but absent from the headline and the lede.
    expect(tags).toEqual(['Budget', 'IMF', 'Economy']);
  });
});
