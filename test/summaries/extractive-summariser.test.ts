import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sampleArticleText } from '../helpers/sample-article.js';
import type { Article } from '../../src/articles/article.js';
import { createExtractiveSummariser } from '../../src/summaries/extractive-summariser.js';
import { startsDangling } from '../../src/summaries/sentence-quality.js';
import { countWords } from '../../src/summaries/terms.js';
import type { Summary } from '../../src/summaries/summary.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixturesDir = path.resolve(repoRoot, 'test/fixtures/articles');

function readSample(): string {
  return sampleArticleText();
}

function fixture(name: string): Article {
  return JSON.parse(readFileSync(path.join(fixturesDir, name), 'utf8')) as Article;
}

const hashtagMap = {
  'Pakistan Turkey defence cooperation': ['#Pakistan', '#Turkiye', '#Defence'],
  IMF: ['IMF'],
  'دفاعی تعاون': ['دفاعی_تعاون'],
};
const summariser = createExtractiveSummariser({ hashtagMap, publicationName: 'SouthAsianDesk' });

function numbersIn(text: string): string[] {
  return text.match(/\d+(?:[.,]\d+)*/g) ?? [];
}

/** Invariants every summary must satisfy, whatever the article. */
function expectSound(summary: Summary, article: Article): void {
  const source = `${article.text}\n${article.teaser ?? ''}`.replace(/&amp;/g, '&');
  const all = summary.sentences.join(' ');
  for (const n of numbersIn(all)) expect(source, `number ${n} must come from the article`).toContain(n);
  for (const s of summary.sentences) {
    expect(s.trim().toLowerCase()).not.toBe(summary.title.trim().toLowerCase());
    expect(s).not.toMatch(/published in|follow .* on x|read more|click here|©|all rights reserved|appeared first on/i);
    expect(countWords(s, article.language), s).toBeGreaterThanOrEqual(4);
  }
  if (summary.sentences[0]) expect(startsDangling(summary.sentences[0]), summary.sentences[0]).toBe(false);
  expect(summary.producedBy).toBe('extractive');
  expect(summary.sentences.length).toBeLessThanOrEqual(6);
  for (const tag of summary.hashtags) expect(tag).toMatch(/^[\p{L}\p{M}\p{N}_]+$/u);
  const lower = summary.hashtags.map((t) => t.toLowerCase());
  expect(new Set(lower).size).toBe(lower.length);
}

describe('extractive summariser on the SouthAsianDesk sample', () => {
  const text = readSample();
  const article: Article = {
    key: 'sample-1',
    feedId: 'southasiandesk',
    feedTitle: 'SouthAsianDesk',
    title: 'Pakistan, Turkiye reaffirm defence ties as Asim Munir hosts Turkish army chief',
    url: 'https://southasiandesk.com/pakistan-turkiye-defence-ties',
    categories: ['Pakistan'],
    text,
    discoveredAt: '2026-01-31T00:00:00Z',
    language: 'en',
  };

  it('leads with the first sentence of the story that adds to the headline, and keeps reading order', async () => {
    const summary = await summariser.summarise(article);
    expectSound(summary, article);
    // The story's first line only restates the headline ("Pakistan and Turkiye reaffirmed… defence ties"), so the
    // lede is the next sentence, which brings the date, the guest and the place (#14: never restate the headline).
    expect(summary.sentences[0]).toMatch(/^On Friday, 30 January, 2026, Field Marshal Asim Munir, .* hosted General Selcuk Bayraktaroglu, .* in Rawalpindi\.$/);
    const positions = summary.sentences.map((s) => text.indexOf(s));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('mentions the key people and never the boilerplate or headings', async () => {
    const summary = await summariser.summarise(article);
    const all = summary.sentences.join(' ');
    expect(all).toContain('Asim Munir');
    expect(all).toContain('Selcuk Bayraktaroglu');
    expect(all).not.toContain('SouthAsianDesk');
    expect(all).not.toContain('Regional Security Landscape In Focus');
  });

  it('derives hashtags from categories, the map and repeated names', async () => {
    const summary = await summariser.summarise(article);
    expect(summary.hashtags[0]).toBe('Pakistan');
    expect(summary.hashtags).toEqual(expect.arrayContaining(['Turkiye', 'Defence', 'AsimMunir', 'SelcukBayraktaroglu']));
    expect(summary.hashtags).not.toContain('SouthAsianDesk');
  });

  it('is deterministic', async () => {
    expect(await summariser.summarise(article)).toEqual(await summariser.summarise(article));
  });
});

describe('extractive summariser on fixtures', () => {
  it('every fixture yields a sound summary', async () => {
    const names = readdirSync(fixturesDir).filter((n) => n.endsWith('.json'));
    expect(names.length).toBeGreaterThanOrEqual(4);
    for (const name of names) {
      const article = fixture(name);
      const summary = await summariser.summarise(article);
      expect(summary.sentences.length, name).toBeGreaterThan(0);
      expectSound(summary, article);
    }
  });

  it('Urdu: splits on ۔, drops the promo and read-more lines, maps Urdu phrases', async () => {
    const summary = await summariser.summarise(fixture('urdu-defence-talks.json'));
    const all = summary.sentences.join(' ');
    expect(all).toContain('عاصم منیر');
    expect(all).not.toContain('مزید پڑھیں');
    expect(all).not.toContain('فالو');
    expect(all).not.toContain('دفاعی تعاون کا پس منظر'); // heading
    expect(summary.hashtags).toContain('دفاعی_تعاون');
    expect(summary.hashtags).toContain('پاکستان');
  });

  it('quotes: keeps complete quotes, drops half quotations and the copyright line', async () => {
    const summary = await summariser.summarise(fixture('quotes-minister.json'));
    const all = summary.sentences.join(' ');
    expect(all).toContain('Aurangzeb');
    expect(all).toContain('“This budget protects the poorest households');
    expect(all).not.toContain('We will not accept it');
    expect(all).not.toContain('Not now, not ever');
    // The feed's hashtagMap comes first, then the editors' categories (#14).
    expect(summary.hashtags.slice(0, 3)).toEqual(['IMF', 'Economy', 'Budget2026']);
  });

  it('teaser only: summarises the teaser, entities decoded', async () => {
    const summary = await summariser.summarise(fixture('teaser-only.json'));
    expect(summary.sentences).toHaveLength(1);
    expect(summary.sentences[0]).toContain('Pakistan Meteorological Department');
    expect(summary.sentences[0]).toContain('48 hours & asked');
  });

  it('abbreviations and numbers: sentences stay whole, numbers intact', async () => {
    const summary = await summariser.summarise(fixture('abbreviations-numbers.json'));
    expect(summary.sentences[0]).toBe(
      'Gen. Asim Munir met U.S. officials in Washington on Monday to discuss counter-terrorism cooperation and regional security.',
    );
    const all = summary.sentences.join(' ');
    expect(all).toContain('Dr. A. Q. Rahman');
    expect(all).toContain('USD 1.5 billion');
    expect(all).not.toContain('appeared first on');
  });

  it('skips a lead that repeats the headline and a dangling opener', async () => {
    const article: Article = {
      key: 'k',
      feedId: 'f',
      title: 'Cabinet approves new energy policy',
      url: 'https://example.com/a',
      categories: [],
      text: 'The cabinet approves the new energy policy.\nIt was debated for hours. The federal cabinet on Monday approved a policy that cuts power tariffs for industry by 10 percent.',
      discoveredAt: '2026-01-01T00:00:00Z',
    };
    const summary = await summariser.summarise(article);
    expect(summary.sentences[0]).toBe('The federal cabinet on Monday approved a policy that cuts power tariffs for industry by 10 percent.');
  });

  it('falls back to a dangling sentence when nothing else is left, and to nothing for an empty article', async () => {
    const base = { key: 'k', feedId: 'f', url: 'https://example.com/a', categories: [], discoveredAt: '2026-01-01T00:00:00Z' };
    const dangling = await summariser.summarise({ ...base, title: 'Storm', text: 'It rained for six hours across the whole city.' });
    expect(dangling.sentences).toEqual(['It rained for six hours across the whole city.']);
    const empty = await summariser.summarise({ ...base, title: 'Storm', text: '' });
    expect(empty.sentences).toEqual([]);
  });

  it('a dangling opener never leads when a self-contained sentence exists', async () => {
    const summary = await summariser.summarise(fixture('dangling-lead.json'));
    expect(summary.sentences[0]).toMatch(/^The Senate of Pakistan on Thursday passed/);
    for (const list of Object.values(summary.budgets ?? {})) expect(startsDangling(list[0] ?? '')).toBe(false);
    // "It creates…" leans on the sentence before it, so it only follows that sentence.
    const it = summary.sentences.findIndex((s) => s.startsWith('It creates'));
    if (it !== -1) expect(summary.sentences[it - 1]).toMatch(/^The Senate of Pakistan/);
  });

  it('never repeats the headline, even when the body opens with it', async () => {
    const article = fixture('headline-repeat.json');
    const summary = await summariser.summarise(article);
    for (const list of [summary.sentences, ...Object.values(summary.budgets ?? {})]) {
      expect(list.map((s) => s.toLowerCase().replace(/\.$/, ''))).not.toContain(article.title.toLowerCase());
    }
    expect(summary.sentences[0]).toMatch(/^Nepal will export up to 10,000 megawatts/);
  });

  it('non-Latin scripts: Hindi, Bengali, Arabic and Chinese split into whole sentences and drop promo lines', async () => {
    const hindi = await summariser.summarise(fixture('hindi-monsoon.json'));
    expect(hindi.sentences[0]).toBe('भारतीय मौसम विभाग ने दिल्ली में अगले 48 घंटों के लिए भारी बारिश की चेतावनी जारी की है।');
    expect(hindi.sentences.join(' ')).not.toMatch(/यह भी पढ़ें|फॉलो/);
    const bengali = await summariser.summarise(fixture('bengali-cyclone.json'));
    expect(bengali.sentences.every((s) => s.endsWith('।'))).toBe(true);
    expect(bengali.sentences.join(' ')).not.toContain('আরও পড়ুন');
    const arabic = await summariser.summarise(fixture('arabic-summit.json'));
    expect(arabic.sentences[0]).toBe('اجتمع قادة دول مجلس التعاون الخليجي في الرياض يوم الأحد لبحث أمن إمدادات الطاقة.');
    const chinese = await summariser.summarise(fixture('chinese-trade.json'));
    expect(chinese.sentences[0]).toBe('中国和巴基斯坦周一在伊斯兰堡签署了三项新的合作协议。');
  });
});

describe('length budgets', () => {
  it('short, medium and long picks: the short lead fits an X post whole, long is `sentences`', async () => {
    const summary = await summariser.summarise({ ...fixture('cricket-decimals.json') });
    const budgets = summary.budgets ?? {};
    expect(budgets.long).toEqual(summary.sentences);
    const shortChars = (budgets.short ?? []).join(' ').length;
    expect(shortChars).toBeGreaterThan(0);
    expect(shortChars).toBeLessThanOrEqual(280 - 55 - summary.title.length);
    expect((budgets.medium ?? []).join(' ').length).toBeGreaterThanOrEqual(shortChars);
    expect((budgets.short ?? []).length).toBeLessThanOrEqual((budgets.medium ?? []).length);
  });
});

