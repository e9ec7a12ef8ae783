import { describe, expect, it } from 'vitest';
import type { FeedFilters } from '../../src/config/schema.js';
import { matchesFilters } from '../../src/feeds/filters.js';

type Rules = { categories?: string[]; keywords?: string[]; regex?: string[] };
function filters(include?: Rules, exclude?: Rules): FeedFilters {
  const full = (r: Rules) => ({ categories: r.categories ?? [], keywords: r.keywords ?? [], regex: r.regex ?? [] });
  return { ...(include ? { include: full(include) } : {}), ...(exclude ? { exclude: full(exclude) } : {}) };
}

const item = {
  title: 'Pakistan and Turkiye reaffirm defence ties',
  text: 'Gen. Selcuk Bayraktaroglu met the army chief in Rawalpindi. کراچی میں کتب میلہ',
  categories: ['Pakistan', 'Defence'],
};

describe('matchesFilters', () => {
  it('passes everything without rules', () => {
    expect(matchesFilters(item, filters())).toEqual({ ok: true });
    expect(matchesFilters(item, filters({}, {}))).toEqual({ ok: true });
  });

  it('includes on any category, keyword or regex', () => {
    expect(matchesFilters(item, filters({ categories: ['defence'] })).ok).toBe(true);
    expect(matchesFilters(item, filters({ categories: ['Sports'], keywords: ['rawalpindi'] })).ok).toBe(true);
    expect(matchesFilters(item, filters({ regex: ['turk(iye|ey)'] })).ok).toBe(true);
    const miss = matchesFilters(item, filters({ categories: ['Sports'], keywords: ['cricket'] }));
    expect(miss).toEqual({ ok: false, reason: expect.stringContaining('cricket') as string });
  });

  it('excludes on any match, even when an include rule matches', () => {
    const result = matchesFilters(item, filters({ categories: ['Pakistan'] }, { keywords: ['army chief'] }));
    expect(result).toEqual({ ok: false, reason: 'excluded by keyword "army chief"' });
  });

  it('matches keywords as whole words, case-insensitively, in any script', () => {
    expect(matchesFilters(item, filters({ keywords: ['gen'] })).ok).toBe(true);
    expect(matchesFilters(item, filters({ keywords: ['Bayraktar'] })).ok).toBe(false);
    expect(matchesFilters(item, filters({ keywords: ['DEFENCE TIES'] })).ok).toBe(true);
    expect(matchesFilters(item, filters({ keywords: ['کراچی'] })).ok).toBe(true);
    expect(matchesFilters(item, filters({ keywords: ['کرا'] })).ok).toBe(false);
    expect(matchesFilters({ ...item, text: 'Café culture' }, filters({ keywords: ['café'] })).ok).toBe(true);
    expect(matchesFilters({ ...item, text: 'Cafés' }, filters({ keywords: ['café'] })).ok).toBe(false);
  });

  it('treats keyword punctuation literally', () => {
    expect(matchesFilters({ ...item, text: 'the U.S. said' }, filters({ keywords: ['U.S.'] })).ok).toBe(true);
    expect(matchesFilters({ ...item, text: 'the UXSX said' }, filters({ keywords: ['U.S.'] })).ok).toBe(false);
    expect(matchesFilters({ ...item, text: 'a self-driving car' }, filters({ keywords: ['self-driving'] })).ok).toBe(true);
  });

  it('compiles regex with the i and u flags and ignores an invalid one', () => {
    expect(matchesFilters(item, filters(undefined, { regex: ['^PAKISTAN'] })).ok).toBe(false);
    expect(matchesFilters(item, filters(undefined, { regex: ['\\p{Script=Arabic}+'] })).ok).toBe(false);
    expect(matchesFilters(item, filters(undefined, { regex: ['(unclosed'] })).ok).toBe(true);
  });
});
