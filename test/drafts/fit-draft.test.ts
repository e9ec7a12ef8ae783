import { describe, expect, it } from 'vitest';
import { graphemeLength, utf16Length } from '../../src/text/length-counters.js';
import { X_COPY, xWeightedLength } from '../../src/publishers/x/x-count.js';
import type { FormatInput } from '../../src/drafts/draft.js';
import { DraftTooLongError } from '../../src/drafts/draft-too-long-error.js';
import { fitDraft, HEADLINE_ONLY_NOTE } from '../../src/drafts/fit-draft.js';
import type { Summary } from '../../src/summaries/summary.js';

const URL = 'https://southasiandesk.com/pakistan-turkiye-defence-ties?utm_source=x&utm_medium=social&utm_campaign=crier';

function summary(over: Partial<Summary> = {}): Summary {
  return {
    articleKey: 'k',
    title: 'Asim Munir hosts Turkish army chief in Rawalpindi',
    url: URL,
    sentences: [
      'Pakistan and Turkiye reaffirmed their commitment to enhanced defence ties during a high-level military dialogue.',
      'The leaders discussed the regional security landscape and bilateral military ties.',
      'A guard of honour greeted the Turkish delegation upon arrival.',
    ],
    hashtags: ['Pakistan', 'Defence', 'SouthAsia', 'AsimMunir', 'MiddleEast', 'KAAN'],
    producedBy: 'extractive',
    ...over,
  };
}

function input(over: Partial<FormatInput> = {}): FormatInput {
  return {
    summary: summary(),
    url: URL,
    template: '{title}\n\n{summary}\n\n{url}\n{hashtags}',
    maxHashtags: 3,
    options: {},
    ...over,
  };
}

const graphemes = (limit: number) => ({ limit, count: graphemeLength });

describe('fitDraft', () => {
  it('keeps everything when it fits, and fills every field', () => {
    const draft = fitDraft(input({ imageUrl: 'https://example.com/i.jpg' }), { limit: 4096, count: utf16Length });
    expect(draft.text).toBe(
      [
        'Asim Munir hosts Turkish army chief in Rawalpindi',
        '',
        summary().sentences.join(' '),
        '',
        URL,
        '#SouthAsia #MiddleEast #KAAN',
      ].join('\n'),
    );
    expect(draft.length).toBe(draft.text.length);
    expect(draft.limit).toBe(4096);
    expect(draft.url).toBe(URL);
    expect(draft.title).toBe('Asim Munir hosts Turkish army chief in Rawalpindi');
    expect(draft.imageUrl).toBe('https://example.com/i.jpg');
    expect(draft.description.length).toBeLessThanOrEqual(300);
    expect(draft.description.startsWith('Pakistan and Turkiye reaffirmed')).toBe(true);
  });

  it('never adds a hashtag whose word is already in the text (Pakistan, Defence, AsimMunir)', () => {
    const draft = fitDraft(input(), { limit: 4096, count: utf16Length });
    expect(draft.hashtags).toEqual(['SouthAsia', 'MiddleEast', 'KAAN']);
    expect(draft.text).not.toMatch(/#Pakistan|#Defence|#AsimMunir/);
  });

  it('drops trailing sentences first', () => {
    const full = fitDraft(input(), { limit: 4096, count: utf16Length });
    const draft = fitDraft(input(), graphemes(full.length - 5));
    expect(draft.text).toContain(summary().sentences[1]);
    expect(draft.text).not.toContain(summary().sentences[2]);
    expect(draft.hashtags).toEqual(['SouthAsia', 'MiddleEast', 'KAAN']);
  });

  it('never cuts a sentence: when the only sentence does not fit whole, headline and link stand alone with a note (#14)', () => {
    const draft = fitDraft(input({ summary: summary({ sentences: [summary().sentences[0] ?? ''] }) }), graphemes(230));
    expect(draft.length).toBeLessThanOrEqual(230);
    expect(draft.text).not.toContain('…');
    expect(draft.text.startsWith('Asim Munir hosts Turkish army chief in Rawalpindi\n\n' + URL)).toBe(true);
    expect(draft.sentences).toEqual([]);
    expect(draft.note).toBe(HEADLINE_ONLY_NOTE);
  });

  it('drops hashtags from the end before dropping the sentence, and never cuts it (#14)', () => {
    const base = input({
      summary: summary({ sentences: ['Pakistan and Turkiye reaffirmed their commitment to defence ties.'], hashtags: ['SouthAsia', 'MiddleEast', 'KAAN'] }),
    });
    const full = fitDraft(base, { limit: 4096, count: graphemeLength });
    const draft = fitDraft(base, graphemes(full.length - 1));
    // A whole sentence reads better than one more tag...
    expect(draft.hashtags).toEqual(['SouthAsia', 'MiddleEast']);
    expect(draft.text).toContain('Pakistan and Turkiye reaffirmed their commitment to defence ties.');
    expect(draft.text).not.toContain('…');
    // ...and when even the sentence alone does not fit, it goes whole; the tags that fit come back.
    const title = 'Asim Munir hosts Turkish army chief in Rawalpindi';
    const tight = title.length + 2 + 'Pakistan and Turkiye reaffirmed their…'.length + 2 + URL.length + 1 + '#SouthAsia #MiddleEast'.length;
    const dropped = fitDraft(base, graphemes(tight));
    expect(dropped.text).not.toContain('Pakistan and Turkiye');
    expect(dropped.text).not.toContain('…');
    expect(dropped.hashtags).toEqual(['SouthAsia', 'MiddleEast', 'KAAN']);
    expect(dropped.note).toBe(HEADLINE_ONLY_NOTE);
  });

  it('then drops the summary, then shortens the title, never touching the URL', () => {
    const long = input({ summary: summary({ title: 'Field Marshal Asim Munir hosts the Chief of the Turkish General Staff at General Headquarters in Rawalpindi' }) });
    const limit = URL.length + 40;
    const draft = fitDraft(long, graphemes(limit));
    expect(draft.length).toBeLessThanOrEqual(limit);
    expect(draft.text).toContain(URL);
    expect(draft.hashtags).toEqual([]);
    const titleLine = draft.text.split('\n')[0] ?? '';
    expect(titleLine.endsWith('…')).toBe(true);
    expect(long.summary.title.startsWith(titleLine.slice(0, -1))).toBe(true);
    expect(long.summary.title[titleLine.length - 1]).toBe(' ');
    expect(draft.title).toBe(long.summary.title); // the card title stays whole
  });

  it('throws DraftTooLongError when even the URL does not fit', () => {
    try {
      fitDraft(input(), graphemes(20));
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(DraftTooLongError);
      expect((err as DraftTooLongError).length).toBe(URL.length);
      expect((err as DraftTooLongError).limit).toBe(20);
    }
  });

  it('collapses what empty placeholders leave behind', () => {
    const draft = fitDraft(
      input({ template: '{title} — {summary}\n\n\nBy {author}\n{category}\n\n{url} | {feed}\n{hashtags}', summary: summary({ sentences: [], hashtags: [] }) }),
      { limit: 500, count: graphemeLength },
    );
    expect(draft.text).toBe(`Asim Munir hosts Turkish army chief in Rawalpindi\n\n${URL}`);
  });

  it('fills {feed} {author} {category} {domain} and appends the URL when the template has none', () => {
    const draft = fitDraft(
      input({ template: '{title} ({domain}, {feed}, {author}, {category})', feedTitle: 'SouthAsianDesk', author: 'Staff', category: 'Defence' }),
      { limit: 500, count: graphemeLength },
    );
    expect(draft.text).toBe(`Asim Munir hosts Turkish army chief in Rawalpindi (southasiandesk.com, SouthAsianDesk, Staff, Defence)\n${URL}`);
  });

  it('drops an oversized byline before giving up, and before shortening the title', () => {
    const draft = fitDraft(input({ template: '{title} by {author}\n{url}', author: 'Staff '.repeat(60) }), graphemes(200));
    expect(draft.text).toBe(`Asim Munir hosts Turkish army chief in Rawalpindi\n${URL}`);
  });

  it('leaves the URL out when includeUrl is false', () => {
    const draft = fitDraft(input(), { limit: 500, count: graphemeLength, includeUrl: false });
    expect(draft.text).not.toContain('https://');
    expect(draft.url).toBe(URL);
  });

  it('does not expand placeholders that appear inside values', () => {
    const draft = fitDraft(input({ summary: summary({ title: 'Why {url} and {summary} matter' }) }), { limit: 4096, count: utf16Length });
    expect(draft.text.startsWith('Why {url} and {summary} matter')).toBe(true);
    expect(draft.text.split(URL)).toHaveLength(2);
  });

  it('uses a per-network variant when given, within the network sentence budget (X: one)', () => {
    const draft = fitDraft(input({ summary: summary({ variants: { x: 'A short variant. Second line.' } }) }), {
      limit: 280,
      count: xWeightedLength,
      network: 'x',
      copy: X_COPY,
    });
    expect(draft.text).toContain('A short variant.');
    expect(draft.text).not.toContain('Second line.');
    const two = fitDraft(input({ summary: summary({ variants: { x: 'A short variant. Second line.' } }), options: { sentences: 2 } }), { limit: 280, count: xWeightedLength, network: 'x', copy: X_COPY });
    expect(two.text).toContain('A short variant. Second line.');
  });

  it('never cuts CJK text either: a sentence too long for the post is left out whole', () => {
    const zh = '巴基斯坦和土耳其重申加强国防关系的承诺，双方讨论了地区安全形势和双边军事关系。';
    const draft = fitDraft(input({ summary: summary({ title: '国防合作', sentences: [zh], hashtags: [] }) }), {
      limit: 23 + 8 + 30,
      count: xWeightedLength,
    });
    expect(draft.length).toBeLessThanOrEqual(61);
    expect(draft.text).toBe(`国防合作\n\n${URL}`);
    const roomy = fitDraft(input({ summary: summary({ title: '国防合作', sentences: [zh], hashtags: [] }) }), { limit: 280, count: xWeightedLength });
    expect(roomy.text).toContain(zh);
  });

  it('respects maxHashtags and the hashtag prefix', () => {
    const draft = fitDraft(input({ maxHashtags: 1 }), { limit: 4096, count: utf16Length, hashtagPrefix: '＃' });
    expect(draft.hashtags).toEqual(['SouthAsia']);
    expect(draft.text).toContain('＃SouthAsia');
  });
});
