import { describe, expect, it } from 'vitest';
import { pickHashtags, prepareHashtags } from '../../src/drafts/hashtag-selection.js';
import { articleHashtags, extractHashtags, repeatedNames, toHashtag } from '../../src/summaries/hashtags.js';
import { keyFactOf } from '../../src/summaries/lede.js';
import { isTragedy } from '../../src/summaries/tragedy.js';

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

describe('hashtags that belong (#14)', () => {
  const sentences = [
    'Field Marshal Asim Munir hosted General Selcuk Bayraktaroglu in Rawalpindi.',
    'The Turkish delegation was welcomed by Asim Munir.',
    'Selcuk Bayraktaroglu thanked the hosts.',
    'Turkiye has supplied KAAN jets, and Iran watched the talks.',
    'Analysts said KAAN and Iran matter to the Turkish industry.',
  ];
  const base = {
    title: 'Asim Munir hosts Turkish army chief',
    text: sentences.join(' '),
    sentences,
    hashtagMap: { 'defence ties': ['Defence'] },
  };

  it('stoplisted house categories are never tags, and "What\'s on" is never #WhatOn', () => {
    const categories = ['Breaking', 'News', 'Latest', 'Reviews', 'Opinion', 'Crime', 'Top Stories', "What's on", 'What’s On', 'Film'];
    expect(extractHashtags({ ...base, categories })).toEqual(['Film', 'AsimMunir', 'SelcukBayraktaroglu']);
  });

  it('names come only from the headline or lede; no nationality adjectives, nothing mentioned only deep in the body', () => {
    const tags = extractHashtags({ ...base, categories: [] });
    expect(tags).toContain('AsimMunir');
    expect(tags).toContain('SelcukBayraktaroglu');
    for (const never of ['Turkish', 'KAAN', 'Iran']) expect(tags).not.toContain(never);
  });

  it('curated hashtagMap tags come first and are marked curated', () => {
    const result = articleHashtags({ ...base, text: `${base.text} The defence ties grew.`, categories: ['Pakistan'] });
    expect(result.hashtags.slice(0, 2)).toEqual(['Defence', 'Pakistan']);
    expect(result.curated).toEqual(['Defence']);
  });

  it('a curated tag is kept even when its word is in the post; a name is not (pickHashtags)', () => {
    const tags = prepareHashtags(['Defence', 'AsimMunir', 'Pakistan']);
    const visible = 'Asim Munir discusses defence with Pakistan officials';
    expect(pickHashtags(tags, visible, 3)).toEqual([]);
    expect(pickHashtags(tags, visible, 3, new Set(['defence']))).toEqual(['Defence']);
  });
});

describe('isTragedy', () => {
  it.each([
    ['At least 12 killed as bus plunges into ravine', [], true],
    ['Man charged with murder of shopkeeper', [], true],
    ['Earthquake jolts northern areas', [], true],
    ['کراچی میں فائرنگ سے دو افراد جاں بحق', [], true],
    ['Court hears appeal', ['Crime'], true],
    ['Flood warning issued for Indus river', [], false],
    ['Babar Azam century seals series', ['Sports'], false],
  ])('%s %j → %s', (title, categories, expected) => {
    expect(isTragedy(title, categories)).toBe(expected);
  });
});

describe('keyFactOf (what a stand-in for the lede must keep)', () => {
  it('the first number that is not a date, else the first name', () => {
    expect(keyFactOf('The bank kept its rate at 8 per cent on 30 January, 2026.')).toBe('8');
    expect(keyFactOf('On Friday, 30 January, 2026, Field Marshal Asim Munir hosted the chief.')).toBe('Field Marshal Asim Munir');
    expect(keyFactOf('Officials met on Monday in Colombo.')).toBe('Colombo');
  });
});
